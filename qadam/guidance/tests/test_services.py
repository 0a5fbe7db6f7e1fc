"""The diagnostic through its services: consent, answers, scoring, idempotent submission,
links to accounts, events, and what each role then sees."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qadam.guidance import selectors, services
from qadam.guidance.instruments import InstrumentChanged, instrument_load
from qadam.guidance.models import DiagnosticSession, GuidanceEvent, Item
from qadam.guidance.services import PupilDetails
from qadam.registry.tests.factories import InstitutionFactory, UserFactory

SCALE_ORDER = "RIASEC"


def answers_for(instrument, **by_scale: int) -> dict[str, int]:
    """Every item of a scale answered with that scale's value (default 1)."""
    return {item.code: by_scale.get(item.scale, 1) for item in instrument.items.all()}


def details(world, **changes) -> PupilDetails:
    fields = {"language": "en", "age": 15, "region_id": world.region_a.pk}
    return PupilDetails(**{**fields, **changes})


def submit(world, instrument, answers=None, client_id=None, **kwargs):
    return services.submission_create(
        client_id=client_id or uuid.uuid4(),
        details=details(world),
        consent=True,
        answers=answers if answers is not None else answers_for(instrument, R=5, I=4, C=3),
        **kwargs,
    )


def test_the_item_bank_loads_once_and_refuses_silent_rewording(instrument):
    assert instrument.items.count() == 48
    assert sorted({i.scale for i in instrument.items.all()}) == sorted(SCALE_ORDER)
    assert instrument_load() == instrument  # idempotent
    Item.objects.filter(instrument=instrument, code="R1").update(text_ru="другой текст")
    with pytest.raises(InstrumentChanged, match="release a new version"):
        instrument_load()


def test_a_realistic_pupil_is_scored_coded_and_pointed_to_electricians(
    world, instrument, catalogue
):
    session, created = submit(world, instrument)
    assert created
    assert session.scores == [5.0, 4.0, 1.0, 1.0, 1.0, 3.0]
    assert session.holland_code == "RIC"
    assert session.recommendations[0]["specialty"] == catalogue.electrician.pk
    assert session.recommendations[0]["fit"] > 0.9
    assert session.top_specialty == catalogue.electrician
    assert len(session.resume_code) == 8


def test_a_social_pupil_gets_nursing_first(world, instrument, catalogue):
    session, _created = submit(world, instrument, answers_for(instrument, S=5, I=4, C=3))
    assert session.holland_code == "SIC"
    assert session.recommendations[0]["specialty"] == catalogue.nurse.pk


def test_resubmitting_the_same_form_stores_it_once(world, instrument, catalogue):
    client_id = uuid.uuid4()
    first, created = submit(world, instrument, client_id=client_id)
    again, created_again = submit(
        world, instrument, answers_for(instrument, S=5), client_id=client_id
    )
    assert created and not created_again
    assert again.pk == first.pk and again.holland_code == "RIC"
    assert DiagnosticSession.objects.count() == 1


def test_a_resend_after_the_event_closed_gets_the_stored_result(world, instrument, catalogue):
    organiser = UserFactory.guidance_organiser()
    event = services.event_create(
        actor=organiser,
        name="Atom Fest",
        kind="festival",
        starts_on=date(2026, 11, 20),
        ends_on=date(2026, 11, 22),
        region_id=world.region_a.pk,
    )
    client_id = uuid.uuid4()
    first, _created = submit(world, instrument, client_id=client_id, event_code=event.join_code)
    services.event_set_open(actor=organiser, event=event, is_open=False)
    again, created = submit(world, instrument, client_id=client_id, event_code=event.join_code)
    assert not created and again.pk == first.pk and again.holland_code == first.holland_code
    with pytest.raises(ValidationError, match="closed"):  # a new pupil is refused
        submit(world, instrument, event_code=event.join_code)


def test_a_session_begun_on_the_pages_is_completed_by_a_whole_submission(
    world, instrument, catalogue
):
    client_id = uuid.uuid4()
    begun = services.session_start(client_id=client_id, details=details(world), consent=True)
    services.session_answer(session=begun, answers={"R1": 5})
    rest = {code: value for code, value in answers_for(instrument, R=5).items() if code != "R1"}
    done, created = submit(world, instrument, rest, client_id=client_id)
    assert created and done.pk == begun.pk and done.completed_at is not None
    assert done.answers.startswith("55") and DiagnosticSession.objects.count() == 1


def test_an_incomplete_submission_names_the_missing_items_and_stores_nothing(
    world, instrument, catalogue
):
    answers = answers_for(instrument, R=5)
    del answers["R3"], answers["C8"]
    with pytest.raises(ValidationError) as raised:
        submit(world, instrument, answers)
    assert raised.value.message_dict["answers"] == ["Please answer every item; missing: R3, C8."]
    assert not DiagnosticSession.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, 2.5, "4", True])
def test_out_of_range_answers_are_named(world, instrument, catalogue, bad):
    answers = answers_for(instrument)
    answers["A2"] = bad
    with pytest.raises(ValidationError, match="from 1 to 5: A2"):
        submit(world, instrument, answers)
    assert not DiagnosticSession.objects.exists()


def test_unknown_items_and_skills_are_refused(world, instrument, catalogue):
    with pytest.raises(ValidationError, match="Unknown items: Z9"):
        submit(world, instrument, {**answers_for(instrument), "Z9": 3})
    with pytest.raises(ValidationError, match="rated 1 to 5: juggling"):
        submit(world, instrument, skills={"juggling": 3})


def test_no_consent_no_session(world, instrument):
    with pytest.raises(ValidationError) as raised:
        services.session_start(client_id=uuid.uuid4(), details=details(world), consent=False)
    assert "consent" in raised.value.message_dict


def test_a_pupil_saves_screen_by_screen_and_resumes_with_the_code(world, instrument, catalogue):
    session = services.session_start(client_id=uuid.uuid4(), details=details(world), consent=True)
    services.session_answer(session=session, answers={"R1": 5, "R2": 4})
    resumed = selectors.session_by_code(resume_code=session.resume_code.lower())
    assert resumed.pk == session.pk and resumed.answers.startswith("54")
    with pytest.raises(ValidationError, match="missing: R3"):
        services.session_complete(session=resumed)
    done = services.session_complete(session=resumed, answers=answers_for(instrument, R=5))
    assert done.completed_at and done.scores[0] == 5.0
    with pytest.raises(ValidationError):
        services.session_answer(session=done, answers={"R1": 1})


def test_event_codes_let_pupils_join_until_the_event_closes(world, instrument, catalogue):
    organiser = UserFactory.guidance_organiser()
    event = services.event_create(
        actor=organiser,
        name="Atom Fest",
        kind="festival",
        starts_on=date(2026, 11, 20),
        ends_on=date(2026, 11, 22),
        region_id=world.region_a.pk,
    )
    session, _created = submit(world, instrument, event_code=event.join_code.lower())
    assert session.event == event
    services.event_set_open(actor=organiser, event=event, is_open=False)
    with pytest.raises(ValidationError, match="closed"):
        submit(world, instrument, event_code=event.join_code)
    with pytest.raises(ValidationError, match="no event"):
        submit(world, instrument, event_code="NOPE42")
    with pytest.raises(PermissionDenied):
        services.event_set_open(actor=UserFactory.guidance_organiser(), event=event, is_open=True)


def test_only_organisers_create_events(world, users, instrument):
    with pytest.raises(PermissionDenied):
        services.event_create(
            actor=users["student"],
            name="x",
            kind="festival",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 1, 2),
        )


def test_who_sees_a_pupils_results(world, users, instrument, catalogue):
    school = InstitutionFactory.create(school=True, region=world.region_a)
    other_school = InstitutionFactory.create(school=True, region=world.region_a)
    shared, _ = services.submission_create(
        client_id=uuid.uuid4(),
        details=details(world, school_id=school.pk, share_with_counsellor=True),
        consent=True,
        answers=answers_for(instrument, R=5),
    )
    private, _ = services.submission_create(
        client_id=uuid.uuid4(),
        details=details(world, school_id=school.pk),
        consent=True,
        answers=answers_for(instrument, S=5),
    )
    counsellor = UserFactory.school_counsellor(school)
    assert list(selectors.sessions_visible(user=counsellor)) == [shared]
    assert not selectors.sessions_visible(user=UserFactory.school_counsellor(other_school)).exists()
    parent = UserFactory.parent()
    services.parent_link_create(parent=parent, resume_code=private.resume_code)
    assert list(selectors.sessions_visible(user=parent)) == [private]
    services.session_link_account(user=users["student"], resume_code=private.resume_code)
    assert list(selectors.sessions_visible(user=users["student"])) == [private]
    with pytest.raises(ValidationError, match="another account"):
        services.session_link_account(
            user=users["college_admin_a"], resume_code=private.resume_code
        )
    with pytest.raises(PermissionDenied):
        services.parent_link_create(parent=users["analyst"], resume_code=private.resume_code)
    for role in ("ministry_admin", "analyst", "guidance_organiser", "enterprise_hr"):
        assert not selectors.sessions_visible(user=users[role]).exists()


def test_results_show_where_to_study_in_the_pupils_region(world, instrument, catalogue):
    session, _ = submit(world, instrument)
    results = selectors.session_results(session=session, language="en")
    assert [s.code for s in results.top_scales] == ["R", "I", "C"]
    assert results.top_scales[0].name == "Realistic" and results.top_scales[0].score == 5.0
    first = results.recommendations[0]
    assert first.specialty == catalogue.electrician
    assert first.state_funded_seats == 25
    assert [c.name for c in first.colleges] == [world.college_a.name_en]
    assert first.colleges[0].distance_km == 0.0
    assert "Liao" in results.attribution


def test_event_dashboard_counts_codes_specialties_and_reliability(world, instrument, catalogue):
    organiser = UserFactory.guidance_organiser()
    event = services.event_create(
        actor=organiser,
        name="Fest",
        kind="festival",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 1, 2),
    )
    patterns = [dict(R=5, I=4, C=3), dict(R=5, I=3, C=2), dict(S=5, I=4, C=3)]
    for pattern in patterns:
        answers = answers_for(instrument, **pattern)
        answers["R1"] = 3  # some variance inside the R scale
        submit(world, instrument, answers, event_code=event.join_code)
    services.session_start(
        client_id=uuid.uuid4(), details=details(world), consent=True, event_code=event.join_code
    )
    dashboard = selectors.event_dashboard(user=organiser, event=event)
    assert (dashboard.started, dashboard.completed) == (4, 3)
    assert dict(dashboard.first_letters) == {"R": 2, "I": 0, "A": 0, "S": 1, "E": 0, "C": 0}
    assert dashboard.specialties[0] == (catalogue.electrician, 2)
    r = dashboard.reliability[0]
    assert r.code == "R" and r.norm_alpha == 0.88 and r.norm_mean == 2.086
    assert r.alpha is not None
    with pytest.raises(GuidanceEvent.DoesNotExist):
        selectors.event_get(user=UserFactory.guidance_organiser(), event_id=event.pk)
