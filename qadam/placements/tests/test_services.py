"""Placement rounds through their services: lifecycle, applications, match, decisions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry, Job
from qadam.placements import services
from qadam.placements.identity import applicant_number
from qadam.placements.matching import run_match
from qadam.placements.models import (
    Application,
    Offer,
    Placement,
    PlacementRound,
    TrainingContract,
)
from qadam.placements.selectors import placement_explanations
from qadam.placements.tests.factories import OfferFactory
from qadam.registry import services as registry_services
from qadam.registry.choices import StudentStatus
from qadam.registry.tests.factories import UserFactory

Status = PlacementRound.Status


def rank(user, round_world, *offers):
    return services.application_rank_set(
        actor=user, placement_round=round_world.round, offer_ids=[o.pk for o in offers]
    )


def close_and_match(users, round_world):
    services.round_close(actor=users["ministry_admin"], placement_round=round_world.round)
    return run_match(round_id=round_world.round.pk, actor=users["ministry_admin"])


# --------------------------------------------------------------------------- lifecycle


def test_coordinator_walks_a_round_through_its_lifecycle_and_every_step_is_audited(
    users, open_round, django_capture_on_commit_callbacks
):
    ministry = users["ministry_admin"]
    rank(users["student"], open_round, open_round.weld)
    placement_round = services.round_close(actor=ministry, placement_round=open_round.round)
    assert placement_round.status == Status.CLOSED
    with django_capture_on_commit_callbacks(execute=True):
        job = services.round_match_start(actor=ministry, placement_round=placement_round)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED  # the test task backend runs it at once
    placement_round.refresh_from_db()
    assert placement_round.status == Status.MATCHED
    placement_round = services.round_publish(actor=ministry, placement_round=placement_round)
    assert placement_round.status == Status.PUBLISHED and placement_round.published_at
    statuses = [
        entry.changes["status"]
        for entry in AuditEntry.objects.filter(
            model="placements.PlacementRound", object_id=str(placement_round.pk)
        ).order_by("id")
        if "status" in entry.changes and entry.action == AuditEntry.Action.UPDATE
    ]
    assert statuses == [["open", "closed"], ["closed", "matched"], ["matched", "published"]]


def test_steps_out_of_order_are_refused_with_the_current_status(users, open_round):
    with pytest.raises(ApplicationError, match="open for applications"):
        services.round_publish(actor=users["ministry_admin"], placement_round=open_round.round)
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.OPEN


@pytest.mark.parametrize("role", ["analyst", "college_admin_a", "enterprise_hr", "student"])
def test_only_the_coordinator_runs_a_national_round(users, open_round, role):
    with pytest.raises(PermissionDenied):
        services.round_close(actor=users[role], placement_round=open_round.round)


def test_a_college_admin_coordinates_their_own_college_round_only(world, users):
    own = services.round_create(
        actor=users["college_admin_a"], name="Practice", term="2027", institution=world.college_a
    )
    assert own.lottery_seed >= 0 and own.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        services.round_create(
            actor=users["college_admin_a"], name="x", term="2027", institution=world.college_b
        )
    with pytest.raises(PermissionDenied):
        services.round_create(actor=users["college_admin_a"], name="National", term="2027")


def test_a_round_without_offers_cannot_open(users):
    draft = services.round_create(actor=users["ministry_admin"], name="Empty", term="2027")
    with pytest.raises(ApplicationError, match="no offers"):
        services.round_open(actor=users["ministry_admin"], placement_round=draft)


# --------------------------------------------------------------------------- offers


def offer_fields(world, **changes):
    fields = {
        "title": "Fitter",
        "region": world.region_a,
        "address": "Atyrau, 5 Port St",
        "seats": 3,
        "starts_on": date(2027, 2, 1),
        "ends_on": date(2027, 6, 30),
    }
    return {**fields, **changes}


def test_enterprise_publishes_an_offer_for_itself_only(world, users, open_round):
    offer = services.offer_create(
        actor=users["enterprise_hr"],
        placement_round=open_round.round,
        enterprise_id=world.enterprise.pk,
        specialties=[world.programs_a[0].specialty],
        **offer_fields(world),
    )
    assert list(offer.specialties.all()) == [world.programs_a[0].specialty]
    other = open_round.pipe.enterprise_id
    with pytest.raises(PermissionDenied):
        services.offer_create(
            actor=users["enterprise_hr"],
            placement_round=open_round.round,
            enterprise_id=other,
            specialties=[world.programs_a[0].specialty],
            **offer_fields(world),
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": Offer.Kind.TARGETED}, "position"),
        ({"scoring_rule": Offer.ScoringRule.WEIGHTED, "weight_grades": 60}, "weight_grades"),
        ({"ends_on": date(2027, 1, 1)}, "ends_on"),
        ({"seats": 0}, "seats"),
        ({"salary_min": 500_000, "salary_max": 100_000}, "salary_max"),
        ({"seats": 1_001}, "seats"),
        ({"salary_max": 10_000_001}, "salary_max"),
        ({"kind": "targeted", "position": "Fitter", "work_years": 6}, "work_years"),
        ({"weight_distance": 500}, "weight_distance"),
        ({"mentors": "\n".join(f"Mentor {n}" for n in range(101))}, "mentors"),
    ],
)
def test_an_invalid_offer_names_its_field_and_is_not_saved(
    world, users, open_round, changes, field
):
    before = Offer.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.offer_create(
            actor=users["enterprise_hr"],
            placement_round=open_round.round,
            enterprise_id=world.enterprise.pk,
            specialties=[world.programs_a[0].specialty],
            **offer_fields(world, **changes),
        )
    assert field in raised.value.message_dict
    assert Offer.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": 5_000}, {"seats": ["Must be from 1 to 1000."]}),
        ({"seats": 0}, {"seats": ["Must be from 1 to 1000."]}),
        ({"work_years": 10}, {"work_years": ["Must be from 1 to 5."]}),
        ({"salary_min": 12_000_000}, {"salary_min": ["Must be from 0 to 10000000."]}),
    ],
)
def test_a_change_out_of_range_is_refused_with_the_rules_message(
    users, open_round, changes, message
):
    pipe = open_round.pipe
    hr = UserFactory.enterprise_hr(pipe.enterprise)
    with pytest.raises(ValidationError) as raised:
        services.offer_update(actor=hr, offer=pipe, **changes)
    assert raised.value.message_dict == message
    pipe.refresh_from_db()
    assert (pipe.seats, pipe.work_years, pipe.salary_min) == (2, 3, 300_000)


def test_an_offer_update_writes_only_what_changed_and_marks_the_inputs_changed(
    world, users, open_round
):
    weld, hr = open_round.weld, users["enterprise_hr"]
    stale = Offer.objects.get(pk=weld.pk)
    Offer.objects.filter(pk=weld.pk).update(mentors="Сейткали Нурлан")  # someone else, meanwhile
    services.offer_update(
        actor=hr, offer=stale, seats=4, specialties=[world.programs_b[0].specialty]
    )
    weld.refresh_from_db()
    assert (weld.seats, weld.mentors) == (4, "Сейткали Нурлан")
    [entry] = AuditEntry.objects.filter(model="placements.Offer", object_id=str(weld.pk))
    assert entry.changes == {
        "seats": [1, 4],
        "specialties": [
            [world.programs_a[0].specialty_id, world.programs_b[0].specialty_id],
            [world.programs_b[0].specialty_id],
        ],
    }
    open_round.round.refresh_from_db()
    assert open_round.round.inputs_version == 1
    services.offer_update(actor=hr, offer=stale, seats=4)  # no change: no entry, no bump
    open_round.round.refresh_from_db()
    assert open_round.round.inputs_version == 1
    assert AuditEntry.objects.filter(model="placements.Offer", object_id=str(weld.pk)).count() == 1


def test_specialties_changed_meanwhile_are_refused_not_overwritten(world, users, open_round):
    weld, hr = open_round.weld, users["enterprise_hr"]
    seen = list(weld.specialties.all())
    services.offer_update(actor=hr, offer=weld, specialties=[world.programs_a[0].specialty])
    with pytest.raises(ValidationError, match="Someone else changed this"):
        services.offer_update(
            actor=hr,
            offer=weld,
            specialties=[world.programs_b[0].specialty],
            seen={"specialties": seen},
        )
    assert list(weld.specialties.all()) == [world.programs_a[0].specialty]


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ("offer", "seats", 0),
        ("offer", "seats", 1_001),
        ("offer", "salary_max", 10_000_001),
        ("offer", "work_years", 6),
        ("offer", "weight_fit", 101),
        ("round", "max_choices", 21),
        ("contract", "work_years", 6),
        ("contract", "employed_on", date(2000, 1, 1)),  # before it was signed
    ],
)
def test_the_database_refuses_what_the_rules_refuse(world, users, open_round, model, field, value):
    """A write that skips the services (a raw update, a bulk load) meets the same ranges."""
    placement = published(world, users, open_round)
    services.placement_accept(
        actor=UserFactory.enterprise_hr(open_round.pipe.enterprise), placement=placement
    )
    rows = {
        "offer": Offer.objects.filter(pk=open_round.weld.pk),
        "round": PlacementRound.objects.filter(pk=open_round.round.pk),
        "contract": TrainingContract.objects.filter(placement=placement),
    }[model]
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{field: value})


def test_no_offers_once_applications_close(world, users, open_round):
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    open_round.round.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.offer_create(
            actor=users["enterprise_hr"],
            placement_round=open_round.round,
            enterprise_id=world.enterprise.pk,
            specialties=[world.programs_a[0].specialty],
            **offer_fields(world),
        )


# --------------------------------------------------------------------------- applications


def test_student_ranks_moves_and_removes_offers(users, open_round):
    student = users["student"]
    services.application_add(
        actor=student, placement_round=open_round.round, offer_id=open_round.weld.pk
    )
    services.application_add(
        actor=student, placement_round=open_round.round, offer_id=open_round.pipe.pk
    )
    services.application_move(
        actor=student, placement_round=open_round.round, offer_id=open_round.pipe.pk, steps=-1
    )
    ranking = Application.objects.filter(round=open_round.round).order_by("rank")
    assert [(a.offer_id, a.rank) for a in ranking] == [
        (open_round.pipe.pk, 1),
        (open_round.weld.pk, 2),
    ]
    services.application_remove(
        actor=student, placement_round=open_round.round, offer_id=open_round.pipe.pk
    )
    assert [(a.offer_id, a.rank) for a in ranking.all()] == [(open_round.weld.pk, 1)]


def test_an_incompatible_offer_is_refused_naming_the_choice(users, open_round):
    rank(users["student"], open_round, open_round.weld)
    with pytest.raises(ValidationError) as raised:
        rank(users["student"], open_round, open_round.pipe, open_round.cafe)
    assert raised.value.message_dict["offers"] == [
        f"Choice 2 (offer #{open_round.cafe.pk} «Cook»): it does not accept your specialty."
    ]
    kept = Application.objects.filter(round=open_round.round).values_list("offer_id", flat=True)
    assert list(kept) == [open_round.weld.pk]  # the earlier ranking stands


def test_duplicates_unknown_offers_and_too_many_choices_are_refused(users, open_round):
    with pytest.raises(ValidationError, match="already on your list"):
        rank(users["student"], open_round, open_round.weld, open_round.weld)
    with pytest.raises(ValidationError, match="no such offer"):
        services.application_rank_set(
            actor=users["student"], placement_round=open_round.round, offer_ids=[999_999]
        )
    open_round.round.max_choices = 1
    open_round.round.save()
    with pytest.raises(ValidationError, match="at most 1"):
        rank(users["student"], open_round, open_round.weld, open_round.pipe)


def test_only_students_apply_and_only_while_open(users, open_round):
    with pytest.raises(PermissionDenied):
        rank(users["enterprise_hr"], open_round, open_round.weld)
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    open_round.round.refresh_from_db()
    with pytest.raises(ApplicationError):
        rank(users["student"], open_round, open_round.weld)


def test_a_college_round_is_for_that_colleges_students(world, users, open_round):
    college_round = services.round_create(
        actor=users["college_admin_b"], name="B only", term="2027", institution=world.college_b
    )
    OfferFactory.create(round=college_round, specialties=[world.programs_a[0].specialty])
    services.round_open(actor=users["college_admin_b"], placement_round=college_round)
    with pytest.raises(PermissionDenied, match="another institution"):
        services.application_rank_set(
            actor=users["student"],
            placement_round=college_round,
            offer_ids=[college_round.offers.get().pk],
        )


# --------------------------------------------------------------------------- the match


def student_user(student):
    return UserFactory.student_user(student)


def test_match_places_by_grade_and_explains_the_rest(world, users, open_round):
    """weld has 1 seat: a0 (4.50) beats b0 (4.00); b0 falls to pipe; a2 (3.50) to pipe."""
    a0, a2, b0 = (
        users["student"],
        student_user(world.students_a[2]),
        student_user(world.students_b[0]),
    )
    rank(a0, open_round, open_round.weld, open_round.pipe)
    rank(b0, open_round, open_round.weld, open_round.pipe)
    rank(a2, open_round, open_round.weld, open_round.pipe)
    summary = close_and_match(users, open_round)
    got = {
        p.student_id: (p.offer_id, p.rank, p.status)
        for p in Placement.objects.filter(round=open_round.round)
    }
    assert got == {
        world.students_a[0].pk: (open_round.weld.pk, 1, "pending"),
        world.students_b[0].pk: (open_round.pipe.pk, 2, "pending"),
        world.students_a[2].pk: (open_round.pipe.pk, 2, "pending"),
    }
    assert summary["placed"] == 3 and summary["first_choice"] == 1
    assert summary["blocking_pairs"] == 0
    open_round.weld.refresh_from_db()
    assert (open_round.weld.filled, open_round.weld.cutoff) == (1, 90.0)
    b0_placement = Placement.objects.get(round=open_round.round, student=world.students_b[0])
    [why] = placement_explanations(placement=b0_placement)
    assert why.offer == open_round.weld
    assert why.explanation.reason == "full"
    assert why.explanation.message.endswith(
        "filled its 1 seat; the lowest admitted score was 90.0, yours was 80.0."
    )


def test_a_rerun_gives_the_same_placements(world, users, open_round):
    for user in (
        users["student"],
        student_user(world.students_a[2]),
        student_user(world.students_b[0]),
    ):
        rank(user, open_round, open_round.weld, open_round.pipe)
    close_and_match(users, open_round)
    first = list(
        Placement.objects.order_by("student_id").values_list(
            "student_id", "offer_id", "lottery", "scores"
        )
    )
    run_match(round_id=open_round.round.pk)
    again = list(
        Placement.objects.order_by("student_id").values_list(
            "student_id", "offer_id", "lottery", "scores"
        )
    )
    assert first == again


def test_equal_scores_go_to_the_lower_lottery_number_and_the_loser_is_told(
    world, users, open_round
):
    world.students_b[0].grade_average = world.students_a[0].grade_average
    world.students_b[0].save()
    rank(users["student"], open_round, open_round.weld)
    rank(student_user(world.students_b[0]), open_round, open_round.weld)
    close_and_match(users, open_round)
    placements = {p.student_id: p for p in Placement.objects.filter(round=open_round.round)}
    winner = min(placements.values(), key=lambda p: p.lottery)
    loser = max(placements.values(), key=lambda p: p.lottery)
    assert winner.offer_id == open_round.weld.pk and loser.offer_id is None
    [why] = placement_explanations(placement=loser)
    assert why.explanation.reason == "tie"


def test_a_failed_write_leaves_the_round_as_it_was(world, users, open_round, monkeypatch):
    rank(users["student"], open_round, open_round.weld)
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("qadam.placements.matching.write_offers", explode)
    with pytest.raises(RuntimeError):
        run_match(round_id=open_round.round.pk)
    open_round.round.refresh_from_db()
    assert open_round.round.status == Status.CLOSED
    assert not Placement.objects.exists()


def test_inputs_changed_during_a_run_are_not_written(world, users, open_round, monkeypatch):
    rank(users["student"], open_round, open_round.weld)
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    from qadam.placements import matching

    real_summarise = matching.summarise

    def upload_meanwhile(arrays, result):
        PlacementRound.objects.filter(pk=open_round.round.pk).update(inputs_version=99)
        return real_summarise(arrays, result)

    monkeypatch.setattr(matching, "summarise", upload_meanwhile)
    with pytest.raises(ApplicationError, match="changed during the run"):
        run_match(round_id=open_round.round.pk)
    assert not Placement.objects.exists()


def test_only_closed_rounds_are_matched(open_round):
    with pytest.raises(ApplicationError, match="Only a closed round"):
        run_match(round_id=open_round.round.pk)


# --------------------------------------------------------------------------- assessments


def test_ranking_upload_is_all_or_nothing_and_decides_the_match(world, users, open_round):
    open_round.weld.scoring_rule = Offer.ScoringRule.RANKING
    open_round.weld.save()
    b0 = world.students_b[0]
    rank(users["student"], open_round, open_round.weld)
    rank(student_user(b0), open_round, open_round.weld)
    services.round_close(actor=users["ministry_admin"], placement_round=open_round.round)
    a0 = world.students_a[0]
    number = {
        s: applicant_number(Application.objects.get(offer=open_round.weld, student=s).pk)
        for s in (a0, b0)
    }
    bad = f"applicant_number,enterprise_rank\n{number[b0]},1\n{number[a0]},zero\n"
    with pytest.raises(ValidationError, match="Row 3: enterprise_rank"):
        services.offer_assessments_import(
            actor=users["enterprise_hr"],
            offer=open_round.weld,
            csv_text=bad,
            column="enterprise_rank",
        )
    assert not Application.objects.filter(enterprise_rank__isnull=False).exists()
    good = f"applicant_number,enterprise_rank\n{number[b0]},1\n{number[a0]},2\n"
    assert (
        services.offer_assessments_import(
            actor=users["enterprise_hr"],
            offer=open_round.weld,
            csv_text=good,
            column="enterprise_rank",
        )
        == 2
    )
    run_match(round_id=open_round.round.pk)
    # the enterprise ranked b0 first although a0 has the better grades
    assert Placement.objects.get(student=b0).offer_id == open_round.weld.pk
    assert Placement.objects.get(student=a0).offer_id is None


def test_an_applicant_who_did_not_apply_is_named(world, users, open_round):
    rank(users["student"], open_round, open_round.weld)
    stranger = world.students_b[1]
    rank(student_user(stranger), open_round, open_round.cafe)
    elsewhere = applicant_number(Application.objects.get(student=stranger).pk)
    with pytest.raises(
        ValidationError,
        match=f"Row 2, column applicant_number: {elsewhere} has not applied to this offer",
    ):
        services.offer_assessments_import(
            actor=users["enterprise_hr"],
            offer=open_round.weld,
            csv_text=f"applicant_number,test_score\n{elsewhere},50\n",
            column="test_score",
        )


def test_reordering_a_list_keeps_the_applicant_number_and_the_uploaded_score(
    world, users, open_round
):
    """The number the enterprise holds, and what it uploaded by it, outlive the student's
    later changes to their list while the round is open."""
    rank(users["student"], open_round, open_round.weld)
    application = Application.objects.get(offer=open_round.weld)
    services.offer_assessments_import(
        actor=users["enterprise_hr"],
        offer=open_round.weld,
        csv_text=f"applicant_number,test_score\n{applicant_number(application.pk)},77\n",
        column="test_score",
    )
    rank(users["student"], open_round, open_round.pipe, open_round.weld)
    kept = Application.objects.get(offer=open_round.weld)
    assert (kept.pk, kept.rank, kept.test_score) == (application.pk, 2, 77.0)
    assert Application.objects.get(offer=open_round.pipe).rank == 1
    rank(users["student"], open_round, open_round.weld)
    assert list(Application.objects.values_list("pk", "rank")) == [(application.pk, 1)]


# --------------------------------------------------------------------------- after publication


def graduate(users, student, **changes):
    """The college records the student's graduation (or another status) in the registry."""
    registry_services.student_update(
        actor=users["ministry_admin"],
        student=student,
        **{"status": StudentStatus.GRADUATED, **changes},
    )


def published(world, users, open_round):
    rank(users["student"], open_round, open_round.pipe)
    close_and_match(users, open_round)
    services.round_publish(actor=users["ministry_admin"], placement_round=open_round.round)
    return Placement.objects.get(round=open_round.round, student=world.students_a[0])


def test_accepting_a_targeted_placement_makes_a_contract_tracked_to_completion(
    world, users, open_round
):
    placement = published(world, users, open_round)
    pipe_hr = UserFactory.enterprise_hr(open_round.pipe.enterprise)
    with pytest.raises(PermissionDenied):
        services.placement_accept(actor=users["enterprise_hr"], placement=placement)
    services.placement_accept(actor=pipe_hr, placement=placement)
    contract = placement.contract
    assert (contract.position, contract.work_years, contract.institution) == (
        "Operator",
        3,
        world.college_a,
    )
    with pytest.raises(ValidationError, match="in training cannot become completed"):
        services.contract_advance(
            actor=pipe_hr, contract=contract, status="completed", on=date(2030, 1, 1)
        )
    graduate(users, world.students_a[0])  # expected on 2028-06-30
    services.contract_advance(
        actor=pipe_hr, contract=contract, status="employed", on=date(2028, 7, 1)
    )
    done = services.contract_advance(
        actor=pipe_hr, contract=contract, status="completed", on=date(2031, 7, 1)
    )
    assert (done.status, done.employed_on, done.completed_on) == (
        "completed",
        date(2028, 7, 1),
        date(2031, 7, 1),
    )
    with pytest.raises(ApplicationError, match="already"):
        services.placement_accept(actor=pipe_hr, placement=placement)


@pytest.mark.parametrize(
    ("student", "message"),
    [
        ({}, "The student is still in training (the registry says “studying”)"),
        ({"status": "academic_leave"}, "still in training (the registry says “academic leave”)"),
        ({"status": "expelled"}, "terminate the contract instead"),
        ({"status": "graduated"}, "not before the student's graduation (2028-06-30)"),
    ],
)
def test_a_contract_is_not_employed_before_the_training_ends(
    world, users, open_round, student, message
):
    placement = published(world, users, open_round)
    pipe_hr = UserFactory.enterprise_hr(open_round.pipe.enterprise)
    contract = services.placement_accept(actor=pipe_hr, placement=placement).contract
    if student:
        graduate(users, world.students_a[0], **student)
    with pytest.raises(ValidationError) as raised:
        # the day it was signed: a first-year student, due to graduate on 2028-06-30
        services.contract_advance(
            actor=pipe_hr, contract=contract, status="employed", on=contract.signed_on
        )
    [error] = raised.value.message_dict["on"]
    assert message in error
    contract.refresh_from_db()
    assert (contract.status, contract.employed_on) == ("training", None)


def test_a_contract_is_terminated_with_a_reason_on_or_after_its_signing(world, users, open_round):
    placement = published(world, users, open_round)
    pipe_hr = UserFactory.enterprise_hr(open_round.pipe.enterprise)
    contract = services.placement_accept(actor=pipe_hr, placement=placement).contract
    early = contract.signed_on - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        services.contract_advance(
            actor=pipe_hr, contract=contract, status="terminated", on=early, reason=" "
        )
    assert raised.value.message_dict == {
        "on": ["The date is before the contract was signed."],
        "reason": ["Say why the contract is terminated."],
    }
    done = services.contract_advance(
        actor=pipe_hr,
        contract=contract,
        status="terminated",
        on=contract.signed_on,
        reason="Moved abroad",
    )
    assert (done.status, done.terminated_on, done.termination_reason) == (
        "terminated",
        contract.signed_on,
        "Moved abroad",
    )


def test_declining_needs_a_reason_and_frees_the_seat_for_the_second_round(world, users, open_round):
    placement = published(world, users, open_round)
    pipe_hr = UserFactory.enterprise_hr(open_round.pipe.enterprise)
    with pytest.raises(ValidationError):
        services.placement_decline(actor=pipe_hr, placement=placement, reason=" ")
    services.placement_decline(actor=pipe_hr, placement=placement, reason="No medical clearance")
    second = services.round_create_follow_up(
        actor=users["ministry_admin"], previous=open_round.round
    )
    seats = {o.source_offer_id: o.seats for o in second.offers.all()}
    assert seats == {open_round.weld.pk: 1, open_round.pipe.pk: 2, open_round.cafe.pk: 1}
    assert second.status == Status.DRAFT and second.previous_round == open_round.round
    # each copy is audited as created, with what it holds
    pipe_again = second.offers.get(source_offer=open_round.pipe)
    entry = AuditEntry.objects.get(model="placements.Offer", object_id=str(pipe_again.pk))
    assert (entry.action, entry.actor) == ("create", users["ministry_admin"])
    assert entry.changes["seats"] == [None, 2]
    assert entry.changes["specialties"] == [
        None,
        sorted(open_round.pipe.specialties.values_list("pk", flat=True)),
    ]


def test_the_second_round_is_for_the_unplaced(world, users, open_round):
    b0 = student_user(world.students_b[0])
    rank(users["student"], open_round, open_round.weld)
    rank(b0, open_round, open_round.weld)
    close_and_match(users, open_round)
    services.round_publish(actor=users["ministry_admin"], placement_round=open_round.round)
    second = services.round_create_follow_up(
        actor=users["ministry_admin"], previous=open_round.round
    )
    assert {o.source_offer_id for o in second.offers.all()} == {
        open_round.pipe.pk,
        open_round.cafe.pk,
    }
    services.round_open(actor=users["ministry_admin"], placement_round=second)
    pipe_again = second.offers.get(source_offer=open_round.pipe)
    with pytest.raises(PermissionDenied, match="previous round"):
        services.application_rank_set(
            actor=users["student"], placement_round=second, offer_ids=[pipe_again.pk]
        )
    [application] = services.application_rank_set(
        actor=b0, placement_round=second, offer_ids=[pipe_again.pk]
    )
    assert application.offer == pipe_again
