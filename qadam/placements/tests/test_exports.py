"""The placement lists as XLSX: rounds, a round's offers (with the page's filters), its
placements, an offer's trainees and applicants, contracts; exactly the rows each page shows
the user, headers in the request's language, no cell a formula, nothing out of sight."""

import re

import pytest

from qadam.common.tests.exporting import (
    column,
    export_cells,
    export_post,
    export_values,
    no_formula,
)
from qadam.placements import services
from qadam.placements.identity import applicant_number
from qadam.placements.models import Application, Placement, PlacementRound
from qadam.placements.tests.factories import OfferFactory, RoundFactory

FORMULA = '=HYPERLINK("http://evil.example","click")'
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def export(client_for, capture):
    """export(user, name, **params) -> the sheet's values, header first."""

    def run(user, name, **params):
        return export_values(client_for(user), capture, name, **params)

    return run


def refused(client_for, capture, user, name, **params):
    response, job = export_post(client_for(user), capture, name, **params)
    assert job is None
    return response.status_code


# --------------------------------------------------------------------------- rounds


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("ministry_admin", ["College A practice", "Draft round", "National"]),
        ("college_admin_b", ["Draft round", "National"]),
        ("student", ["College A practice", "National"]),  # no draft
        ("guidance_organiser", []),
    ],
)
def test_the_rounds_export_holds_the_rounds_the_page_lists(
    world, users, client_for, export, open_round, role, names
):
    open_round.round.name = "National"
    open_round.round.save()
    RoundFactory.create(name="College A practice", institution=world.college_a, status="open")
    RoundFactory.create(name="Draft round")
    page = client_for(users[role]).get("/placements/rounds/").content.decode()
    rows = export(users[role], "placements.rounds")
    assert sorted(column(rows, "round")) == names
    assert all(name in page for name in names)


def test_the_rounds_export_counts_offers_seats_and_applicants(world, users, export, open_round):
    services.application_rank_set(
        actor=users["student"],
        placement_round=open_round.round,
        offer_ids=[open_round.weld.pk, open_round.pipe.pk],
    )
    rows = export(users["ministry_admin"], "placements.rounds", language="ru")
    header = ["тур", "период", "охват", "статус", "предложения", "места", "претенденты"]
    assert rows[0][:7] == header and len(rows[0]) == 10  # then the name's three variants
    assert rows[1][2] == "республиканский" and rows[1][4:7] == [3, 4, 1]


# --------------------------------------------------------------------------- offers


@pytest.mark.parametrize(
    ("filters", "offers"),
    [
        ({}, ["weld", "pipe", "cafe"]),
        ({"kind": "targeted"}, ["pipe"]),
        ({"q": "Cook"}, ["cafe"]),
        ({"region": "REGION_B"}, ["pipe"]),
    ],
)
def test_the_offers_export_keeps_the_rounds_filters(
    world, users, client_for, export, open_round, filters, offers
):
    if "region" in filters:
        filters = {"region": world.region_b.pk}
    client = client_for(users["college_admin_a"])
    url = f"/placements/rounds/{open_round.round.pk}/"
    partial = client.get(url, filters, **HTMX).content.decode()
    shown = sorted(int(pk) for pk in re.findall(r'data-offer="(\d+)"', partial))
    rows = export(
        users["college_admin_a"], "placements.offers", round=open_round.round.pk, **filters
    )
    expected = sorted(getattr(open_round, name).pk for name in offers)
    assert sorted(column(rows, "#")) == shown == expected
    # the partial's own button carries the round and the filters
    form = re.search(r'<form[^>]*data-exporter="placements.offers".*?</form>', partial, re.S)
    assert f'name="round" value="{open_round.round.pk}"' in form.group(0)
    for key, value in filters.items():
        assert f'name="{key}" value="{value}"' in form.group(0)


def test_the_offers_export_is_translated_and_neutralises_titles(
    world, users, client_for, capture, open_round
):
    OfferFactory.create(round=open_round.round, enterprise=world.enterprise, title=FORMULA)
    cells = export_cells(
        client_for(users["enterprise_hr"]),
        capture,
        "placements.offers",
        language="ru",
        round=open_round.round.pk,
    )
    assert [c.value for c in cells[0]][:7] == [
        "#",
        "предложение",
        "предприятие",
        "тип",
        "регион",
        "места",
        "занято",
    ]
    assert len(cells[0]) == 10  # then the title's three variants
    assert "'" + FORMULA in [row[1].value for row in cells[1:]]
    kinds = {row[0].value: row[3].value for row in cells[1:]}
    assert kinds[open_round.pipe.pk] == "целевая подготовка с гарантированным трудоустройством"
    assert kinds[open_round.weld.pk] == "дуальное обучение"
    assert no_formula(cells)


def test_the_student_exports_the_offers_that_accept_their_specialty(
    world, users, export, open_round
):
    rows = export(users["student"], "placements.offers", round=open_round.round.pk, compatible=1)
    assert sorted(column(rows, "#")) == sorted([open_round.weld.pk, open_round.pipe.pk])


def test_offers_of_a_round_out_of_sight_are_404(world, users, client_for, capture):
    college_round = RoundFactory.create(institution=world.college_a, status="open")
    OfferFactory.create(round=college_round, enterprise=world.enterprise)
    user = users["college_admin_b"]
    assert refused(client_for, capture, user, "placements.offers", round=college_round.pk) == 404
    assert refused(client_for, capture, user, "placements.offers", round=10**9) == 404


@pytest.mark.parametrize(
    "params",
    [{}, {"round": "abc"}, {"round": "1", "kind": "bogus"}, {"round": "1", "compatible": "?"}],
)
def test_offers_without_a_valid_round_or_filter_are_400(world, users, client_for, capture, params):
    status = refused(client_for, capture, users["ministry_admin"], "placements.offers", **params)
    assert status == 400


# --------------------------------------------------------------------------- placements


@pytest.mark.parametrize(
    ("role", "students"),
    [
        ("ministry_admin", ["students_a0", "students_a2", "students_b0"]),
        ("college_admin_a", ["students_a0", "students_a2"]),
        ("college_admin_b", ["students_b0"]),
        ("analyst", []),
        ("student", ["students_a0"]),
        ("enterprise_hr", ["students_b0"]),  # the trainee at its own offer (weld)
    ],
)
def test_the_placements_export_holds_what_the_role_may_see(
    world, users, client_for, export, published, role, students
):
    people = {
        "students_a0": world.students_a[0],
        "students_a2": world.students_a[2],
        "students_b0": world.students_b[0],
    }
    url = f"/placements/rounds/{published.round.pk}/placements/"
    page = client_for(users[role]).get(url).content.decode()
    rows = export(users[role], "placements.placements", round=published.round.pk)
    assert sorted(column(rows, "student")) == sorted(people[key].full_name for key in students)
    # an enterprise gets no IIN before it accepts the trainee (ADR 0011): the page neither
    expected = [] if role == "enterprise_hr" else sorted(people[key].iin for key in students)
    assert sorted(iin for iin in column(rows, "IIN") if iin) == expected
    assert sorted(iin for iin in (s.iin for s in people.values()) if iin in page) == expected
    assert sorted(iin for iin in (s.iin for s in people.values()) if iin in cells_text(rows)) == (
        expected
    )


def cells_text(rows):
    return " ".join(str(value) for row in rows for value in row if value is not None)


def test_an_offers_trainees_export_holds_its_own_trainees(
    world, users, client_for, export, published, pipe_hr
):
    page = client_for(pipe_hr).get(f"/placements/offers/{published.pipe.pk}/").content.decode()
    assert 'data-exporter="placements.placements"' in page
    rows = export(pipe_hr, "placements.placements", offer=published.pipe.pk)
    trainees = [world.students_a[0], world.students_a[2]]
    assert sorted(column(rows, "student")) == sorted(s.full_name for s in trainees)
    assert all(number.startswith("A-") for number in column(rows, "applicant number"))
    assert set(column(rows, "offer")) == {published.pipe.title}
    assert not any(s.iin in cells_text(rows) for s in trainees)  # none accepted yet
    # weld's trainee is not pipe's to see
    assert column(export(pipe_hr, "placements.placements", offer=published.weld.pk), "IIN") == []


def test_an_accepted_trainees_iin_reaches_the_enterprise_and_no_other(
    world, users, client_for, export, published, pipe_hr
):
    accepted, pending = world.students_a[0], world.students_a[2]
    placement = Placement.objects.get(round=published.round, student=accepted)
    client_for(pipe_hr).post(f"/placements/placements/{placement.pk}/accept/")
    rows = export(pipe_hr, "placements.placements", offer=published.pipe.pk)
    assert dict(zip(column(rows, "student"), column(rows, "IIN"), strict=True)) == {
        accepted.full_name: accepted.iin,
        pending.full_name: None,
    }
    assert pending.iin not in cells_text(rows)
    page = client_for(pipe_hr).get(f"/placements/offers/{published.pipe.pk}/").content.decode()
    assert accepted.iin in page and pending.iin not in page


def test_placements_without_a_round_or_an_offer_are_400(world, users, client_for, capture):
    status = refused(client_for, capture, users["ministry_admin"], "placements.placements")
    assert status == 400


def test_a_draft_rounds_placements_are_404_to_a_student(world, users, client_for, capture):
    draft = RoundFactory.create(status=PlacementRound.Status.DRAFT)
    status = refused(client_for, capture, users["student"], "placements.placements", round=draft.pk)
    assert status == 404


# --------------------------------------------------------------------------- applicants


def test_the_offers_enterprise_exports_its_applicants(world, users, client_for, export, open_round):
    services.application_rank_set(
        actor=users["student"], placement_round=open_round.round, offer_ids=[open_round.weld.pk]
    )
    page = client_for(users["enterprise_hr"]).get(f"/placements/offers/{open_round.weld.pk}/")
    assert 'data-exporter="placements.applicants"' in page.content.decode()
    rows = export(users["enterprise_hr"], "placements.applicants", offer=open_round.weld.pk)
    assert rows[0][:3] == ["student", "applicant number", "IIN"]
    application = Application.objects.get(offer=open_round.weld, student=world.students_a[0])
    assert column(rows, "applicant number") == [applicant_number(application.pk)]
    assert column(rows, "student") == [world.students_a[0].full_name]
    assert column(rows, "their choice") == [None]  # not where they ranked it (ADR 0011)
    # the enterprise has not accepted anyone: no IIN in any cell (ADR 0011)
    assert column(rows, "IIN") == [None]
    assert world.students_a[0].iin not in cells_text(rows)
    ministry = export(users["ministry_admin"], "placements.applicants", offer=open_round.weld.pk)
    assert column(ministry, "IIN") == [world.students_a[0].iin]
    assert column(ministry, "their choice") == [1]


@pytest.mark.parametrize("role", ["analyst", "college_admin_b", "student"])
def test_others_cannot_export_an_offers_applicants(
    world, users, client_for, capture, open_round, role
):
    status = refused(
        client_for, capture, users[role], "placements.applicants", offer=open_round.weld.pk
    )
    assert status == 403
    page = client_for(users[role]).get(f"/placements/offers/{open_round.weld.pk}/")
    assert 'data-exporter="placements.applicants"' not in page.content.decode()


def test_another_enterprise_cannot_export_the_applicants(
    world, users, client_for, capture, open_round
):
    user = users["enterprise_hr"]  # world.enterprise: weld and cafe, not pipe
    assert (
        refused(client_for, capture, user, "placements.applicants", offer=open_round.pipe.pk) == 403
    )
    assert refused(client_for, capture, user, "placements.applicants", offer=10**9) == 404


# --------------------------------------------------------------------------- contracts


@pytest.mark.parametrize(
    ("role", "count"),
    [
        ("ministry_admin", 1),
        ("college_admin_a", 1),
        ("college_admin_b", 0),
        ("student", 1),
        ("enterprise_hr", 0),
        ("analyst", 0),
    ],
)
def test_the_contracts_export_holds_the_contracts_the_role_sees(
    world, users, client_for, export, published, pipe_hr, role, count
):
    placement = Placement.objects.get(student=world.students_a[0])
    client_for(pipe_hr).post(f"/placements/placements/{placement.pk}/accept/")
    page = client_for(users[role]).get("/placements/contracts/").content.decode()
    assert page.count("data-contract=") == count
    rows = export(users[role], "placements.contracts")
    assert len(rows) - 1 == count
    assert "IIN" not in rows[0]  # the page names the student, without the IIN
    if count:
        assert rows[1][0] == world.students_a[0].full_name
        assert rows[1][3] == published.pipe.position
