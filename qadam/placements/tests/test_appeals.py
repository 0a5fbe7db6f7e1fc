"""Appeals: submitted within the window, decided by the coordinator with a reason; an upheld
one corrects the input, re-runs the round as a job, lists exactly whose placement changed
and publishes a new certificate. Every step audited; each role sees only what it may."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry, Job
from qadam.placements import services
from qadam.placements.certificate.verify import round_verify
from qadam.placements.models import Appeal, Application, Placement, PlacementRound
from qadam.registry.tests.factories import UserFactory


@pytest.fixture
def decide(django_capture_on_commit_callbacks):
    """appeal_decide, with the re-run it queues on commit run as the decision returns."""

    def call(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.appeal_decide(**kwargs)

    return call


def _offers(placement_round: PlacementRound) -> dict[int, int | None]:
    return dict(
        Placement.objects.filter(round=placement_round).values_list("student_id", "offer_id")
    )


def _appeal(published, users, **fields) -> Appeal:
    defaults = {
        "ground": Appeal.Ground.SCORE,
        "offer_id": published.weld.pk,
        "statement": "My test at the welding offer was marked wrong.",
    }
    return services.appeal_submit(
        actor=users["student"], placement_round=published.round, **{**defaults, **fields}
    )


def test_an_upheld_score_appeal_changes_exactly_the_listed_placements(
    decide, world, users, published
):
    before = _offers(published.round)
    appeal = _appeal(published, users)
    decided = decide(
        actor=users["ministry_admin"],
        appeal=appeal,
        uphold=True,
        reason="The test sheet was mis-scanned.",
        corrected_score=99.0,
    )
    decided.refresh_from_db()
    after = _offers(published.round)
    changed = {s for s in before if before[s] != after[s]}
    student, rival = world.students_a[0].pk, world.students_b[0].pk
    assert changed == {student, rival}
    assert sorted(decided.changes) == sorted(
        [[student, published.pipe.pk, published.weld.pk], [rival, published.weld.pk, None]]
    )
    assert decided.status == Appeal.Status.UPHELD
    assert Job.objects.get(pk=decided.job_id).status == Job.Status.SUCCEEDED
    certificate = decided.certificate
    assert certificate.number == 2 and certificate.reason == "correction"
    assert round_verify(round_id=published.round.pk).ok
    published.round.refresh_from_db()
    assert published.round.status == PlacementRound.Status.PUBLISHED


def test_every_step_of_an_upheld_appeal_is_audited(decide, users, published):
    appeal = _appeal(published, users)
    decide(
        actor=users["ministry_admin"], appeal=appeal, uphold=True, reason="r", corrected_score=99
    )
    entries = AuditEntry.objects.filter(
        model__in=["placements.Appeal", "placements.Application", "placements.Placement"]
    )
    by_model = {(e.model, e.action) for e in entries}
    assert ("placements.Appeal", AuditEntry.Action.CREATE) in by_model
    assert ("placements.Appeal", AuditEntry.Action.UPDATE) in by_model
    assert ("placements.Application", AuditEntry.Action.UPDATE) in by_model
    assert entries.filter(model="placements.Placement").count() == 2  # the two changed
    assert AuditEntry.objects.filter(model="placements.RoundCertificate").count() == 2


def test_a_rejected_appeal_changes_nothing(decide, users, published):
    before = _offers(published.round)
    appeal = _appeal(published, users)
    decided = decide(
        actor=users["ministry_admin"], appeal=appeal, uphold=False, reason="The score is right."
    )
    assert decided.status == Appeal.Status.REJECTED and decided.job_id is None
    assert decided.decision_reason == "The score is right."
    assert _offers(published.round) == before
    assert published.round.certificates.count() == 1


def test_a_decision_needs_a_reason_and_an_upheld_score_a_score(decide, users, published):
    appeal = _appeal(published, users)
    with pytest.raises(ValidationError) as error:
        decide(actor=users["ministry_admin"], appeal=appeal, uphold=True, reason="")
    assert set(error.value.message_dict) == {"decision_reason", "corrected_score"}


def test_the_window_closes(users, published):
    PlacementRound.objects.filter(pk=published.round.pk).update(
        published_at=published.round.published_at - timedelta(days=11)
    )
    published.round.refresh_from_db()
    with pytest.raises(ValidationError, match="10 days to appeal"):
        _appeal(published, users)


def test_a_score_is_appealed_only_at_an_offer_the_student_ranked(users, published):
    with pytest.raises(ValidationError, match="only at an offer you ranked"):
        _appeal(published, users, offer_id=published.cafe.pk)


def test_one_open_appeal_at_a_time(users, published):
    _appeal(published, users)
    with pytest.raises(ApplicationError, match="still being decided"):
        _appeal(published, users)


def test_an_upheld_eligibility_appeal_puts_the_offer_on_the_list(decide, world, users, published):
    appeal = _appeal(
        published, users, ground=Appeal.Ground.ELIGIBILITY, offer_id=published.cafe.pk, rank=1
    )
    decide(actor=users["ministry_admin"], appeal=appeal, uphold=True, reason="ok")
    ranks = dict(
        Application.objects.filter(student=world.students_a[0]).values_list("offer_id", "rank")
    )
    assert ranks == {published.cafe.pk: 1, published.weld.pk: 2, published.pipe.pk: 3}
    assert published.round.certificates.count() == 2


def test_only_the_coordinator_decides(decide, users, published):
    appeal = _appeal(published, users)
    for role in ("student", "enterprise_hr", "analyst"):
        with pytest.raises(PermissionDenied):
            decide(actor=users[role], appeal=appeal, uphold=False, reason="no")


def test_students_see_only_their_own_appeals(world, users, published, client_for):
    appeal = _appeal(published, users)
    other = UserFactory.student_user(world.students_a[1], username="other_student")
    detail = reverse("placements:appeal_detail", args=[appeal.pk])
    listing = reverse("placements:appeal_list", args=[published.round.pk])
    assert client_for(users["student"]).get(detail).status_code == 200
    for user in (other, users["enterprise_hr"], users["analyst"], users["college_admin_b"]):
        assert client_for(user).get(detail).status_code == 404
        assert f'data-appeal="{appeal.pk}"' not in client_for(user).get(listing).content.decode()
    page = client_for(users["ministry_admin"]).get(listing).content.decode()
    assert f'data-appeal="{appeal.pk}"' in page


def test_a_student_appeals_from_their_page_and_the_coordinator_decides_there(
    django_capture_on_commit_callbacks, world, users, published, client_for
):
    student = client_for(users["student"])
    page = student.get(reverse("placements:my_ranking", args=[published.round.pk]))
    assert 'data-testid="appeal-form"' in page.content.decode()
    student.post(
        reverse("placements:appeal_create", args=[published.round.pk]),
        {"ground": "score", "offer": published.weld.pk, "statement": "Wrong mark."},
    )
    appeal = Appeal.objects.get(student=world.students_a[0])
    ministry = client_for(users["ministry_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = ministry.post(
            reverse("placements:appeal_decide", args=[appeal.pk]),
            {"decision": "uphold", "reason": "Mis-scanned.", "corrected_score": "99"},
        )
    assert response.status_code == 302
    page = ministry.get(reverse("placements:appeal_detail", args=[appeal.pk])).content.decode()
    assert page.count("<tr data-student=") == 2
    assert 'data-testid="correction-certificate"' in page
