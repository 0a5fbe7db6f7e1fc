"""The register's and the charts' partner filters at national scale: the select lists the
chosen partner (all when few), a search fills it; mobility's figures cost the same queries
however many records and partners there are."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from qadam.agreements.models import Party
from qadam.agreements.selectors import PARTNERS_SHOWN
from qadam.agreements.tests.conftest import _agreement, outgoing_students
from qadam.registry.models import Institution
from qadam.registry.selectors import INSTITUTIONS_SHOWN
from qadam.registry.tests.factories import EnterpriseFactory, InstitutionFactory

PARTNERS = "/partnerships/partners/"


def enterprise_options(page: str) -> list[int]:
    found = re.search(r'<select name="enterprise".*?</select>', page, re.S)
    assert found is not None
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', found.group(0))]


def many_partners(count: int) -> list[int]:
    agreement = _agreement("MANY-1", "memorandum", "signed")
    enterprises = [EnterpriseFactory.create(name=f"ТОО «Партнёр {n}»") for n in range(count)]
    for enterprise in enterprises:
        Party.objects.create(
            agreement=agreement, kind="enterprise", role="partner", enterprise=enterprise
        )
    return [e.pk for e in enterprises]


def test_few_partners_are_all_listed(partnerships, users, client_for, world):
    for url in ("/partnerships/", "/partnerships/charts/"):
        page = client_for(users["ministry_admin"]).get(url).content.decode()
        assert enterprise_options(page) == [world.enterprise.pk]


def test_many_partners_list_only_the_chosen_one_and_the_search_finds_the_rest(
    partnerships, users, client_for, world
):
    ids = many_partners(PARTNERS_SHOWN + 5)
    client = client_for(users["ministry_admin"])
    assert enterprise_options(client.get("/partnerships/charts/").content.decode()) == []
    page = client.get(f"/partnerships/?enterprise={ids[7]}").content.decode()
    assert enterprise_options(page) == [ids[7]]
    assert f'<option value="{ids[7]}" selected>' in page

    # lower case finds the capitalised name (SQLite folds only ASCII by itself)
    found = client.get(PARTNERS, {"kind": "enterprise", "partner_search": "партнёр 12"})
    assert re.findall(r'<option value="(\d+)"', found.content.decode()) == [str(ids[12])]
    found = client.get(PARTNERS, {"kind": "enterprise", "partner_search": "тоо"})
    assert len(re.findall(r'<option value="\d+"', found.content.decode())) == PARTNERS_SHOWN
    assert "type more of the name" in found.content.decode()


def test_the_search_finds_only_partners_of_agreements_the_user_sees(
    partnerships, users, client_for, world
):
    many_partners(3)  # parties to an agreement of no college
    found = client_for(users["college_admin_b"]).get(
        PARTNERS, {"kind": "enterprise", "partner_search": "Партнёр"}
    )
    assert re.findall(r'<option value="(\d+)"', found.content.decode()) == []
    found = client_for(users["college_admin_b"]).get(
        PARTNERS, {"kind": "institution", "partner_search": world.college_b.name_ru}
    )
    assert re.findall(r'<option value="(\d+)"', found.content.decode()) == [str(world.college_b.pk)]


def test_the_filter_by_a_searched_partner_still_applies(partnerships, users, client_for, world):
    many_partners(PARTNERS_SHOWN + 5)
    page = client_for(users["ministry_admin"]).get(
        f"/partnerships/?enterprise={world.enterprise.pk}"
    )
    numbers = re.findall(r">(P-001|M-001|DD-001|MANY-1)<", page.content.decode())
    assert sorted(set(numbers)) == ["M-001", "P-001"]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_queries_do_not_grow_with_partners_or_records(
    partnerships, users, client_for, world
):
    client = client_for(users["ministry_admin"])
    urls = ["/partnerships/", "/partnerships/charts/", "/partnerships/mobility/"]
    before = [queries(client, url) for url in urls]
    many_partners(PARTNERS_SHOWN + 5)
    outgoing_students(world, 40, host_country="RU")
    outgoing_students(world, 10, host_country="TR", funding="program")
    after = [queries(client, url) for url in urls]
    assert all(a <= b for a, b in zip(after, before, strict=True)), (before, after)


INSTITUTIONS = "/partnerships/institutions/"


def institution_options(page: str, name: str) -> list[int]:
    found = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert found is not None
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', found.group(0))]


def test_the_agreement_and_mobility_forms_list_their_institutions_only_when_few(
    world, users, client_for
):
    """The three party rows and mobility's two institution selects listed all 900
    institutions (438 KB): beyond INSTITUTIONS_SHOWN they hold the chosen one and a search box
    fills them (htmx); the search finds only what the form accepts (no schools)."""
    college = users["college_admin_a"]
    client = client_for(college)
    few = institution_options(
        client.get("/partnerships/new/").content.decode(), "parties-0-institution"
    )
    assert college.institution_id in few
    many = InstitutionFactory.create_batch(INSTITUTIONS_SHOWN, region=world.region_a)
    school = InstitutionFactory(school=True, name_ru="Школа 1", region=world.region_a)
    page = client.get("/partnerships/new/").content.decode()
    assert institution_options(page, "parties-0-institution") == [college.institution_id]
    assert institution_options(page, "parties-1-institution") == []
    assert 'data-testid="search-parties-1-institution"' in page
    mobility = client_for(users["ministry_admin"]).get("/partnerships/mobility/new/")
    assert institution_options(mobility.content.decode(), "home_institution") == []

    chosen = {"field": "parties-1-institution", "parties-1-institution": many[3].pk}
    found = client.get(INSTITUTIONS, {**chosen, "q": "колледж 1"}).content.decode()
    listed = [int(pk) for pk in re.findall(r'<option value="(\d+)"', found)]
    assert many[3].pk in listed  # the chosen one stays, selected
    assert f'<option value="{many[3].pk}" selected>' in found
    assert all("1" in str(Institution.objects.get(pk=pk).name_ru) for pk in listed[1:])
    assert client.get(INSTITUTIONS, {"q": "школа"}).content.decode().count('<option value="') == 1
    assert school.pk not in listed
    everything = client.get(INSTITUTIONS, {"q": "колледж"}).content.decode()
    assert "type more of the name" in everything
