"""Who receives which IIN (ADR 0011), walked over every page and every API read on the small
seeded country with each role's own records in the URLs (the role matrix uses others'):
enterprise HR receives the IIN of the trainees it has accepted and of no other person; an
institution those of its own people; analysts, organisers, counsellors, parents and the
megaproject's HR none at all.
The response bytes are searched for every student's and educator's IIN."""

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.agreements.models import Mobility
from qadam.common.tests.exporting import export_values
from qadam.guidance.selectors import students_followed
from qadam.placements import services
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.registry.models import Educator, Student
from tests.security.test_role_matrix import (
    _api_operations,
    _client,
    _fill,
    _foreign_ids,
    _page_routes,
)

WITHOUT_PEOPLE = ["analyst", "organiser", "counsellor", "parent", "megaproject"]


def _own_ids(user: User) -> dict[str, Any]:
    """The foreign ids, with the role's own records where it has some: its offers, their
    round and placements, its contracts, a parent's followed child."""
    ids = _foreign_ids(user)
    offers = Offer.objects.filter(enterprise_id=user.enterprise_id).order_by("pk")
    offer = offers.filter(applications__isnull=False).first() or offers.first()
    if offer is not None:
        placement = Placement.objects.filter(offer=offer).order_by("pk").first()
        contract = user.enterprise.contracts.order_by("pk").first()
        ids.update(
            offer_id=lambda: offer.pk,
            round_id=lambda: offer.round_id,
            placement_id=lambda: placement.pk if placement else 999_999,
            contract_id=lambda: contract.pk if contract else 999_999,
        )
    followed = sorted(students_followed(user=user))
    if followed:
        ids["student_id"] = lambda: followed[0]
    return ids


def _received(role: str, people: set[str], pattern: re.Pattern[str]) -> dict[str, set[str]]:
    """Each URL whose answer holds one of `people` (as `pattern` finds them), with those."""
    client, user = _client(role)
    assert user is not None
    ids = _own_ids(user)
    found: dict[str, set[str]] = {}
    urls = [_fill(route, ids)[0] for route in _page_routes()]
    urls += [_fill(path, ids)[0] for method, path in _api_operations() if method == "get"]
    for url in urls:
        response = client.get(url)
        kind = response.get("Content-Type", "")
        if response.streaming or response.status_code != 200 or "image/" in kind:
            continue
        text = response.content.decode("utf-8", errors="replace")  # a PDF's text is bytes too
        if kind.startswith("application/json"):
            text = json.dumps(json.loads(text), ensure_ascii=False)  # "\u0410" -> "А"
        hits = set(pattern.findall(text)) & people
        if hits:
            found[url] = hits
    return found


TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
# a surname and a first name, as pages and the API write them
TWO_NAMES = re.compile(r"(?=(?<!\w)([^\W\d_]+ [^\W\d_]+)(?!\w))")


def _people() -> set[str]:
    return {*Student.objects.values_list("iin", flat=True)} | {
        *Educator.objects.values_list("iin", flat=True)
    }


def _names() -> set[str]:
    """Students' names, but those an offer names as its mentors: enterprises publish their
    mentors' names on purpose, and the seed draws both from one pool of names."""
    students = Student.objects.values_list("last_name", "first_name")
    mentors = " ".join(Offer.objects.values_list("mentors", flat=True))
    return {name for last, first in students if (name := f"{last} {first}") not in mentors}


@pytest.fixture
def accepted(country, db) -> tuple[User, set[bytes]]:
    """The demo enterprise accepts one of its pending trainees; its accepted trainees' IINs."""
    hr = User.objects.get(username="enterprise")
    mine = Placement.objects.filter(offer__enterprise_id=hr.enterprise_id)
    pending = mine.filter(status=Placement.Status.PENDING).order_by("pk").first()
    assert pending is not None, "the seed gives the demo enterprise a trainee to accept"
    services.placement_accept(actor=hr, placement=pending)
    students = mine.filter(status=Placement.Status.ACCEPTED).values_list("student__iin", flat=True)
    contracts = hr.enterprise.contracts.values_list("student__iin", flat=True)
    return hr, {*students, *contracts}


def test_enterprise_hr_receives_only_its_accepted_trainees_iins(accepted, settings):
    settings.LANGUAGE_CODE = "en"
    _hr, allowed = accepted
    others = _people() - allowed
    received = _received("enterprise", _people(), TWELVE_DIGITS)
    assert {url: iins & others for url, iins in received.items() if iins & others} == {}
    # the accepted trainee's IIN is there for the contract's paperwork
    assert set().union(*received.values()) & allowed


def test_enterprise_exports_hold_no_iin_it_has_not_accepted(
    accepted, client, django_capture_on_commit_callbacks
):
    hr, allowed = accepted
    client.force_login(hr)
    offers = Offer.objects.filter(enterprise_id=hr.enterprise_id, applications__isnull=False)
    texts = []
    for offer in offers.distinct().order_by("pk")[:3]:
        for name, params in (
            ("placements.applicants", {"offer": offer.pk}),
            ("placements.placements", {"offer": offer.pk}),
            ("placements.placements", {"round": offer.round_id}),
        ):
            rows = export_values(client, django_capture_on_commit_callbacks, name, **params)
            texts.append(" ".join(str(v) for row in rows for v in row if v is not None))
    found = set(TWELVE_DIGITS.findall(" ".join(texts))) & _people()
    assert found - allowed == set()
    assert found & allowed  # the accepted trainee's IIN, in the offer's files


@pytest.mark.parametrize("role", WITHOUT_PEOPLE)
def test_roles_without_personal_records_receive_no_iin_and_no_name(country, db, settings, role):
    settings.LANGUAGE_CODE = "en"
    assert _received(role, _people(), TWELVE_DIGITS) == {}
    # a parent reads the name of the child whose diagnostic they follow, and no other
    user = User.objects.get(username=role)
    followed = Student.objects.filter(pk__in=students_followed(user=user))
    own = {f"{s.last_name} {s.first_name}" for s in followed}
    assert _received(role, _names() - own, TWO_NAMES) == {}


@pytest.mark.parametrize("role", ["college", "university"])
def test_an_institution_receives_only_its_own_peoples_iins(country, db, settings, role):
    """Its students and educators, and the people it sends or hosts in academic mobility
    (it records them by IIN)."""
    settings.LANGUAGE_CODE = "en"
    user = User.objects.get(username=role)
    ids = user_scope(user=user).institution_ids
    own = {
        *Student.objects.filter(institution_id__in=ids).values_list("iin", flat=True),
        *Educator.objects.filter(institution_id__in=ids).values_list("iin", flat=True),
        *Mobility.objects.filter(
            Q(home_institution_id__in=ids) | Q(host_institution_id__in=ids)
        ).values_list("iin", flat=True),
    }
    received = _received(role, _people(), TWELVE_DIGITS)
    assert {url: iins - own for url, iins in received.items() if iins - own} == {}
    assert received  # its register's pages do show its students' IINs


def test_an_iin_keyed_upload_is_refused_with_its_row_and_column(country, db, client):
    """The demo enterprise's file of before applicant numbers: the message names row 1's
    column, and a number from the applicants' list loads."""
    hr = User.objects.get(username="enterprise")
    offer = Offer.objects.filter(enterprise_id=hr.enterprise_id).order_by("pk").first()
    assert offer is not None
    PlacementRound.objects.filter(pk=offer.round_id).update(status=PlacementRound.Status.OPEN)
    application = Application.objects.filter(offer=offer).select_related("student").first()
    assert application is not None
    client.force_login(hr)
    client.cookies["django_language"] = "en"

    def upload(text: str) -> str:
        file = SimpleUploadedFile("scores.csv", text.encode(), content_type="text/csv")
        url = f"/placements/offers/{offer.pk}/assessments/"
        response = client.post(url, {"column": "test_score", "file": file}, follow=True)
        return response.content.decode()

    page = upload(f"iin,test_score\n{application.student.iin},70\n")
    assert "Row 1, column iin: applicants are named by applicant number" in page
    application.refresh_from_db()
    assert application.test_score != 70
    upload(f"applicant_number,test_score\nA-{application.pk:06d},70\n")
    application.refresh_from_db()
    assert application.test_score == 70
