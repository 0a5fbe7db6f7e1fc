"""The JSON API under /api/v1/placements/, through Django's test client with session login.

The round of `open_round` (see conftest.py): `weld` (1 seat, world.enterprise) and `pipe`
(2 seats, targeted, another enterprise) take the technical specialty; `cafe` (1 seat,
world.enterprise) the services one. Scores by grade average: students_a[0] (the student
user) 90.0, students_b[0] 80.0, students_a[2] 70.0.
"""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qadam.common.models import AuditEntry, Job
from qadam.placements import services
from qadam.placements.identity import applicant_number
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
    TrainingContract,
)
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.registry import services as registry_services
from qadam.registry.choices import StudentStatus
from qadam.registry.tests.factories import ROLES, UserFactory

BASE = "/api/v1/placements"


def send(client, method, path, payload=None):
    if method == "get":
        return client.get(f"{BASE}{path}", payload or {})
    return getattr(client, method)(
        f"{BASE}{path}", json.dumps(payload or {}, default=str), content_type="application/json"
    )


def offer_payload(world, **overrides):
    payload = {
        "title": "Turbine technician",
        "kind": "targeted",
        "specialties": [world.programs_a[0].specialty_id, world.programs_b[0].specialty_id],
        "region_id": world.region_a.pk,
        "address": "5 Energy Ave",
        "seats": 1,
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "position": "Turbine technician",
        "salary_min": 350000,
        "salary_max": 500000,
        "work_years": 3,
    }
    return {**payload, **overrides}


@pytest.fixture
def students(world, users):
    """Student users for students_a[0] (the `student` fixture user), students_a[2] and
    students_b[0], the three with the technical specialty, graded as in `open_round`."""
    for student, grade in (
        (world.students_a[0], "4.50"),
        (world.students_a[2], "3.50"),
        (world.students_b[0], "4.00"),
    ):
        student.grade_average = Decimal(grade)
        student.save()
    return {
        "a0": users["student"],
        "a2": UserFactory.student_user(world.students_a[2], username="student_a2"),
        "b0": UserFactory.student_user(world.students_b[0], username="student_b0"),
    }


@pytest.fixture
def pipe_hr(open_round):
    return UserFactory.enterprise_hr(open_round.pipe.enterprise, username="pipe_hr")


def rank(user, placement_round, *offers):
    services.application_rank_set(
        actor=user, placement_round=placement_round, offer_ids=[o.pk for o in offers]
    )


def graduate(users, student):
    """The college records the student's graduation in the registry."""
    registry_services.student_update(
        actor=users["ministry_admin"], student=student, status=StudentStatus.GRADUATED
    )


def after_graduation(student, signed_on, days=1):
    """A date `days` after both the student's expected graduation and the signing."""
    student.refresh_from_db()
    signed = date.fromisoformat(str(signed_on))
    return (max(student.expected_graduation_on, signed) + timedelta(days=days)).isoformat()


def match_over_api(client, placement_round, capture):
    with capture(execute=True):
        response = client.post(f"{BASE}/rounds/{placement_round.pk}/match")
    assert response.status_code == 202, response.content
    return response


@pytest.fixture
def published(open_round, students, users, client_for, django_capture_on_commit_callbacks):
    """The open round ranked, closed, matched and published: a0 gets weld (first choice),
    a2 loses weld to a0 and gets pipe, b0 gets pipe; cafe has no applicants."""
    rank(students["a0"], open_round.round, open_round.weld, open_round.pipe)
    rank(students["a2"], open_round.round, open_round.weld, open_round.pipe)
    rank(students["b0"], open_round.round, open_round.pipe)
    ministry = users["ministry_admin"]
    services.round_close(actor=ministry, placement_round=open_round.round)
    match_over_api(client_for(ministry), open_round.round, django_capture_on_commit_callbacks)
    services.round_publish(actor=ministry, placement_round=open_round.round)
    return open_round


# --------------------------------------------------------------------------- the lifecycle


def test_a_round_runs_from_draft_to_contract_over_the_api(
    world, users, students, client_for, django_capture_on_commit_callbacks
):
    ministry = client_for(users["ministry_admin"])
    hr = client_for(users["enterprise_hr"])

    response = send(
        ministry, "post", "/rounds", {"name": "Spring", "term": "2027", "lottery_seed": 3}
    )
    assert response.status_code == 201, response.content
    round_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert "lottery_seed" not in response.json()

    response = send(hr, "post", f"/rounds/{round_id}/offers", offer_payload(world))
    assert response.status_code == 201, response.content
    targeted = response.json()
    assert (targeted["enterprise_id"], targeted["kind"], targeted["seats"]) == (
        world.enterprise.pk,
        "targeted",
        1,
    )
    assert targeted["specialties"] == sorted(
        [world.programs_a[0].specialty_id, world.programs_b[0].specialty_id]
    )
    response = send(
        hr,
        "post",
        f"/rounds/{round_id}/offers",
        offer_payload(
            world,
            title="Fitter",
            kind="dual",
            seats=2,
            position="",
            salary_min=None,
            salary_max=None,
            work_years=None,
        ),
    )
    assert response.status_code == 201, response.content
    dual = response.json()

    assert send(ministry, "post", f"/rounds/{round_id}/open").json()["status"] == "open"

    for user, choices in (
        (students["a0"], [targeted["id"], dual["id"]]),
        (students["a2"], [targeted["id"], dual["id"]]),
        (students["b0"], [dual["id"]]),
    ):
        response = send(
            client_for(user), "put", f"/rounds/{round_id}/my-ranking", {"offers": choices}
        )
        assert response.status_code == 200, response.content
        assert [c["offer_id"] for c in response.json()] == choices
    body = send(ministry, "get", f"/rounds/{round_id}").json()
    assert body["counts"] == {"offers": 2, "seats": 3, "applications": 5, "applicants": 3}

    assert send(ministry, "post", f"/rounds/{round_id}/close").json()["status"] == "closed"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(ministry, "post", f"/rounds/{round_id}/match")
    assert response.status_code == 202
    job = response.json()
    assert (job["kind"], job["status"]) == ("placements.match", "queued")
    assert Job.objects.get(pk=job["id"]).status == Job.Status.SUCCEEDED
    assert send(ministry, "get", f"/rounds/{round_id}").json()["status"] == "matched"
    # not published yet: the student sees no placement
    assert (
        send(client_for(students["a2"]), "get", f"/rounds/{round_id}/my-placement").status_code
        == 404
    )
    assert send(ministry, "post", f"/rounds/{round_id}/publish").json()["status"] == "published"

    body = send(client_for(students["a2"]), "get", f"/rounds/{round_id}/my-placement").json()
    assert body == {
        "round_id": round_id,
        "status": "pending",
        "offer_id": dual["id"],
        "offer_title": "Fitter",
        "enterprise_name": world.enterprise.name,
        "rank": 2,
        "explanations": [
            {
                "offer_id": targeted["id"],
                "title": "Turbine technician",
                "rank": 1,
                "seats": 1,
                "cutoff": 90.0,
                "your_score": 70.0,
                "reason": "full",
                "message": f"Offer {targeted['id']} filled its 1 seat; the lowest admitted "
                "score was 90.0, yours was 70.0.",
            }
        ],
    }
    mine = send(client_for(students["a0"]), "get", f"/rounds/{round_id}/my-placement").json()
    assert (mine["offer_id"], mine["rank"], mine["explanations"]) == (targeted["id"], 1, [])

    placements = send(hr, "get", f"/rounds/{round_id}/placements").json()["items"]
    by_offer: dict[int, list[str]] = {}
    for item in placements:
        by_offer.setdefault(item["offer_id"], []).append(item["last_name"])
        # not accepted yet: the enterprise knows them by name and applicant number
        assert (item["student_id"], item["iin"]) == (None, None)
        assert item["applicant_number"].startswith("A-")
    assert by_offer == {
        targeted["id"]: [world.students_a[0].last_name],
        dual["id"]: [world.students_a[2].last_name, world.students_b[0].last_name],
    }
    placement_id = next(p["id"] for p in placements if p["offer_id"] == targeted["id"])
    response = send(hr, "post", f"/placements/{placement_id}/accept")
    assert response.status_code == 200, response.content
    accepted = response.json()
    assert accepted["status"] == "accepted"
    assert (accepted["student_id"], accepted["iin"]) == (
        world.students_a[0].pk,
        world.students_a[0].iin,
    )

    contracts = send(hr, "get", "/contracts").json()
    assert contracts["count"] == 1
    contract = contracts["items"][0]
    assert {
        k: contract[k]
        for k in (
            "placement_id",
            "student_id",
            "position",
            "salary_min",
            "salary_max",
            "work_years",
            "status",
        )
    } == {
        "placement_id": placement_id,
        "student_id": world.students_a[0].pk,
        "position": "Turbine technician",
        "salary_min": 350000,
        "salary_max": 500000,
        "work_years": 3,
        "status": "training",
    }
    on = after_graduation(world.students_a[0], contract["signed_on"])
    path = f"/contracts/{contract['id']}/advance"
    response = send(hr, "post", path, {"status": "employed", "on": on})
    assert response.status_code == 422  # the student is still studying
    graduate(users, world.students_a[0])
    response = send(hr, "post", path, {"status": "employed", "on": on})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["employed_on"]) == ("employed", on)
    assert (
        send(client_for(students["a0"]), "get", f"/contracts/{contract['id']}").json()["status"]
        == "employed"
    )


# --------------------------------------------------------------------------- who sees rounds


@pytest.fixture
def rounds(world, open_round):
    """The national open round, a national draft, an open round of college A and a draft
    one of college B."""
    return {
        "national_open": open_round.round,
        "national_draft": RoundFactory.create(),
        "college_a_open": RoundFactory.create(
            institution=world.college_a, status=PlacementRound.Status.OPEN
        ),
        "college_b_draft": RoundFactory.create(institution=world.college_b),
    }


ALL_ROUNDS = {"national_open", "national_draft", "college_a_open", "college_b_draft"}
VISIBLE_ROUNDS = {
    "ministry_admin": ALL_ROUNDS,
    "analyst": ALL_ROUNDS,
    "enterprise_hr": ALL_ROUNDS,
    "college_admin_a": {"national_open", "national_draft", "college_a_open"},
    "college_admin_b": {"national_open", "national_draft", "college_b_draft"},
    "university_admin": {"national_open", "national_draft"},
    "student": {"national_open", "college_a_open"},  # not drafts, not college B's
    "guidance_organiser": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_and_reads_exactly_its_rounds(users, rounds, client_for, role):
    client = client_for(users[role])
    expected = {rounds[name].pk for name in VISIBLE_ROUNDS[role]}
    body = send(client, "get", "/rounds").json()
    assert body["count"] == len(expected)
    assert {item["id"] for item in body["items"]} == expected
    for placement_round in rounds.values():
        response = send(client, "get", f"/rounds/{placement_round.pk}")
        if placement_round.pk in expected:
            assert response.json()["name"] == placement_round.name
        else:
            assert response.status_code == 404
            assert send(client, "get", f"/rounds/{placement_round.pk}/offers").status_code == 404


@pytest.mark.parametrize("role", ["guidance_organiser", "university_admin"])
def test_offers_of_an_invisible_round_are_404(users, rounds, client_for, role):
    offer = OfferFactory.create(round=rounds["college_a_open"])
    client = client_for(users[role])
    assert send(client, "get", f"/offers/{offer.pk}").status_code == 404
    response = send(client, "patch", f"/offers/{offer.pk}", {"title": "Mine now"})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.title != "Mine now"


def test_round_detail_counts_offers_seats_and_applications(users, students, open_round, client_for):
    rank(students["a0"], open_round.round, open_round.weld, open_round.pipe)
    rank(students["b0"], open_round.round, open_round.pipe)
    body = send(client_for(users["student"]), "get", f"/rounds/{open_round.round.pk}").json()
    assert body["counts"] == {"offers": 3, "seats": 4, "applications": 3, "applicants": 2}
    assert (body["status"], body["max_choices"], body["institution_id"]) == ("open", 20, None)


def test_missing_objects_are_404(world, users, client_for):
    client = client_for(users["ministry_admin"])
    for path in ("rounds", "offers", "contracts"):
        assert send(client, "get", f"/{path}/{10**9}").status_code == 404
    assert send(client, "post", f"/placements/{10**9}/accept").status_code == 404


# --------------------------------------------------------------------------- round actions


def test_college_admin_runs_their_own_college_round(world, users, client_for):
    client = client_for(users["college_admin_a"])
    payload = {"name": "College A spring", "term": "2027", "institution_id": world.college_a.pk}
    response = send(client, "post", "/rounds", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["institution_id"], body["status"]) == (world.college_a.pk, "draft")
    created = PlacementRound.objects.get(pk=body["id"])
    assert created.coordinator == users["college_admin_a"]
    entry = AuditEntry.objects.get(model="placements.PlacementRound", object_id=str(created.pk))
    assert entry.actor == users["college_admin_a"]


@pytest.mark.parametrize(
    ("role", "institution"),
    [
        ("college_admin_a", None),  # national rounds are the ministry's
        ("college_admin_a", "college_b"),
        ("enterprise_hr", None),
        ("analyst", None),
        ("student", None),
        ("guidance_organiser", "college_a"),
    ],
)
def test_creating_a_round_is_403_for_anyone_but_its_coordinator(
    world, users, client_for, role, institution
):
    payload = {"name": "Not mine", "term": "2027"}
    if institution:
        payload["institution_id"] = getattr(world, institution).pk
    response = send(client_for(users[role]), "post", "/rounds", payload)
    assert response.status_code == 403
    assert "coordinator" in response.json()["detail"]
    assert not PlacementRound.objects.exists()


@pytest.mark.parametrize("action", ["open", "close", "match", "publish"])
@pytest.mark.parametrize("role", ["college_admin_a", "enterprise_hr", "analyst", "student"])
def test_round_actions_are_403_for_those_who_only_see_the_round(
    users, open_round, client_for, role, action
):
    response = send(client_for(users[role]), "post", f"/rounds/{open_round.round.pk}/{action}")
    assert response.status_code == 403, response.content
    open_round.round.refresh_from_db()
    assert open_round.round.status == "open"
    assert PlacementRound.objects.count() == 1
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["college_admin_a", "enterprise_hr", "analyst", "student"])
def test_follow_up_is_403_for_those_who_only_see_the_round(users, published, client_for, role):
    path = f"/rounds/{published.round.pk}/follow-up"
    assert send(client_for(users[role]), "post", path).status_code == 403
    assert PlacementRound.objects.count() == 1


def test_round_action_in_the_wrong_state_is_400_saying_why(users, open_round, client_for):
    response = send(
        client_for(users["ministry_admin"]), "post", f"/rounds/{open_round.round.pk}/publish"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The round is open for applications; this needs it to be matched."
    )


def test_opening_a_round_without_offers_is_400(users, client_for):
    placement_round = RoundFactory.create()
    response = send(
        client_for(users["ministry_admin"]), "post", f"/rounds/{placement_round.pk}/open"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The round has no offers yet."
    placement_round.refresh_from_db()
    assert placement_round.status == "draft"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"institution_id": 10**9}, "institution"),
        ({"max_choices": 21}, "max_choices"),
        ({"max_choices": 0}, "max_choices"),
        ({"name": ""}, "name"),
    ],
)
def test_post_round_with_a_bad_field_is_422_naming_it(users, client_for, payload, field):
    body = {"name": "Spring", "term": "2027", **payload}
    response = send(client_for(users["ministry_admin"]), "post", "/rounds", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert field in response.json()["errors"]
    assert not PlacementRound.objects.exists()


def test_follow_up_round_is_a_job_and_carries_the_remaining_seats(
    users, published, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["ministry_admin"])
    with django_capture_on_commit_callbacks(execute=False) as worker:
        response = send(
            client, "post", f"/rounds/{published.round.pk}/follow-up", {"name": "Second"}
        )
    # answered at once: a queued job, no round yet
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["result_url"]) == (
        "placements.follow_up",
        "queued",
        "",
    )
    assert not PlacementRound.objects.filter(previous_round=published.round).exists()

    for run in worker:  # the worker runs the queued task
        run()
    follow_up = PlacementRound.objects.get(previous_round=published.round)
    job = Job.objects.get(pk=body["id"])
    assert (job.status, job.result_url) == (
        Job.Status.SUCCEEDED,
        f"/placements/rounds/{follow_up.pk}/",
    )
    round_body = send(client, "get", f"/rounds/{follow_up.pk}").json()
    assert (round_body["name"], round_body["status"], round_body["previous_round_id"]) == (
        "Second",
        "draft",
        published.round.pk,
    )
    offers = send(client, "get", f"/rounds/{follow_up.pk}/offers").json()["items"]
    # weld and pipe are full; cafe's one seat had no applicant
    assert [(o["source_offer_id"], o["seats"], o["title"]) for o in offers] == [
        (published.cafe.pk, 1, "Cook")
    ]
    assert offers[0]["specialties"] == sorted(s.pk for s in published.cafe.specialties.all())


def test_follow_up_without_a_body_takes_default_names(
    users, published, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["ministry_admin"]).generic(
            "POST", f"{BASE}/rounds/{published.round.pk}/follow-up"
        )
    assert response.status_code == 202, response.content
    follow_up = PlacementRound.objects.get(previous_round=published.round)
    # named in every language, each from the previous round's name in it
    assert follow_up.name_en == f"{published.round.name}: second round"
    assert follow_up.name == f"{published.round.name}: второй тур"


def test_a_second_follow_up_while_one_is_under_way_is_400(
    users, published, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["ministry_admin"])
    path = f"/rounds/{published.round.pk}/follow-up"
    with django_capture_on_commit_callbacks(execute=False):
        assert send(client, "post", path).status_code == 202
        again = send(client, "post", path)
    assert again.status_code == 400
    assert again.json()["detail"] == "A second round of this round is already being created."
    assert Job.objects.filter(kind="placements.follow_up").count() == 1


# --------------------------------------------------------------------------- the match


def test_match_runs_as_a_job_and_fills_the_offers(
    users, students, open_round, client_for, django_capture_on_commit_callbacks
):
    rank(students["a0"], open_round.round, open_round.weld)
    rank(students["a2"], open_round.round, open_round.weld, open_round.pipe)
    ministry = users["ministry_admin"]
    services.round_close(actor=ministry, placement_round=open_round.round)
    body = match_over_api(
        client_for(ministry), open_round.round, django_capture_on_commit_callbacks
    ).json()
    job = Job.objects.get(pk=body["id"])
    assert (job.owner, job.status, job.message) == (ministry, Job.Status.SUCCEEDED, "2 / 2")
    open_round.round.refresh_from_db()
    assert (open_round.round.status, open_round.round.job_id) == ("matched", job.pk)
    assert dict(Placement.objects.values_list("student_id", "offer_id")) == {
        students["a0"].student_id: open_round.weld.pk,
        students["a2"].student_id: open_round.pipe.pk,
    }


def test_match_of_an_open_round_is_400_and_queues_nothing(users, open_round, client_for):
    response = send(
        client_for(users["ministry_admin"]), "post", f"/rounds/{open_round.round.pk}/match"
    )
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]
    assert not Job.objects.exists()


def test_match_results_on_offers_are_hidden_until_published(
    users, students, open_round, client_for, django_capture_on_commit_callbacks
):
    rank(students["a0"], open_round.round, open_round.weld)
    ministry = users["ministry_admin"]
    services.round_close(actor=ministry, placement_round=open_round.round)
    match_over_api(client_for(ministry), open_round.round, django_capture_on_commit_callbacks)
    path = f"/offers/{open_round.weld.pk}"
    student = client_for(users["student"])
    assert (
        send(student, "get", path).json()["filled"],
        send(student, "get", path).json()["cutoff"],
    ) == (None, None)
    services.round_publish(actor=ministry, placement_round=open_round.round)
    body = send(student, "get", path).json()
    assert (body["filled"], body["cutoff"]) == (1, 90.0)


# --------------------------------------------------------------------------- statistics


# an analyst's figures are masked: test_small_counts.py
@pytest.mark.parametrize("role", ["ministry_admin", "college_admin_a"])
def test_statistics_of_a_matched_round_for_roles_with_aggregates(
    world, users, published, client_for, role
):
    body = send(client_for(users[role]), "get", f"/rounds/{published.round.pk}/statistics").json()
    assert {k: body[k] for k in ("applicants", "applications", "placed", "first_choice")} == {
        "applicants": 3,
        "applications": 5,
        "placed": 3,
        "first_choice": 2,  # a0 got weld and b0 pipe; a2 got their second choice
    }
    assert (body["offers"], body["seats"], body["filled"], body["blocking_pairs"]) == (3, 4, 3, 0)
    by_kind = {row["kind"]: (row["offers"], row["seats"], row["filled"]) for row in body["by_kind"]}
    assert by_kind == {"dual": (2, 2, 1), "targeted": (1, 2, 2)}
    regions = {row["region_id"]: row for row in body["by_region"]}
    assert regions[world.region_a.pk]["label"] == "Alpha Region"  # the request's language
    assert regions[world.region_a.pk]["applicants"] == 1  # a0; a2 lives in region B


@pytest.mark.parametrize("role", ["enterprise_hr", "student"])
def test_statistics_are_empty_for_roles_without_aggregates(users, published, client_for, role):
    response = send(client_for(users[role]), "get", f"/rounds/{published.round.pk}/statistics")
    assert response.status_code == 200
    assert response.json() == {}


def test_statistics_are_empty_before_the_match(users, open_round, client_for):
    path = f"/rounds/{open_round.round.pk}/statistics"
    assert send(client_for(users["ministry_admin"]), "get", path).json() == {}


def test_statistics_of_an_invisible_round_are_404(users, open_round, client_for):
    path = f"/rounds/{open_round.round.pk}/statistics"
    assert send(client_for(users["guidance_organiser"]), "get", path).status_code == 404


# --------------------------------------------------------------------------- offers


def test_offer_list_filters(world, users, open_round, client_for):
    client = client_for(users["student"])
    path = f"/rounds/{open_round.round.pk}/offers"
    o = open_round

    def ids(**query):
        return [item["id"] for item in send(client, "get", path, query).json()["items"]]

    assert ids() == [o.weld.pk, o.pipe.pk, o.cafe.pk]
    assert ids(q="pipeline") == [o.pipe.pk]
    assert ids(q=world.enterprise.name) == [o.weld.pk, o.cafe.pk]
    assert ids(region=world.region_b.pk) == [o.pipe.pk]
    assert ids(specialty=world.programs_a[1].specialty_id) == [o.cafe.pk]
    assert ids(kind="targeted") == [o.pipe.pk]
    assert ids(compatible="true") == [o.weld.pk, o.pipe.pk]  # the student's technical specialty
    assert send(client, "get", path, {"region": "99999999999999999999"}).status_code == 422


def test_offer_detail_reports_what_the_offer_holds(world, open_round, users, client_for):
    body = send(client_for(users["student"]), "get", f"/offers/{open_round.pipe.pk}").json()
    assert {k: body[k] for k in body if k not in ("id", "enterprise_id", "enterprise_name")} == {
        "round_id": open_round.round.pk,
        "title": "Pipeline operator",
        "title_kk": "",
        "title_ru": "Pipeline operator",
        "title_en": "",
        "kind": "targeted",
        "specialties": sorted([world.programs_a[0].specialty_id, world.programs_b[0].specialty_id]),
        "occupation_id": None,
        "region_id": world.region_b.pk,
        "address": "1 Industrial St",
        "seats": 2,
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "mentors": "",
        "scoring_rule": "grades",
        "weight_grades": 0,
        "weight_fit": 0,
        "weight_distance": 0,
        "weight_test": 0,
        "position": "Operator",
        "salary_min": 300000,
        "salary_max": 450000,
        "work_years": 3,
        "source_offer_id": None,
        "filled": None,
        "cutoff": None,
    }
    assert body["enterprise_name"] == open_round.pipe.enterprise.name


def test_enterprise_hr_posts_an_offer_for_their_enterprise(world, users, open_round, client_for):
    response = send(
        client_for(users["enterprise_hr"]),
        "post",
        f"/rounds/{open_round.round.pk}/offers",
        offer_payload(world),
    )
    assert response.status_code == 201, response.content
    offer = Offer.objects.get(pk=response.json()["id"])
    assert (offer.enterprise, offer.round, offer.salary_max) == (
        world.enterprise,
        open_round.round,
        500000,
    )


@pytest.mark.parametrize("role", ["student", "college_admin_a", "analyst"])
def test_posting_an_offer_is_403_for_other_roles(world, users, open_round, client_for, role):
    payload = offer_payload(world, enterprise_id=world.enterprise.pk)
    response = send(
        client_for(users[role]), "post", f"/rounds/{open_round.round.pk}/offers", payload
    )
    assert response.status_code == 403
    assert Offer.objects.count() == 3


def test_ministry_names_the_enterprise_of_an_offer(world, users, open_round, client_for):
    client = client_for(users["ministry_admin"])
    path = f"/rounds/{open_round.round.pk}/offers"
    response = send(client, "post", path, offer_payload(world))
    assert response.status_code == 422
    assert response.json()["detail"] == "enterprise: Name the enterprise the offer is from."
    payload = offer_payload(world, enterprise_id=open_round.pipe.enterprise_id)
    response = send(client, "post", path, payload)
    assert response.status_code == 201
    assert response.json()["enterprise_id"] == open_round.pipe.enterprise_id


def test_enterprise_hr_cannot_post_for_another_enterprise(world, users, open_round, client_for):
    payload = offer_payload(world, enterprise_id=open_round.pipe.enterprise_id)
    response = send(
        client_for(users["enterprise_hr"]), "post", f"/rounds/{open_round.round.pk}/offers", payload
    )
    assert response.status_code == 403
    assert Offer.objects.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2027-01-01"}, "ends_on"),
        ({"position": ""}, "position"),
        ({"scoring_rule": "weighted", "weight_grades": 60, "weight_fit": 30}, "weight_grades"),
        ({"specialties": []}, "specialties"),
        ({"specialties": [10**9]}, "specialties"),
        ({"region_id": 10**9}, "region"),
        ({"seats": 0}, "seats"),
        ({"kind": "apprenticeship"}, "kind"),
    ],
)
def test_post_offer_with_a_bad_field_is_422_naming_it(
    world, users, open_round, client_for, overrides, field
):
    payload = offer_payload(world, **overrides)
    response = send(
        client_for(users["enterprise_hr"]), "post", f"/rounds/{open_round.round.pk}/offers", payload
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"].startswith(f"{field}:")
    assert field in body["errors"]
    assert Offer.objects.count() == 3


def test_patch_offer_changes_seats_and_specialties(world, users, open_round, client_for):
    weld = open_round.weld
    response = send(
        client_for(users["enterprise_hr"]),
        "patch",
        f"/offers/{weld.pk}",
        {"seats": 3, "specialties": [world.programs_a[0].specialty_id]},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["seats"], response.json()["specialties"]) == (
        3,
        [world.programs_a[0].specialty_id],
    )
    weld.refresh_from_db()
    assert weld.seats == 3
    entry = AuditEntry.objects.get(model="placements.Offer", object_id=str(weld.pk))
    assert entry.changes["seats"] == [1, 3]


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"seats": 1_001}, "seats: Must be from 1 to 1000."),
        ({"salary_max": 10_000_001}, "salary_max: Must be from 0 to 10000000."),
        ({"work_years": 6}, "work_years: Must be from 1 to 5."),
        ({"weight_test": 101}, "weight_test: Must be from 0 to 100."),
    ],
)
def test_an_offer_out_of_range_is_422_with_the_rules_message(
    world, users, open_round, client_for, overrides, detail
):
    """Posted or patched, the API says what the service and the page say."""
    client = client_for(users["enterprise_hr"])
    path = f"/rounds/{open_round.round.pk}/offers"
    response = send(client, "post", path, offer_payload(world, **overrides))
    assert (response.status_code, response.json()["detail"]) == (422, detail)
    response = send(client, "patch", f"/offers/{open_round.weld.pk}", overrides)
    assert (response.status_code, response.json()["detail"]) == (422, detail)
    assert Offer.objects.count() == 3
    open_round.weld.refresh_from_db()
    assert (open_round.weld.seats, open_round.weld.work_years) == (1, None)


def test_patch_offer_of_another_enterprise_is_403(users, open_round, client_for):
    response = send(
        client_for(users["enterprise_hr"]), "patch", f"/offers/{open_round.pipe.pk}", {"seats": 9}
    )
    assert response.status_code == 403
    open_round.pipe.refresh_from_db()
    assert open_round.pipe.seats == 2


def test_patch_offer_with_bad_dates_is_422_and_changes_nothing(users, open_round, client_for):
    response = send(
        client_for(users["enterprise_hr"]),
        "patch",
        f"/offers/{open_round.weld.pk}",
        {"title": "Renamed", "ends_on": "2026-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("ends_on:")
    open_round.weld.refresh_from_db()
    assert open_round.weld.title != "Renamed"


def test_patch_offer_after_the_round_closed_is_400(users, open_round, client_for):
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    response = send(
        client_for(users["enterprise_hr"]), "patch", f"/offers/{open_round.weld.pk}", {"seats": 5}
    )
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


# --------------------------------------------------------------------------- rankings


def test_student_sets_reads_and_replaces_their_ranking(users, open_round, client_for):
    client = client_for(users["student"])
    path = f"/rounds/{open_round.round.pk}/my-ranking"
    assert send(client, "get", path).json() == []
    response = send(client, "put", path, {"offers": [open_round.pipe.pk, open_round.weld.pk]})
    assert response.status_code == 200, response.content
    assert [(c["rank"], c["offer_id"]) for c in response.json()] == [
        (1, open_round.pipe.pk),
        (2, open_round.weld.pk),
    ]
    send(client, "put", path, {"offers": [open_round.weld.pk]})
    body = send(client, "get", path).json()
    assert body == [
        {
            "rank": 1,
            "offer_id": open_round.weld.pk,
            "title": open_round.weld.title,
            "enterprise_name": open_round.weld.enterprise.name,
            "kind": "dual",
            "region_id": open_round.weld.region_id,
        }
    ]
    assert list(Application.objects.values_list("offer_id", flat=True)) == [open_round.weld.pk]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (["weld", "cafe"], "Choice 2 (offer #{cafe} «Cook»): it does not accept your specialty."),
        (["weld", "weld"], "Choice 2 (offer #{weld} «{weld_title}»): it is already on your list."),
        (["missing"], "Choice 1 (offer #{missing}): there is no such offer in this round."),
    ],
)
def test_a_bad_choice_is_422_naming_the_choice_and_the_offer(
    users, open_round, client_for, choices, message
):
    ids = {
        "weld": open_round.weld.pk,
        "cafe": open_round.cafe.pk,
        "missing": 10**9,
        "weld_title": open_round.weld.title,
    }
    client = client_for(users["student"])
    path = f"/rounds/{open_round.round.pk}/my-ranking"
    send(client, "put", path, {"offers": [open_round.pipe.pk]})
    response = send(client, "put", path, {"offers": [ids[name] for name in choices]})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "offers: " + message.format(**ids)
    assert body["errors"] == {"offers": [message.format(**ids)]}
    assert list(Application.objects.values_list("offer_id", flat=True)) == [open_round.pipe.pk]


def test_ranking_more_offers_than_allowed_is_422(users, open_round, client_for):
    PlacementRound.objects.filter(pk=open_round.round.pk).update(max_choices=1)
    response = send(
        client_for(users["student"]),
        "put",
        f"/rounds/{open_round.round.pk}/my-ranking",
        {"offers": [open_round.weld.pk, open_round.pipe.pk]},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "offers: You may rank at most 1 offers."


def test_ranking_a_non_list_is_422(users, open_round, client_for):
    path = f"/rounds/{open_round.round.pk}/my-ranking"
    response = send(client_for(users["student"]), "put", path, {"offers": "weld"})
    assert response.status_code == 422
    assert not Application.objects.exists()


@pytest.mark.parametrize("role", ["ministry_admin", "enterprise_hr", "college_admin_a"])
def test_only_students_rank_offers(users, open_round, client_for, role):
    client = client_for(users[role])
    path = f"/rounds/{open_round.round.pk}/my-ranking"
    response = send(client, "put", path, {"offers": [open_round.weld.pk]})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only a student may apply."
    assert send(client, "get", path).json() == []
    assert not Application.objects.exists()


def test_ranking_in_a_closed_round_is_400(users, open_round, client_for):
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    response = send(
        client_for(users["student"]),
        "put",
        f"/rounds/{open_round.round.pk}/my-ranking",
        {"offers": [open_round.weld.pk]},
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_ranking_in_another_colleges_round_is_404(world, users, client_for):
    college_b_round = RoundFactory.create(
        institution=world.college_b, status=PlacementRound.Status.OPEN
    )
    offer = OfferFactory.create(round=college_b_round, specialties=[world.programs_a[0].specialty])
    response = send(
        client_for(users["student"]),
        "put",
        f"/rounds/{college_b_round.pk}/my-ranking",
        {"offers": [offer.pk]},
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


# --------------------------------------------------------------------------- assessments


@pytest.fixture
def applied(open_round, students):
    """a0 and a2 rank weld; b0 ranks pipe."""
    rank(students["a0"], open_round.round, open_round.weld)
    rank(students["a2"], open_round.round, open_round.weld, open_round.pipe)
    rank(students["b0"], open_round.round, open_round.pipe)
    return open_round


def number(offer, student):
    """The applicant number the enterprise knows `student`'s application to `offer` by."""
    return applicant_number(Application.objects.get(offer=offer, student=student).pk)


def test_enterprise_sees_who_applied_to_its_offer_without_their_iin(
    world, users, applied, client_for
):
    response = send(
        client_for(users["enterprise_hr"]), "get", f"/offers/{applied.weld.pk}/applicants"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    a0, a2 = world.students_a[0], world.students_a[2]
    assert [
        (i["last_name"], i["applicant_number"], i["rank"], i["grade_average"]) for i in items
    ] == [
        # nor where they ranked the offer: an enterprise could favour those who put it first
        ("Абаев", number(applied.weld, a0), None, 4.5),
        ("Абдиев", number(applied.weld, a2), None, 3.5),
    ]
    assert [(i["iin"], i["student_id"]) for i in items] == [(None, None), (None, None)]
    assert a0.iin not in response.content.decode() and a2.iin not in response.content.decode()
    assert items[0]["specialty_id"] == world.programs_a[0].specialty_id


def test_the_ministry_sees_applicants_iins(world, users, applied, client_for):
    response = send(
        client_for(users["ministry_admin"]), "get", f"/offers/{applied.weld.pk}/applicants"
    )
    items = response.json()["items"]
    assert [i["iin"] for i in items] == [world.students_a[0].iin, world.students_a[2].iin]
    assert [i["rank"] for i in items] == [1, 1]


@pytest.mark.parametrize("role", ["college_admin_a", "analyst", "student"])
def test_applicants_are_403_to_others(users, applied, client_for, role):
    response = send(client_for(users[role]), "get", f"/offers/{applied.weld.pk}/applicants")
    assert response.status_code == 403


def test_applicants_of_another_enterprises_offer_are_403(users, applied, client_for):
    response = send(
        client_for(users["enterprise_hr"]), "get", f"/offers/{applied.pipe.pk}/applicants"
    )
    assert response.status_code == 403
    ministry = send(
        client_for(users["ministry_admin"]), "get", f"/offers/{applied.pipe.pk}/applicants"
    )
    assert ministry.json()["count"] == 2


def scores(offer):
    return dict(offer.applications.values_list("student__iin", "test_score"))


def test_assessments_upload_as_a_csv_body(world, users, applied, client_for):
    a0, a2 = world.students_a[0], world.students_a[2]
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments?column=test_score",
        f"applicant_number,test_score\n{number(applied.weld, a0)},81.5\n"
        f'{number(applied.weld, a2)},"64,5"\n',
        content_type="text/csv",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"column": "test_score", "rows": 2}
    assert scores(applied.weld) == {a0.iin: 81.5, a2.iin: 64.5}


def test_assessments_upload_as_a_multipart_file(world, users, applied, client_for):
    a0, a2 = world.students_a[0], world.students_a[2]
    # as a spreadsheet may save it: lower case, without the dash, spaces around the header
    lines = f"\ufeff applicant_number ,enterprise_rank\n{number(applied.weld, a2)},1\n"
    lines += number(applied.weld, a0).lower().replace("-", "") + ",2\n"
    upload = SimpleUploadedFile("ranking.csv", lines.encode(), "text/csv")
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments",
        {"file": upload, "column": "enterprise_rank"},
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"column": "enterprise_rank", "rows": 2}
    ranks = dict(applied.weld.applications.values_list("student__iin", "enterprise_rank"))
    assert ranks == {a0.iin: 2, a2.iin: 1}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "{a0},90\n{a2},150\n",
            "file: Row 3: test_score must be a number from 0 to 100, not '150'.",
        ),
        (
            "{a0},90\n{b0},50\n",
            "file: Row 3, column applicant_number: {b0} has not applied to this offer.",
        ),
        ("{a0},90\n{a0},50\n", "file: Row 3, column applicant_number: {a0} appears twice."),
        (
            "{a0},90\n123,50\n",
            "file: Row 3, column applicant_number: '123' is not an applicant number "
            "(like A-000123).",
        ),
        (
            "{a0},90\n{iin},50\n",
            "file: Row 3, column applicant_number: this is an IIN; give the applicant number "
            "instead.",
        ),
    ],
)
def test_a_bad_assessment_row_is_422_and_changes_nothing(
    world, users, applied, client_for, rows, message
):
    b0 = world.students_b[0]
    numbers = {
        "a0": number(applied.weld, world.students_a[0]),
        "a2": number(applied.weld, world.students_a[2]),
        "b0": number(applied.pipe, b0),  # applied, but to another enterprise's offer
        "iin": world.students_a[0].iin,
    }
    Application.objects.filter(offer=applied.weld).update(test_score=40)
    before = PlacementRound.objects.get(pk=applied.round.pk).inputs_version
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments?column=test_score",
        "applicant_number,test_score\n" + rows.format(**numbers),
        content_type="text/csv",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == message.format(**numbers)
    assert b0.iin not in response.content.decode()
    assert scores(applied.weld) == {world.students_a[0].iin: 40.0, world.students_a[2].iin: 40.0}
    assert PlacementRound.objects.get(pk=applied.round.pk).inputs_version == before


@pytest.mark.parametrize(
    ("column", "body", "detail"),
    [
        ("grade", "applicant_number,grade\n", "column: Unknown assessment grade."),
        ("", "applicant_number,test_score\n", "column: Unknown assessment ."),
        (
            "test_score",
            "applicant_number;test_score\n",
            "file: The file needs the columns applicant_number and test_score.",
        ),
        (
            "test_score",
            "IIN,test_score\n",
            "file: Row 1, column IIN: applicants are named by applicant number, not by IIN. "
            "Replace the column with applicant_number from the applicants' export "
            "(like A-000123).",
        ),
    ],
)
def test_assessments_need_a_known_column_and_header(
    users, applied, client_for, column, body, detail
):
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments?column={column}",
        body,
        content_type="text/csv",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == detail


def test_an_iin_keyed_file_is_refused_naming_row_and_column(world, users, applied, client_for):
    """The file of before applicant numbers: refused whole, nothing loaded."""
    a0 = world.students_a[0]
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments?column=test_score",
        f"iin,test_score\n{a0.iin},90\n",
        content_type="text/csv",
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("file: Row 1, column iin: ")
    assert scores(applied.weld)[a0.iin] is None


def test_assessments_in_latin_1_are_422(world, users, applied, client_for):
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments?column=test_score",
        "applicant_number,test_score\n\u00e9,1\n".encode("latin-1"),
        content_type="text/csv",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "file: The file is not UTF-8 text."


def test_a_multipart_upload_without_a_file_is_422(users, applied, client_for):
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.weld.pk}/assessments", {"column": "test_score"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "file: Attach the CSV file."


def test_assessments_for_another_enterprises_offer_are_403(world, users, applied, client_for):
    b0 = world.students_b[0]
    response = client_for(users["enterprise_hr"]).post(
        f"{BASE}/offers/{applied.pipe.pk}/assessments?column=test_score",
        f"applicant_number,test_score\n{number(applied.pipe, b0)},99\n",
        content_type="text/csv",
    )
    assert response.status_code == 403
    assert scores(applied.pipe) == {world.students_a[2].iin: None, b0.iin: None}


# --------------------------------------------------------------------------- placements


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("ministry_admin", ["a0", "a2", "b0"]),
        ("college_admin_a", ["a0", "a2"]),
        ("college_admin_b", ["b0"]),
        ("enterprise_hr", ["a0"]),  # placed at weld, world.enterprise's offer
        ("student", ["a0"]),
        ("analyst", []),
        ("university_admin", []),
    ],
)
def test_placements_each_role_sees(world, users, published, client_for, role, expected):
    people = {"a0": world.students_a[0], "a2": world.students_a[2], "b0": world.students_b[0]}
    body = send(client_for(users[role]), "get", f"/rounds/{published.round.pk}/placements").json()
    assert [item["last_name"] for item in body["items"]] == [people[k].last_name for k in expected]
    # the IIN and registry id: not to an enterprise before it accepts (ADR 0011)
    hidden = role == "enterprise_hr"
    assert [(item["student_id"], item["iin"]) for item in body["items"]] == [
        (None, None) if hidden else (people[k].pk, people[k].iin) for k in expected
    ]


def test_placement_rows_report_the_outcome(world, users, published, client_for):
    items = send(
        client_for(users["ministry_admin"]), "get", f"/rounds/{published.round.pk}/placements"
    ).json()["items"]
    assert [(i["last_name"], i["offer_title"], i["rank"], i["status"]) for i in items] == [
        ("Абаев", published.weld.title, 1, "pending"),
        ("Абдиев", "Pipeline operator", 2, "pending"),
        ("Абенов", "Pipeline operator", 1, "pending"),
    ]


def test_enterprise_and_student_see_no_placements_before_publication(
    users, students, open_round, client_for, django_capture_on_commit_callbacks
):
    rank(students["a0"], open_round.round, open_round.weld)
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    match_over_api(
        client_for(users["ministry_admin"]), open_round.round, django_capture_on_commit_callbacks
    )
    for role in ("enterprise_hr", "student"):
        path = f"/rounds/{open_round.round.pk}/placements"
        assert send(client_for(users[role]), "get", path).json()["count"] == 0
    path = f"/rounds/{open_round.round.pk}/my-placement"
    assert send(client_for(users["student"]), "get", path).status_code == 404


def test_unplaced_student_reads_why_for_every_choice(
    world, users, students, open_round, client_for, django_capture_on_commit_callbacks
):
    rank(students["a0"], open_round.round, open_round.weld)
    rank(students["a2"], open_round.round, open_round.weld)
    ministry = users["ministry_admin"]
    services.round_close(actor=ministry, placement_round=open_round.round)
    match_over_api(client_for(ministry), open_round.round, django_capture_on_commit_callbacks)
    services.round_publish(actor=ministry, placement_round=open_round.round)
    body = send(
        client_for(students["a2"]), "get", f"/rounds/{open_round.round.pk}/my-placement"
    ).json()
    assert (body["status"], body["offer_id"], body["rank"]) == ("unplaced", None, None)
    assert [
        (e["offer_id"], e["reason"], e["cutoff"], e["your_score"]) for e in body["explanations"]
    ] == [(open_round.weld.pk, "full", 90.0, 70.0)]


def test_my_placement_is_404_for_non_students(users, published, client_for):
    path = f"/rounds/{published.round.pk}/my-placement"
    assert send(client_for(users["ministry_admin"]), "get", path).status_code == 404


def placement_of(student, placement_round):
    return Placement.objects.get(student=student, round=placement_round)


def test_enterprise_accepts_a_dual_placement_without_a_contract(
    world, users, published, client_for
):
    placement = placement_of(world.students_a[0], published.round)
    response = send(
        client_for(users["enterprise_hr"]), "post", f"/placements/{placement.pk}/accept"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert not TrainingContract.objects.exists()
    again = send(client_for(users["enterprise_hr"]), "post", f"/placements/{placement.pk}/accept")
    assert again.status_code == 400
    assert again.json()["detail"] == "This placement is already accepted by the enterprise."


def test_enterprise_declines_a_placement_with_a_reason(
    world, users, published, pipe_hr, client_for
):
    placement = placement_of(world.students_b[0], published.round)
    path = f"/placements/{placement.pk}/decline"
    response = send(client_for(pipe_hr), "post", path, {"reason": "  "})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("reason:")
    response = send(client_for(pipe_hr), "post", path, {"reason": "No night shifts"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decline_reason"]) == (
        "declined",
        "No night shifts",
    )
    assert not TrainingContract.objects.exists()


@pytest.mark.parametrize("role", ["college_admin_a", "student", "ministry_admin"])
def test_accept_by_those_who_only_see_the_placement(world, users, published, client_for, role):
    placement = placement_of(world.students_a[0], published.round)
    response = send(client_for(users[role]), "post", f"/placements/{placement.pk}/accept")
    if role == "ministry_admin":  # the ministry may act for any enterprise
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        placement.refresh_from_db()
        assert placement.status == "pending"


def test_accept_of_another_enterprises_trainee_is_404(world, users, published, client_for):
    placement = placement_of(world.students_b[0], published.round)  # at pipe
    response = send(
        client_for(users["enterprise_hr"]), "post", f"/placements/{placement.pk}/accept"
    )
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.status == "pending"


# --------------------------------------------------------------------------- contracts


@pytest.fixture
def contract(world, published, pipe_hr):
    placement = placement_of(world.students_b[0], published.round)
    services.placement_accept(actor=pipe_hr, placement=placement)
    return TrainingContract.objects.get(placement=placement)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("ministry_admin", True),
        ("college_admin_b", True),
        ("pipe_hr", True),
        ("college_admin_a", False),
        ("enterprise_hr", False),
        ("student", False),  # students_a[0]; the contract is students_b[0]'s
        ("analyst", False),
    ],
)
def test_contracts_each_role_sees(users, pipe_hr, contract, client_for, role, sees):
    client = client_for(pipe_hr if role == "pipe_hr" else users[role])
    body = send(client, "get", "/contracts").json()
    assert [item["id"] for item in body["items"]] == ([contract.pk] if sees else [])
    response = send(client, "get", f"/contracts/{contract.pk}")
    assert response.status_code == (200 if sees else 404)


def test_contract_reports_its_terms(world, pipe_hr, contract, client_for):
    body = send(client_for(pipe_hr), "get", f"/contracts/{contract.pk}").json()
    assert {k: body[k] for k in body if k not in ("id", "placement_id", "signed_on")} == {
        "student_id": world.students_b[0].pk,
        "last_name": "Абенов",
        "first_name": world.students_b[0].first_name,
        "enterprise_id": contract.enterprise_id,
        "enterprise_name": contract.enterprise.name,
        "institution_id": world.college_b.pk,
        "position": "Operator",
        "salary_min": 300000,
        "salary_max": 450000,
        "work_years": 3,
        "status": "training",
        "employed_on": None,
        "completed_on": None,
        "terminated_on": None,
        "termination_reason": "",
    }


def test_contract_advances_through_employment_to_completion(
    world, users, pipe_hr, contract, client_for
):
    client = client_for(pipe_hr)
    path = f"/contracts/{contract.pk}/advance"
    graduate(users, world.students_b[0])
    employed = after_graduation(world.students_b[0], contract.signed_on)
    completed = after_graduation(world.students_b[0], contract.signed_on, days=3 * 365)
    assert (
        send(client, "post", path, {"status": "employed", "on": employed}).json()["status"]
        == "employed"
    )
    body = send(client, "post", path, {"status": "completed", "on": completed}).json()
    assert (body["status"], body["employed_on"], body["completed_on"]) == (
        "completed",
        employed,
        completed,
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "completed"}, "status"),  # training cannot jump to completed
        ({"status": "retired"}, "status"),
        ({"status": "terminated", "reason": " "}, "reason"),
        ({"status": "employed", "on": "2000-01-01"}, "on"),
    ],
)
def test_bad_contract_step_is_422_naming_the_field(pipe_hr, contract, client_for, payload, field):
    body = {"on": contract.signed_on.isoformat(), **payload}
    response = send(client_for(pipe_hr), "post", f"/contracts/{contract.pk}/advance", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    contract.refresh_from_db()
    assert contract.status == "training"


@pytest.mark.parametrize(
    ("student", "detail"),
    [
        (
            {},
            "on: The student is still in training (the registry says “studying”): employment "
            "is recorded once they have graduated.",
        ),
        (
            {"status": StudentStatus.EXPELLED},
            "on: The student was expelled, so the training ended without a qualification: "
            "terminate the contract instead.",
        ),
        (
            {"status": StudentStatus.GRADUATED},
            "on: Employment starts after the training ends: not before the student's "
            "graduation (2028-06-30).",
        ),
    ],
)
def test_employment_before_the_training_ends_is_422_naming_the_date(
    world, users, pipe_hr, contract, client_for, student, detail
):
    if student:
        registry_services.student_update(
            actor=users["ministry_admin"], student=world.students_b[0], **student
        )
    body = {"status": "employed", "on": contract.signed_on.isoformat()}  # a first-year student
    response = send(client_for(pipe_hr), "post", f"/contracts/{contract.pk}/advance", body)
    assert (response.status_code, response.json()["detail"]) == (422, detail)
    contract.refresh_from_db()
    assert (contract.status, contract.employed_on) == ("training", None)


@pytest.mark.parametrize("role", ["college_admin_b", "enterprise_hr"])
def test_advancing_a_contract_is_for_its_enterprise(users, contract, client_for, role):
    body = {"status": "terminated", "on": contract.signed_on.isoformat(), "reason": "x"}
    response = send(client_for(users[role]), "post", f"/contracts/{contract.pk}/advance", body)
    # the college sees the contract but may not change it; another enterprise does not see it
    assert response.status_code == (403 if role == "college_admin_b" else 404)
    contract.refresh_from_db()
    assert contract.status == "training"


# --------------------------------------------------------------------------- auth and schema


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/rounds"),
        ("get", "/rounds/1"),
        ("post", "/rounds"),
        ("post", "/rounds/1/match"),
        ("put", "/rounds/1/my-ranking"),
        ("get", "/contracts"),
        ("post", "/offers/1/assessments"),
    ],
)
def test_unauthenticated_requests_are_401(world, client_for, method, path):
    assert send(client_for(None), method, path).status_code == 401


def test_openapi_schema_includes_the_placement_paths(db, client_for):
    schema = client_for(None).get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/rounds",
        "/rounds/{round_id}",
        "/rounds/{round_id}/match",
        "/rounds/{round_id}/follow-up",
        "/rounds/{round_id}/statistics",
        "/rounds/{round_id}/offers",
        "/rounds/{round_id}/my-ranking",
        "/rounds/{round_id}/my-placement",
        "/rounds/{round_id}/placements",
        "/offers/{offer_id}",
        "/offers/{offer_id}/applicants",
        "/offers/{offer_id}/assessments",
        "/placements/{placement_id}/accept",
        "/placements/{placement_id}/decline",
        "/contracts",
        "/contracts/{contract_id}/advance",
    ):
        assert f"{BASE}{path}" in paths, path
    assert set(paths[f"{BASE}/rounds/{{round_id}}/my-ranking"]) == {"get", "put"}
    assert set(paths[f"{BASE}/offers/{{offer_id}}"]) == {"get", "patch"}
    assert "202" in paths[f"{BASE}/rounds/{{round_id}}/match"]["post"]["responses"]
    upload = paths[f"{BASE}/offers/{{offer_id}}/assessments"]["post"]["requestBody"]["content"]
    assert {"text/csv", "multipart/form-data"} <= set(upload)


def test_session_writes_without_a_csrf_token_are_refused(users, open_round):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["ministry_admin"])
    response = send(client, "post", f"/rounds/{open_round.round.pk}/close")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    open_round.round.refresh_from_db()
    assert open_round.round.status == "open"


def test_analyst_responses_never_carry_a_name_or_iin(world, users, published, client_for):
    client = client_for(users["analyst"])
    round_id, weld = published.round.pk, published.weld.pk
    paths = [
        "/rounds",
        f"/rounds/{round_id}",
        f"/rounds/{round_id}/statistics",
        f"/rounds/{round_id}/offers",
        f"/rounds/{round_id}/placements",
        f"/offers/{weld}/applicants",
        "/contracts",
    ]
    people = world.all_students
    for path in paths:
        response = send(client, "get", path)
        assert response.status_code in (200, 403), path
        text = response.content.decode()
        assert not any(s.iin in text or s.last_name in text for s in people), path
