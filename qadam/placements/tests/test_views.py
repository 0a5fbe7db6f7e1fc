"""Placement pages per role: who sees which round, offer, placement and contract (404 out of
scope, 403 for forbidden actions), the student's ranking, offers and uploads, the round's
lifecycle, explanations, decisions and contracts, in three languages."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

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
from qadam.registry.tests.factories import ROLES, UserFactory

Status = PlacementRound.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response):
    return response.content.decode()


def nav(page):
    return re.search(r"<nav[^>]*>(.*?)</nav>", page, re.S).group(1)


def ranking(user, placement_round):
    return list(
        Application.objects.filter(round=placement_round, student=user.student)
        .order_by("rank")
        .values_list("offer_id", flat=True)
    )


def offer_form_data(world, open_round, **overrides):
    data = {
        "title": "CNC operator trainee",
        "kind": "dual",
        "specialties": [world.programs_a[0].specialty_id],
        "occupation": "",
        "region": world.region_a.pk,
        "address": "5 Factory Rd",
        "seats": 3,
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "mentors": "A. Mentor",
        "scoring_rule": "grades",
        "weight_grades": 0,
        "weight_fit": 0,
        "weight_distance": 0,
        "weight_test": 0,
        "position": "",
        "salary_min": "",
        "salary_max": "",
        "work_years": "",
    }
    return {**data, **overrides}


# --------------------------------------------------------------------------- navigation


@pytest.mark.parametrize(
    ("role", "placements", "contracts"),
    [
        ("ministry_admin", True, True),
        ("analyst", True, False),
        ("college_admin_a", True, True),
        ("university_admin", True, True),
        ("enterprise_hr", True, True),
        ("student", True, True),
        ("guidance_organiser", False, False),
    ],
)
def test_navigation_offers_placements_to_the_roles_that_take_part(
    world, users, client_for, role, placements, contracts
):
    links = nav(html(client_for(users[role]).get("/")))
    assert ('href="/placements/rounds/"' in links) is placements
    assert ('href="/placements/contracts/"' in links) is contracts


# --------------------------------------------------------------------------- who sees which round


@pytest.mark.parametrize("role", ROLES)
def test_every_placement_list_page_renders_for_every_role(world, users, client_for, role):
    client = client_for(users[role])
    for path in ("/placements/rounds/", "/placements/contracts/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/placements/rounds/", "/placements/contracts/"])
def test_placement_pages_send_anonymous_visitors_to_sign_in(world, client_for, path):
    response = client_for(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "sees_national", "sees_college_a"),
    [
        ("ministry_admin", True, True),
        ("analyst", True, True),
        ("college_admin_a", True, True),
        ("college_admin_b", True, False),
        ("university_admin", True, False),
        ("enterprise_hr", True, True),
        ("student", True, True),
        ("guidance_organiser", False, False),
    ],
)
def test_rounds_are_seen_by_the_roles_that_take_part_and_are_404_to_others(
    world, users, client_for, open_round, role, sees_national, sees_college_a
):
    college_round = RoundFactory.create(
        name="College A practice", institution=world.college_a, status=Status.OPEN
    )
    college_offer = OfferFactory.create(round=college_round, enterprise=world.enterprise)
    client = client_for(users[role])
    listing = html(client.get("/placements/rounds/"))
    assert (open_round.round.name in listing) is sees_national
    assert ("College A practice" in listing) is sees_college_a
    for placement_round, offer, visible in (
        (open_round.round, open_round.weld, sees_national),
        (college_round, college_offer, sees_college_a),
    ):
        expected = 200 if visible else 404
        assert client.get(f"/placements/rounds/{placement_round.pk}/").status_code == expected
        assert client.get(f"/placements/offers/{offer.pk}/").status_code == expected
    assert client.get(f"/placements/rounds/{10**9}/").status_code == 404
    assert client.get(f"/placements/offers/{10**9}/").status_code == 404


def test_the_round_list_counts_offers_seats_and_applicants_of_each_round(
    world, users, client_for, open_round
):
    services.application_rank_set(
        actor=users["student"],
        placement_round=open_round.round,
        offer_ids=[open_round.weld.pk, open_round.pipe.pk],
    )
    RoundFactory.create(name="Empty round")
    page = client_for(users["ministry_admin"]).get("/placements/rounds/").content.decode()
    row = re.search(rf'data-round="{open_round.round.pk}".*?</tr>', page, re.S).group(0)
    # 3 offers, 1 + 2 + 1 seats, one applicant (two applications)
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', row) == ["3", "4", "1"]
    empty = re.search(r'data-round="\d+">(?:(?!</tr>).)*Empty round.*?</tr>', page, re.S).group(0)
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', empty) == ["0", "0", "0"]


def test_a_student_does_not_see_a_draft_round(world, users, client_for):
    draft = RoundFactory.create(name="Not yet")
    client = client_for(users["student"])
    assert "Not yet" not in html(client.get("/placements/rounds/"))
    assert client.get(f"/placements/rounds/{draft.pk}/").status_code == 404
    assert (
        client_for(users["enterprise_hr"]).get(f"/placements/rounds/{draft.pk}/").status_code == 200
    )


@pytest.mark.parametrize(("language", "lang_attr"), [("kk", "kk"), ("ru", "ru"), ("en", "en")])
@pytest.mark.parametrize("role", ["ministry_admin", "enterprise_hr", "student"])
def test_placement_pages_render_in_each_language(
    world, users, client_for, published, role, language, lang_attr
):
    client = client_for(users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    paths = [
        "/placements/rounds/",
        f"/placements/rounds/{published.round.pk}/",
        f"/placements/offers/{published.weld.pk}/",
        "/placements/contracts/",
    ]
    if role == "student":
        paths.append(f"/placements/rounds/{published.round.pk}/my/")
    if role == "ministry_admin":
        paths += [
            f"/placements/rounds/{published.round.pk}/placements/",
            f"/placements/rounds/{published.round.pk}/offers/new/",
        ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{lang_attr}">' in html(response), path


def test_the_offers_list_filters_with_an_htmx_partial(world, users, client_for, open_round):
    client = client_for(users["college_admin_a"])
    url = f"/placements/rounds/{open_round.round.pk}/"
    partial = html(client.get(url, {"kind": "targeted"}, **HTMX))
    assert partial.lstrip().startswith("<table") and "<html" not in partial
    assert open_round.pipe.title in partial and open_round.weld.title not in partial
    page = html(client.get(url, {"q": "Cook", "region": "x", "specialty": "99999999999999999999"}))
    assert open_round.cafe.title in page and open_round.pipe.title not in page


# --------------------------------------------------------------------------- creating rounds


def test_the_ministry_creates_a_national_round(world, users, client_for):
    client = client_for(users["ministry_admin"])
    response = client.post(
        "/placements/rounds/", {"name": "Autumn", "term": "2027", "max_choices": 10}
    )
    created = PlacementRound.objects.get(name="Autumn")
    assert response.status_code == 302
    assert response["Location"] == f"/placements/rounds/{created.pk}/"
    assert (created.institution, created.status, created.max_choices) == (None, "draft", 10)


def test_a_college_admin_creates_a_round_of_their_college_only(world, users, client_for):
    client = client_for(users["college_admin_a"])
    page = html(client.get("/placements/rounds/"))
    assert 'data-testid="round-form"' in page and world.college_b.name not in page
    response = client.post(
        "/placements/rounds/",
        {"name": "Other", "term": "2027", "institution": world.college_b.pk, "max_choices": 20},
    )
    assert response.status_code == 200
    assert 'data-field="institution"' in html(response)
    assert not PlacementRound.objects.exists()
    client.post(
        "/placements/rounds/",
        {"name": "Ours", "term": "2027", "institution": world.college_a.pk, "max_choices": 20},
    )
    assert PlacementRound.objects.get(name="Ours").institution == world.college_a


def test_a_round_without_a_name_shows_the_error_beside_the_field(world, users, client_for):
    response = client_for(users["ministry_admin"]).post(
        "/placements/rounds/", {"name": "", "term": "2027", "max_choices": 20}
    )
    assert 'data-field="name"' in html(response)
    assert not PlacementRound.objects.exists()


@pytest.mark.parametrize("role", ["analyst", "enterprise_hr", "student", "guidance_organiser"])
def test_other_roles_may_not_create_rounds(world, users, client_for, role):
    client = client_for(users[role])
    assert 'data-testid="round-form"' not in html(client.get("/placements/rounds/"))
    response = client.post("/placements/rounds/", {"name": "X", "term": "Y", "max_choices": 5})
    assert response.status_code == 403
    assert not PlacementRound.objects.exists()


# --------------------------------------------------------------------------- the lifecycle


def test_the_coordinator_runs_the_round_through_its_pages(
    world, users, client_for, open_round, django_capture_on_commit_callbacks
):
    services.application_rank_set(
        actor=users["student"], placement_round=open_round.round, offer_ids=[open_round.weld.pk]
    )
    client = client_for(users["ministry_admin"])
    base = f"/placements/rounds/{open_round.round.pk}/"
    assert "/open/" not in html(client.get(base)) and f"{base}close/" in html(client.get(base))
    assert client.post(f"{base}close/").status_code == 302
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.CLOSED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}match/")
    job = Job.objects.get(kind="placements.match")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.MATCHED

    page = html(client.get(base))
    assert 'data-testid="round-statistics"' in page
    assert 'id="share-chart"' in page and 'data-chart="share-chart"' in page
    assert 'data-testid="top-specialties"' in page
    client.post(f"{base}publish/")
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.PUBLISHED

    # the second round is a job: the request answers at once with the job's page
    with django_capture_on_commit_callbacks(execute=False) as worker:
        response = client.post(f"{base}follow-up/")
    job = Job.objects.get(kind="placements.follow_up")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert not PlacementRound.objects.filter(previous_round=open_round.round).exists()
    assert 'data-status="queued"' in html(client.get(response["Location"]))
    for run in worker:  # the worker runs it
        run()
    follow_up = PlacementRound.objects.get(previous_round=open_round.round)
    # weld's one seat is taken; pipe's two and cafe's one carry over
    assert sorted(follow_up.offers.values_list("seats", flat=True)) == [1, 2]
    page = html(client.get(response["Location"]))  # the finished job links to the new round
    assert f'data-testid="job-result" href="/placements/rounds/{follow_up.pk}/"' in page


def test_a_draft_round_opens_and_a_round_without_offers_says_why_not(world, users, client_for):
    client = client_for(users["ministry_admin"])
    empty = RoundFactory.create(name="Empty")
    response = client.post(f"/placements/rounds/{empty.pk}/open/", follow=True)
    assert "The round has no offers yet." in html(response)
    empty.refresh_from_db()
    assert empty.status == Status.DRAFT
    OfferFactory.create(round=empty, enterprise=world.enterprise)
    client.post(f"/placements/rounds/{empty.pk}/open/")
    empty.refresh_from_db()
    assert empty.status == Status.OPEN


def test_a_step_out_of_order_shows_the_current_status(world, users, client_for, open_round):
    response = client_for(users["ministry_admin"]).post(
        f"/placements/rounds/{open_round.round.pk}/publish/", follow=True
    )
    messages = re.search(r'<ul class="messages">(.*?)</ul>', html(response), re.S).group(1)
    assert "open for applications" in messages
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.OPEN


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 403),
        ("college_admin_a", 403),
        ("enterprise_hr", 403),
        ("student", 403),
        ("guidance_organiser", 404),
    ],
)
def test_only_the_coordinator_moves_a_national_round(
    world, users, client_for, open_round, role, status
):
    client = client_for(users[role])
    page = client.get(f"/placements/rounds/{open_round.round.pk}/")
    assert f"/placements/rounds/{open_round.round.pk}/close/" not in html(page)
    response = client.post(f"/placements/rounds/{open_round.round.pk}/close/")
    assert response.status_code == status
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.OPEN


def test_lifecycle_actions_need_a_post(world, users, client_for, open_round):
    client = client_for(users["ministry_admin"])
    assert client.get(f"/placements/rounds/{open_round.round.pk}/close/").status_code == 405


def test_a_college_admin_coordinates_their_college_round(world, users, client_for):
    college_round = RoundFactory.create(institution=world.college_a)
    OfferFactory.create(round=college_round, enterprise=world.enterprise)
    url = f"/placements/rounds/{college_round.pk}/open/"
    assert client_for(users["college_admin_b"]).post(url).status_code == 404
    assert client_for(users["college_admin_a"]).post(url).status_code == 302
    college_round.refresh_from_db()
    assert college_round.status == Status.OPEN


# --------------------------------------------------------------------------- a student's list


def test_the_student_ranks_moves_and_removes_offers(world, users, client_for, open_round):
    student = users["student"]
    client = client_for(student)
    base = f"/placements/rounds/{open_round.round.pk}/my/"
    page = html(client.get(base))
    assert open_round.weld.title in page and open_round.pipe.title in page
    assert open_round.cafe.title not in page  # not open to the student's specialty

    for offer in (open_round.weld, open_round.pipe):
        assert client.post(f"{base}add/", {"offer": offer.pk}).status_code == 302
    assert ranking(student, open_round.round) == [open_round.weld.pk, open_round.pipe.pk]
    client.post(f"{base}move/", {"offer": open_round.pipe.pk, "steps": "-1"})
    assert ranking(student, open_round.round) == [open_round.pipe.pk, open_round.weld.pk]
    client.post(f"{base}move/", {"offer": open_round.pipe.pk, "steps": "1"})
    assert ranking(student, open_round.round) == [open_round.weld.pk, open_round.pipe.pk]

    page = html(client.get(base))
    listed = re.search(r'data-testid="ranking">(.*?)</ol>', page, re.S).group(1)
    assert listed.index(open_round.weld.title) < listed.index(open_round.pipe.title)
    assert "on your list" in page

    client.post(f"{base}remove/", {"offer": open_round.weld.pk})
    assert ranking(student, open_round.round) == [open_round.pipe.pk]


def test_an_incompatible_offer_is_refused_with_a_message_naming_it(
    world, users, client_for, open_round
):
    client = client_for(users["student"])
    base = f"/placements/rounds/{open_round.round.pk}/my/"
    client.post(f"{base}add/", {"offer": open_round.weld.pk})
    response = client.post(f"{base}add/", {"offer": open_round.cafe.pk}, follow=True)
    messages = re.search(r'<ul class="messages">(.*?)</ul>', html(response), re.S).group(1)
    assert f"#{open_round.cafe.pk}" in messages and "specialty" in messages
    assert ranking(users["student"], open_round.round) == [open_round.weld.pk]


@pytest.mark.parametrize("data", [{}, {"offer": "abc"}, {"offer": "-3"}])
def test_a_malformed_ranking_change_changes_nothing(world, users, client_for, open_round, data):
    response = client_for(users["student"]).post(
        f"/placements/rounds/{open_round.round.pk}/my/add/", data
    )
    assert response.status_code == 302
    assert not Application.objects.exists()


@pytest.mark.parametrize("role", ["ministry_admin", "college_admin_a", "enterprise_hr", "analyst"])
def test_only_students_have_a_ranking(world, users, client_for, open_round, role):
    client = client_for(users[role])
    base = f"/placements/rounds/{open_round.round.pk}/my/"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}add/", {"offer": open_round.weld.pk}).status_code == 403
    assert not Application.objects.exists()


def test_an_ineligible_student_sees_why(world, users, client_for, open_round):
    student = world.students_a[0]
    student.status = "expelled"
    student.save()
    page = html(client_for(users["student"]).get(f"/placements/rounds/{open_round.round.pk}/my/"))
    assert 'data-testid="not-eligible"' in page and "Only active students may apply." in page
    assert "Add to my list" not in page


def test_the_round_page_links_the_student_to_their_ranking(world, users, client_for, open_round):
    page = html(client_for(users["student"]).get(f"/placements/rounds/{open_round.round.pk}/"))
    assert f"/placements/rounds/{open_round.round.pk}/my/" in page


# --------------------------------------------------------------------------- offers


def test_enterprise_hr_publishes_an_offer_after_fixing_a_field(
    world, users, client_for, open_round
):
    client = client_for(users["enterprise_hr"])
    url = f"/placements/rounds/{open_round.round.pk}/offers/new/"
    page = html(client.get(url))
    assert 'name="enterprise"' not in page  # HR offers for its own enterprise
    assert f"/placements/rounds/{open_round.round.pk}/offers/new/" in html(
        client.get(f"/placements/rounds/{open_round.round.pk}/")
    )
    before = Offer.objects.count()
    response = client.post(url, offer_form_data(world, open_round, ends_on="2027-01-01"))
    assert response.status_code == 200
    assert re.search(r'data-field="ends_on"', html(response))
    response = client.post(
        url, offer_form_data(world, open_round, scoring_rule="weighted", weight_grades=60)
    )
    assert 'data-field="weight_grades"' in html(response)
    assert Offer.objects.count() == before

    response = client.post(url, offer_form_data(world, open_round))
    offer = Offer.objects.get(title="CNC operator trainee")
    assert response["Location"] == f"/placements/offers/{offer.pk}/"
    assert offer.enterprise == world.enterprise
    assert list(offer.specialties.all()) == [world.programs_a[0].specialty]


def test_a_targeted_offer_needs_its_job_fields(world, users, client_for, open_round):
    response = client_for(users["enterprise_hr"]).post(
        f"/placements/rounds/{open_round.round.pk}/offers/new/",
        offer_form_data(world, open_round, kind="targeted"),
    )
    page = html(response)
    for field in ("position", "salary_min", "salary_max", "work_years"):
        assert f'data-field="{field}"' in page
    assert not Offer.objects.filter(title="CNC operator trainee").exists()


def test_the_ministry_publishes_an_offer_for_an_enterprise(world, users, client_for, open_round):
    url = f"/placements/rounds/{open_round.round.pk}/offers/new/"
    client = client_for(users["ministry_admin"])
    data = offer_form_data(world, open_round, enterprise=open_round.pipe.enterprise_id)
    assert client.post(url, data).status_code == 302
    assert Offer.objects.get(title="CNC operator trainee").enterprise == open_round.pipe.enterprise


def test_no_offer_goes_into_a_closed_round(world, users, client_for, open_round):
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    response = client_for(users["enterprise_hr"]).post(
        f"/placements/rounds/{open_round.round.pk}/offers/new/", offer_form_data(world, open_round)
    )
    assert 'data-testid="form-errors"' in html(response)
    assert not Offer.objects.filter(title="CNC operator trainee").exists()


@pytest.mark.parametrize("role", ["analyst", "college_admin_a", "student"])
def test_other_roles_may_not_publish_offers(world, users, client_for, open_round, role):
    url = f"/placements/rounds/{open_round.round.pk}/offers/new/"
    client = client_for(users[role])
    assert client.get(url).status_code == 403
    assert client.post(url, offer_form_data(world, open_round)).status_code == 403


class _FormValues(HTMLParser):
    """What a browser submits from a page's form: inputs, selected options, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = self._textarea = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name") or ""
        if tag == "input" and name and attributes.get("type") not in ("submit", "checkbox"):
            self.values.setdefault(name, []).append(attributes.get("value") or "")
        elif tag == "select":
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select].append(attributes.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = ""
        elif tag == "textarea":
            self._textarea = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data.removeprefix("\n")


def form_values(page: str) -> dict[str, list[str]]:
    parser = _FormValues()
    parser.feed(page)
    return {name: values for name, values in parser.values.items() if name != "csrfmiddlewaretoken"}


def edit_offer(client, offer, meanwhile=None, **changes):
    """Open the offer's edit page, let `meanwhile` run (someone else's save), then submit
    the page with `changes`, as a user who took a while would."""
    url = f"/placements/offers/{offer.pk}/edit/"
    data = form_values(html(client.get(url)))
    if meanwhile:
        meanwhile()
    data.update({name: [str(value)] for name, value in changes.items()})
    return client.post(url, data)


def test_enterprise_hr_edits_an_offer_and_a_change_made_meanwhile_survives(
    world, users, client_for, open_round
):
    weld = open_round.weld
    client = client_for(users["enterprise_hr"])
    assert f"/placements/offers/{weld.pk}/edit/" in html(
        client.get(f"/placements/offers/{weld.pk}/")
    )

    def mentor_added():
        services.offer_update(actor=users["ministry_admin"], offer=weld, mentors="Сейткали Нурлан")

    response = edit_offer(client, weld, meanwhile=mentor_added, seats=3)
    assert response["Location"] == f"/placements/offers/{weld.pk}/"
    weld.refresh_from_db()
    assert (weld.seats, weld.mentors) == (3, "Сейткали Нурлан")
    hr_entry = AuditEntry.objects.filter(actor=users["enterprise_hr"]).get()
    assert hr_entry.changes == {"seats": [1, 3]}


def test_a_field_changed_meanwhile_is_refused_beside_it(world, users, client_for, open_round):
    weld = open_round.weld

    def seats_changed():
        services.offer_update(actor=users["ministry_admin"], offer=weld, seats=5)

    response = edit_offer(
        client_for(users["enterprise_hr"]), weld, meanwhile=seats_changed, seats=3
    )
    assert re.search(
        r'data-field="seats"><li>Someone else changed this while you were editing; it is now '
        r"“5”",
        html(response),
    )
    weld.refresh_from_db()
    assert weld.seats == 5


def test_an_out_of_range_edit_shows_the_rules_message(world, users, client_for, open_round):
    response = edit_offer(client_for(users["enterprise_hr"]), open_round.weld, seats=1_001)
    assert 'data-field="seats"><li>Must be from 1 to 1000.</li>' in html(response)
    open_round.weld.refresh_from_db()
    assert open_round.weld.seats == 1


@pytest.mark.parametrize("role", ["college_admin_a", "analyst", "student"])
def test_only_the_enterprise_edits_its_offer(world, users, client_for, open_round, role):
    url = f"/placements/offers/{open_round.weld.pk}/edit/"
    client = client_for(users[role])
    assert client.get(url).status_code == 403
    assert client.post(url, {"seats": 9}).status_code == 403
    own = client_for(users["enterprise_hr"])
    assert own.get(f"/placements/offers/{open_round.pipe.pk}/edit/").status_code == 403


def test_an_offer_is_not_edited_once_the_round_closed(world, users, client_for, open_round):
    client = client_for(users["enterprise_hr"])

    def closed():
        services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)

    response = edit_offer(client, open_round.weld, meanwhile=closed, seats=3)
    assert 'data-testid="form-errors"' in html(response)
    assert "edit-offer" not in html(client.get(f"/placements/offers/{open_round.weld.pk}/"))
    open_round.weld.refresh_from_db()
    assert open_round.weld.seats == 1


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_date_inputs_hold_machine_dates_in_every_language(
    world, users, client_for, open_round, contract, pipe_hr, language
):
    """A browser empties <input type=date value="01.02.2027">: the value stays ISO."""
    hr = client_for(users["enterprise_hr"])
    hr.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(hr.get(f"/placements/offers/{open_round.weld.pk}/edit/"))
    assert re.search(r'<input type="date" name="starts_on" value="2027-02-01"', page)
    assert re.search(r'<input type="date" name="ends_on" value="2027-06-30"', page)
    client = client_for(pipe_hr)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(client.get(f"/placements/contracts/{contract.pk}/"))
    today = date.today().isoformat()
    assert re.search(rf'<input type="date" name="on" value="{today}"', page)


def test_the_offer_page_shows_applicants_to_its_enterprise_only(
    world, users, client_for, open_round
):
    services.application_rank_set(
        actor=users["student"], placement_round=open_round.round, offer_ids=[open_round.weld.pk]
    )
    student = world.students_a[0]
    number = applicant_number(Application.objects.get(student=student).pk)
    url = f"/placements/offers/{open_round.weld.pk}/"
    own = html(client_for(users["enterprise_hr"]).get(url))
    assert 'data-testid="applicants"' in own and student.last_name in own and number in own
    assert student.iin not in own  # not accepted: no IIN (ADR 0011)
    assert 'data-testid="upload-form"' in own
    assert student.iin in html(client_for(users["ministry_admin"]).get(url))
    for role in ("analyst", "college_admin_b", "student"):
        page = html(client_for(users[role]).get(url))
        assert 'data-testid="applicants"' not in page and 'data-testid="upload-form"' not in page
    other = html(
        client_for(users["enterprise_hr"]).get(f"/placements/offers/{open_round.pipe.pk}/")
    )
    assert 'data-testid="applicants"' not in other


def _upload(client, offer, text, column="test_score"):
    upload = SimpleUploadedFile("scores.csv", text.encode(), content_type="text/csv")
    return client.post(
        f"/placements/offers/{offer.pk}/assessments/", {"column": column, "file": upload}
    )


def test_a_csv_with_a_bad_row_names_it_and_changes_nothing(world, users, client_for, open_round):
    for user in (users["student"], UserFactory.student_user(world.students_a[2])):
        services.application_rank_set(
            actor=user, placement_round=open_round.round, offer_ids=[open_round.weld.pk]
        )
    a0, a2 = world.students_a[0], world.students_a[2]
    n0, n2 = (applicant_number(Application.objects.get(student=s).pk) for s in (a0, a2))
    client = client_for(users["enterprise_hr"])
    response = _upload(client, open_round.weld, f"applicant_number,test_score\n{n0},88\n{n2},120\n")
    assert response.status_code == 200
    errors = re.search(r'data-field="file">(.*?)</ul>', html(response), re.S).group(1)
    assert "Row 3" in errors
    assert set(Application.objects.values_list("test_score", flat=True)) == {None}

    # the file of before applicant numbers: refused, naming its row and column
    response = _upload(client, open_round.weld, f"iin,test_score\n{a0.iin},88\n")
    errors = re.search(r'data-field="file">(.*?)</ul>', html(response), re.S).group(1)
    assert "Row 1, column iin: applicants are named by applicant number" in errors
    assert set(Application.objects.values_list("test_score", flat=True)) == {None}

    text = f"\ufeffapplicant_number,test_score\n{n0},88\n{n2},71.5\n"
    response = _upload(client, open_round.weld, text)
    assert response.status_code == 302
    scores = dict(Application.objects.values_list("student__iin", "test_score"))
    assert scores == {a0.iin: 88.0, a2.iin: 71.5}


def test_a_ranking_csv_loads_positions(world, users, client_for, open_round):
    services.application_rank_set(
        actor=users["student"], placement_round=open_round.round, offer_ids=[open_round.weld.pk]
    )
    client = client_for(users["enterprise_hr"])
    number = applicant_number(Application.objects.get().pk)
    text = f"applicant_number,enterprise_rank\n{number},2\n"
    assert _upload(client, open_round.weld, text, "enterprise_rank")
    assert Application.objects.get().enterprise_rank == 2


def test_another_enterprise_may_not_upload(world, users, client_for, open_round):
    response = _upload(
        client_for(users["enterprise_hr"]), open_round.pipe, "applicant_number,test_score\n"
    )
    assert response.status_code == 403


def test_a_file_that_is_not_utf8_is_refused_beside_the_field(world, users, client_for, open_round):
    upload = SimpleUploadedFile("scores.csv", "iin;балл".encode("cp1251"))
    response = client_for(users["enterprise_hr"]).post(
        f"/placements/offers/{open_round.weld.pk}/assessments/",
        {"column": "test_score", "file": upload},
    )
    assert 'data-field="file"' in html(response)


# --------------------------------------------------------------------------- after the match


def test_the_student_sees_their_placement_and_why_not_their_first_choice(
    world, users, client_for, published
):
    client = client_for(users["student"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client.get(f"/placements/rounds/{published.round.pk}/my/"))
    assert 'data-testid="placed"' in page and published.pipe.title in page
    explanations = re.search(r'data-testid="explanations">(.*?)</ol>', page, re.S).group(1)
    assert published.weld.title in explanations
    assert "98.0" in explanations and "90.0" in explanations


def test_the_explanation_is_translated(world, users, client_for, published):
    client = client_for(users["student"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = html(client.get(f"/placements/rounds/{published.round.pk}/my/"))
    assert "98,0" in page  # the Russian decimal comma


def test_statistics_are_for_roles_with_aggregates(world, users, client_for, published):
    url = f"/placements/rounds/{published.round.pk}/"
    for role, shown in (("analyst", True), ("college_admin_a", True), ("enterprise_hr", False)):
        page = html(client_for(users[role]).get(url))
        assert ('data-testid="round-statistics"' in page) is shown, role


@pytest.mark.parametrize(
    ("role", "students"),
    [
        ("ministry_admin", ["students_a0", "students_a2", "students_b0"]),
        ("college_admin_a", ["students_a0", "students_a2"]),
        ("college_admin_b", ["students_b0"]),
        ("analyst", []),
        ("student", ["students_a0"]),
    ],
)
def test_the_round_placements_page_shows_what_the_role_may_see(
    world, users, client_for, published, role, students
):
    people = {
        "students_a0": world.students_a[0],
        "students_a2": world.students_a[2],
        "students_b0": world.students_b[0],
    }
    page = html(client_for(users[role]).get(f"/placements/rounds/{published.round.pk}/placements/"))
    for key, student in people.items():
        assert (student.iin in page) is (key in students), key


def test_the_enterprise_accepts_a_trainee_with_htmx(world, users, client_for, published):
    client = client_for(users["enterprise_hr"])
    trainee = world.students_b[0]
    page = html(client.get(f"/placements/offers/{published.weld.pk}/"))
    assert 'data-testid="trainees"' in page and trainee.last_name in page
    assert trainee.iin not in page  # pending: the enterprise has not accepted them yet
    placement = Placement.objects.get(offer=published.weld)
    response = client.post(f"/placements/placements/{placement.pk}/accept/", **HTMX)
    row = html(response)
    assert row.lstrip().startswith("<tr") and 'data-status="accepted"' in row
    assert trainee.iin in row  # accepted: the IIN for the training contract's paperwork
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    assert not TrainingContract.objects.exists()  # a dual-training place makes no contract
    again = html(client.post(f"/placements/placements/{placement.pk}/accept/", **HTMX))
    assert 'data-testid="row-error"' in again


def test_declining_needs_a_reason_and_works_without_javascript(
    world, users, client_for, published, pipe_hr
):
    client = client_for(pipe_hr)
    placement = Placement.objects.filter(offer=published.pipe).first()
    row = html(client.post(f"/placements/placements/{placement.pk}/decline/", **HTMX))
    assert 'data-testid="row-error"' in row and 'data-status="pending"' in row
    assert placement.student.iin not in row
    response = client.post(
        f"/placements/placements/{placement.pk}/decline/", {"reason": "No longer hiring"}
    )
    assert response["Location"] == f"/placements/offers/{published.pipe.pk}/"
    placement.refresh_from_db()
    assert (placement.status, placement.decline_reason) == ("declined", "No longer hiring")


@pytest.mark.parametrize(("role", "status"), [("college_admin_a", 403), ("college_admin_b", 404)])
def test_only_the_enterprise_decides(world, users, client_for, published, role, status):
    placement = Placement.objects.get(student=world.students_a[0])
    response = client_for(users[role]).post(f"/placements/placements/{placement.pk}/accept/")
    assert response.status_code == status
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PENDING


def test_another_enterprise_cannot_see_or_decide_a_trainee(world, users, client_for, published):
    placement = Placement.objects.get(student=world.students_a[0])  # at pipe
    response = client_for(users["enterprise_hr"]).post(
        f"/placements/placements/{placement.pk}/accept/"
    )
    assert response.status_code == 404


# --------------------------------------------------------------------------- contracts


@pytest.fixture
def contract(world, users, published, pipe_hr, client_for):
    placement = Placement.objects.get(student=world.students_a[0])
    client_for(pipe_hr).post(f"/placements/placements/{placement.pk}/accept/")
    return TrainingContract.objects.get(placement=placement)


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("ministry_admin", True),
        ("college_admin_a", True),
        ("college_admin_b", False),
        ("student", True),
        ("enterprise_hr", False),
        ("analyst", False),
    ],
)
def test_a_contract_is_seen_by_its_people_and_404_to_others(
    world, users, client_for, contract, role, visible
):
    client = client_for(users[role])
    assert (contract.position in html(client.get("/placements/contracts/"))) is visible
    response = client.get(f"/placements/contracts/{contract.pk}/")
    assert response.status_code == (200 if visible else 404)


def test_the_enterprise_advances_the_contract(world, users, client_for, contract, pipe_hr):
    client = client_for(pipe_hr)
    url = f"/placements/contracts/{contract.pk}/"
    assert 'data-testid="advance-form"' in html(client.get(url))
    response = client.post(url, {"status": "terminated", "on": "2030-01-01", "reason": ""})
    assert 'data-field="reason"' in html(response)
    # the day after the student's expected graduation (the factory's 2028-06-30)
    employed = (max(date.today(), date(2028, 6, 30)) + timedelta(days=1)).isoformat()
    response = client.post(url, {"status": "employed", "on": employed})
    assert re.search(r'data-field="on"><li>The student is still in training', html(response))
    registry_services.student_update(
        actor=users["ministry_admin"], student=world.students_a[0], status="graduated"
    )
    response = client.post(url, {"status": "employed", "on": employed})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == TrainingContract.Status.EMPLOYED
    response = client.post(url, {"status": "employed", "on": employed})
    assert 'data-field="status"' in html(response)
    client.post(url, {"status": "completed", "on": employed})
    contract.refresh_from_db()
    assert contract.status == TrainingContract.Status.COMPLETED
    assert 'data-testid="advance-form"' not in html(client.get(url))


def test_others_who_see_a_contract_may_not_advance_it(world, users, client_for, contract):
    client = client_for(users["college_admin_a"])
    url = f"/placements/contracts/{contract.pk}/"
    assert 'data-testid="advance-form"' not in html(client.get(url))
    response = client.post(url, {"status": "employed", "on": date.today().isoformat()})
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.status == TrainingContract.Status.TRAINING
