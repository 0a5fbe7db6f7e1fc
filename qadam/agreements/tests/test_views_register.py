"""Register pages per role: the list and its filters, the detail with its lifecycle buttons,
creating and editing, parties, PDF documents, the export button (the export itself:
test_exports.py), the charts page, and the pages in Russian and Kazakh. Out of scope is 404,
a forbidden change 403."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from qadam.agreements.models import Agreement, Document, Party

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def html(response):
    return response.content.decode()


def numbers(response):
    return sorted(re.findall(r'<tr data-number="([^"]+)"', html(response)))


# --------------------------------------------------------------------------- register


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("ministry_admin", ["DD-001", "M-001", "P-001"]),
        ("analyst", ["DD-001", "M-001", "P-001"]),
        ("college_admin_a", ["P-001"]),
        ("college_admin_b", ["M-001"]),
        ("university_admin", ["DD-001"]),
        ("enterprise_hr", ["M-001", "P-001"]),
        ("student", []),
    ],
)
def test_the_register_lists_what_each_role_may_see(partnerships, users, client_for, role, expected):
    response = client_for(users[role]).get("/partnerships/")
    assert response.status_code == 200
    assert numbers(response) == expected


def test_the_register_needs_a_login(partnerships, client_for):
    response = client_for(None).get("/partnerships/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=patronage", ["P-001"]),
        ("status=signed", ["M-001"]),
        ("country=RU", ["DD-001"]),
        ("q=DD", ["DD-001"]),
        ("region={region_b}", ["M-001"]),
        ("enterprise={enterprise}", ["M-001", "P-001"]),
        ("institution={college_a}", ["P-001"]),
        ("kind=patronage&status=signed", []),
        ("region=abc&kind=nonsense", ["DD-001", "M-001", "P-001"]),
    ],
)
def test_each_filter_of_the_register(partnerships, world, users, client_for, query, expected):
    query = query.format(
        region_b=world.region_b.pk, enterprise=world.enterprise.pk, college_a=world.college_a.pk
    )
    response = client_for(users["ministry_admin"]).get(f"/partnerships/?{query}")
    assert numbers(response) == expected


def test_the_register_counts_and_offers_its_filters(partnerships, users, client_for, world):
    page = html(client_for(users["ministry_admin"]).get("/partnerships/"))
    counts = re.search(r'data-testid="register-counts">(.*?)</section>', page, re.S).group(1)
    assert re.search(r'data-status="active"><div class="figure">2<', counts)
    assert '<option value="RU"' in page and ">Russia<" in page
    assert f'<option value="{world.enterprise.pk}"' in page
    assert 'href="/partnerships/new/"' in page
    assert 'action="/exports/agreements.register/"' in page


def test_htmx_gets_the_table_with_an_export_of_its_filters(partnerships, users, client_for):
    response = client_for(users["ministry_admin"]).get("/partnerships/?kind=memorandum", **HTMX)
    page = html(response)
    assert "<html" not in page
    assert numbers(response) == ["M-001"]
    export = re.search(r'data-testid="list-export"[^>]*>(.*?)</form>', page, re.S).group(1)
    assert '<input type="hidden" name="kind" value="memorandum">' in export
    assert 'href="/partnerships/charts/?kind=memorandum"' in page


def test_read_only_roles_get_no_create_button(partnerships, users, client_for):
    page = html(client_for(users["analyst"]).get("/partnerships/"))
    assert "/partnerships/new/" not in page


# --------------------------------------------------------------------------- detail


def party_link(party):
    try:
        if party.enterprise_id:
            return reverse("agreements:partner_profile", args=[party.enterprise_id])
        return reverse("agreements:college_profile", args=[party.institution_id])
    except NoReverseMatch:
        return None


def test_the_detail_shows_facts_parties_timeline_and_obligations(
    partnerships, users, client_for, world
):
    response = client_for(users["ministry_admin"]).get(
        f"/partnerships/{partnerships.patronage.pk}/"
    )
    page = html(response)
    assert response.status_code == 200
    assert 'data-status="active"' in page
    assert world.enterprise.name in page and world.college_a.name in page
    for party in partnerships.patronage.parties.all():
        link = party_link(party)
        if link:  # the profile pages are another part of the app
            assert f'href="{link}"' in page
    assert 'data-testid="timeline"' in page
    assert 'data-testid="obligations"' in page
    # it runs until 2027: it may be terminated, not marked as expired
    assert 'data-transition="terminated"' in page
    assert 'data-transition="expired"' not in page and 'data-transition="signed"' not in page


@pytest.mark.parametrize(
    ("role", "enterprise_page", "college_page"),
    [
        ("ministry_admin", "/partnerships/partners/{e}/", "/partnerships/colleges/{c}/"),
        ("college_admin_a", "/registry/enterprises/{e}/", "/partnerships/colleges/{c}/"),
        ("enterprise_hr", "/partnerships/partners/{e}/", "/registry/institutions/{c}/"),
    ],
)
def test_each_party_links_to_a_page_its_viewer_may_open(
    partnerships, users, client_for, world, role, enterprise_page, college_page
):
    """The partnership profile where the viewer may read it, else the registry's page:
    never a link that answers 404."""
    client = client_for(users[role])
    page = html(client.get(f"/partnerships/{partnerships.patronage.pk}/"))
    parties = page.split('data-testid="parties"')[1].split("</table>")[0]
    links = re.findall(r'href="([^"]+)"', parties)
    expected = [
        enterprise_page.format(e=world.enterprise.pk),
        college_page.format(c=world.college_a.pk),
    ]
    assert sorted(links) == sorted(expected)
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("role", ["analyst", "university_admin"])
def test_readers_get_no_buttons_and_strangers_a_404(partnerships, users, client_for, role):
    response = client_for(users[role]).get(f"/partnerships/{partnerships.double_diploma.pk}/")
    assert response.status_code == 200
    page = html(response)
    assert ("data-transition" in page) == (role == "university_admin")
    assert (
        client_for(users["college_admin_a"])
        .get(f"/partnerships/{partnerships.double_diploma.pk}/")
        .status_code
        == 404
    )


# --------------------------------------------------------------------------- transitions


def post_transition(client, agreement, **data):
    return client.post(f"/partnerships/{agreement.pk}/transition/", data, follow=True)


def test_a_transition_moves_the_agreement_and_says_so(partnerships, users, client_for):
    client = client_for(users["college_admin_b"])
    response = post_transition(client, partnerships.memorandum, to="active")
    partnerships.memorandum.refresh_from_db()
    assert partnerships.memorandum.status == "active"
    assert "The agreement is now active." in html(response)


def test_a_refused_transition_is_explained(partnerships, users, client_for):
    Agreement.objects.filter(pk=partnerships.double_diploma.pk).update(status="expired")
    client = client_for(users["university_admin"])
    page = html(post_transition(client, partnerships.double_diploma, to="active"))
    assert "An expired agreement cannot become active." in page


def test_termination_without_a_reason_is_refused(partnerships, users, client_for):
    client = client_for(users["enterprise_hr"])
    page = html(post_transition(client, partnerships.patronage, to="terminated", reason=""))
    assert "Give the reason for the termination." in page
    partnerships.patronage.refresh_from_db()
    assert partnerships.patronage.status == "active"
    page = html(post_transition(client, partnerships.patronage, to="terminated", reason="Closed"))
    assert 'data-testid="termination-reason">Closed<' in page


@pytest.mark.parametrize(("role", "status"), [("analyst", 403), ("college_admin_b", 404)])
def test_transitions_of_others_are_refused(partnerships, users, client_for, role, status):
    response = client_for(users[role]).post(
        f"/partnerships/{partnerships.patronage.pk}/transition/",
        {"to": "terminated", "reason": "x"},
    )
    assert response.status_code == status
    partnerships.patronage.refresh_from_db()
    assert partnerships.patronage.status == "active"


def test_a_transition_by_get_changes_nothing(partnerships, users, client_for):
    response = client_for(users["ministry_admin"]).get(
        f"/partnerships/{partnerships.memorandum.pk}/transition/?to=active"
    )
    assert response.status_code == 405


# --------------------------------------------------------------------------- create and edit


def party_rows(*rows, initial=0):
    data = {
        "parties-TOTAL_FORMS": str(len(rows)),
        "parties-INITIAL_FORMS": str(initial),
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        for key in ("kind", "role", "institution", "enterprise", "name", "country"):
            data[f"parties-{index}-{key}"] = row.get(key, "")
    return data


def agreement_data(**overrides):
    return {"number": "C-7", "kind": "memorandum", "title": "Welding memorandum", **overrides}


def test_a_college_registers_an_agreement_with_an_enterprise(world, users, client_for):
    client = client_for(users["college_admin_a"])
    page = html(client.get("/partnerships/new/"))
    assert f'<option value="{world.college_a.pk}" selected>' in page
    own = {"kind": "institution", "role": "partner", "institution": world.college_a.pk}
    company = {"kind": "enterprise", "role": "patron", "enterprise": world.enterprise.bin}
    blank: dict[str, str] = {}
    response = client.post(
        "/partnerships/new/", {**agreement_data(), **party_rows(own, company, blank, initial=1)}
    )
    agreement = Agreement.objects.get(number="C-7")
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{agreement.pk}/"
    assert agreement.status == "draft"
    assert sorted(agreement.parties.values_list("role", flat=True)) == ["partner", "patron"]


def test_the_ministry_registers_a_foreign_partnership(world, users, client_for):
    client = client_for(users["ministry_admin"])
    assert client.get("/partnerships/new/").status_code == 200
    rows = party_rows(
        {"kind": "institution", "role": "coordinator", "institution": world.university.pk},
        {"kind": "foreign_institution", "role": "partner", "name": "Politecnico", "country": "it"},
    )
    data = {**agreement_data(number="INT-1", kind="international"), **rows}
    assert client.post("/partnerships/new/", data).status_code == 302
    agreement = Agreement.objects.get(number="INT-1")
    assert sorted(agreement.parties.values_list("country", flat=True)) == ["IT", "KZ"]


def test_the_create_form_shows_errors_beside_fields(partnerships, world, users, client_for):
    client = client_for(users["college_admin_a"])
    other = {"kind": "institution", "role": "partner", "institution": world.college_b.pk}
    page = html(
        client.post("/partnerships/new/", {**agreement_data(), **party_rows(other, initial=1)})
    )
    assert "Your institution must be one of the parties." in page
    own = {"kind": "institution", "role": "partner", "institution": world.college_a.pk}
    page = html(
        client.post(
            "/partnerships/new/", {**agreement_data(number="P-001"), **party_rows(own, initial=1)}
        )
    )
    assert re.search(r'data-field="number"><li>An agreement with the number P-001', page)
    bad_bin = {"kind": "enterprise", "role": "patron", "enterprise": "000000000000"}
    page = html(
        client.post(
            "/partnerships/new/", {**agreement_data(), **party_rows(own, bad_bin, initial=1)}
        )
    )
    assert "No enterprise has this BIN." in page
    assert Agreement.objects.count() == 3


@pytest.mark.parametrize("role", ["analyst", "student"])
def test_read_only_roles_may_not_open_the_create_form(world, users, client_for, role):
    assert client_for(users[role]).get("/partnerships/new/").status_code == 403


def test_editing_a_signed_agreement(partnerships, users, client_for):
    client = client_for(users["college_admin_b"])
    url = f"/partnerships/{partnerships.memorandum.pk}/edit/"
    assert client.get(url).status_code == 200
    data = agreement_data(number="M-001", title="Memorandum, revised", ends_on="2027-06-30")
    response = client.post(url, data)
    assert response.status_code == 302
    partnerships.memorandum.refresh_from_db()
    assert partnerships.memorandum.title == "Memorandum, revised"
    assert partnerships.memorandum.ends_on == date(2027, 6, 30)


def test_an_active_agreements_number_is_locked_on_the_form(partnerships, users, client_for):
    client = client_for(users["ministry_admin"])
    url = f"/partnerships/{partnerships.patronage.pk}/edit/"
    page = html(client.get(url))
    assert re.search(r'name="number"[^>]*disabled', page)
    client.post(url, {"number": "HACKED", "kind": "patronage", "title": "New title"})
    partnerships.patronage.refresh_from_db()
    assert (partnerships.patronage.number, partnerships.patronage.title) == ("P-001", "New title")


@pytest.mark.parametrize(("role", "status"), [("analyst", 403), ("college_admin_a", 404)])
def test_others_may_not_edit(partnerships, users, client_for, role, status):
    url = f"/partnerships/{partnerships.memorandum.pk}/edit/"
    assert client_for(users[role]).get(url).status_code == status


def test_parties_are_added_and_removed_on_the_edit_page(partnerships, world, users, client_for):
    client = client_for(users["ministry_admin"])
    memorandum = partnerships.memorandum
    response = client.post(
        f"/partnerships/{memorandum.pk}/parties/",
        {
            "party-kind": "ministry",
            "party-role": "funder",
            "party-name": "Ministry of Enlightenment",
        },
    )
    assert response.status_code == 302
    party = memorandum.parties.get(kind="ministry")
    page = html(client.post(f"/partnerships/{memorandum.pk}/parties/", {"party-kind": "ministry"}))
    assert 'data-testid="party-form"' in page and "errorlist" in page
    response = client.post(f"/partnerships/{memorandum.pk}/parties/{party.pk}/remove/")
    assert response.status_code == 302
    assert not Party.objects.filter(pk=party.pk).exists()
    other = partnerships.patronage.parties.first()
    url = f"/partnerships/{memorandum.pk}/parties/{other.pk}/remove/"
    assert client.post(url).status_code == 404


# --------------------------------------------------------------------------- documents


def upload(client, agreement, name="contract.pdf", content=PDF, title=""):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        f"/partnerships/{agreement.pk}/documents/", {"title": title, "file": file}, follow=True
    )


def test_a_pdf_is_uploaded_and_downloaded_by_those_who_see_it(partnerships, users, client_for):
    client = client_for(users["enterprise_hr"])
    page = html(upload(client, partnerships.patronage, title="Signed copy"))
    document = Document.objects.get()
    assert "Signed copy" in page
    assert f'href="/partnerships/documents/{document.pk}/"' in page
    for role in ("enterprise_hr", "college_admin_a", "analyst", "ministry_admin"):
        download = client_for(users[role]).get(f"/partnerships/documents/{document.pk}/")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF
    for role in ("college_admin_b", "university_admin", "student"):
        response = client_for(users[role]).get(f"/partnerships/documents/{document.pk}/")
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"PK\x03\x04 a zip archive, renamed", "The file is not a PDF"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "the limit is 10 MB"),
        ("contract.docx", PDF, "Upload a PDF file"),
    ],
)
def test_an_upload_that_is_not_a_small_pdf_is_refused_beside_the_field(
    partnerships, users, client_for, name, content, message
):
    page = html(upload(client_for(users["ministry_admin"]), partnerships.patronage, name, content))
    assert re.search(rf'data-field="file"><li>[^<]*{message}', page)
    assert not Document.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("analyst", 403), ("college_admin_b", 404)])
def test_others_may_not_upload(partnerships, users, client_for, role, status):
    response = upload(client_for(users[role]), partnerships.patronage)
    assert response.status_code == status
    assert not Document.objects.exists()


# --------------------------------------------------------------------------- charts


def test_the_charts_page_draws_the_map_and_the_tables(partnerships, users, client_for):
    page = html(client_for(users["ministry_admin"]).get("/partnerships/charts/"))
    assert "plotly.min.js" in page
    assert 'id="country-map"' in page and '"locationmode"' not in page  # no outlines
    # Russia is a partner bubble, reached by a line from Kazakhstan (the hub, a star)
    assert '"text":["Russia"]' in page and '"symbol":"star"' in page
    by_country = re.search(r'data-testid="by-country">(.*?)</table>', page, re.S).group(1)
    assert re.search(
        r'data-country="RU"><td><a [^>]*>Russia</a></td><td class="num">1<', by_country
    )
    assert 'data-country="KZ"' in by_country
    assert 'data-kind="double_diploma"' in page


def test_the_charts_page_keeps_the_filters_and_copes_with_nothing(partnerships, users, client_for):
    page = html(client_for(users["ministry_admin"]).get("/partnerships/charts/?kind=memorandum"))
    assert 'data-kind="memorandum"' in page and 'data-kind="patronage"' not in page
    assert "country-map" not in page  # the memorandum has no party abroad
    page = html(client_for(users["student"]).get("/partnerships/charts/"))
    assert "plotly.min.js" not in page and "Nothing found." in page


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(("language", "apply"), [("ru", "Применить"), ("kk", "Қолдану")])
def test_the_register_renders_in_russian_and_kazakh(
    partnerships, users, client_for, language, apply
):
    client = client_for(users["ministry_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in ("/partnerships/", f"/partnerships/{partnerships.patronage.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in html(response)
    assert apply in html(client.get("/partnerships/"))
