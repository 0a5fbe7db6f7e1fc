from datetime import date

from qadam.joint import rules

PROGRAMME = {"starts_on": date(2026, 9, 1), "ends_on": date(2030, 6, 30)}


def test_a_quota_is_for_one_region_of_either_country():
    both = {"year": 2026, "region_id": 1, "ru_region": "RU-OMS", "seats": 5}
    neither = {"year": 2026, "region_id": None, "ru_region": "", "seats": 5}
    assert "region" in rules.quota_errors(both, programme=PROGRAMME)
    assert "region" in rules.quota_errors(neither, programme=PROGRAMME)
    assert rules.quota_errors({**both, "region_id": None}, programme=PROGRAMME) == {}


def test_a_quota_falls_within_the_programme_and_its_seats_within_range():
    errors = rules.quota_errors(
        {"year": 2031, "region_id": 1, "ru_region": "", "seats": 0}, programme=PROGRAMME
    )
    assert errors["year"] == ["The programme ends in 2030."]
    assert errors["seats"] == ["Must be from 1 to 10000."]


def test_a_cohort_trains_at_a_participant_with_a_partner_across_the_border():
    participants = {1: "KZ", 2: "RU", 3: "KZ"}
    row = {"intake_year": 2026, "institution_id": 1, "region_id": 5, "ru_region": ""}
    assert (
        rules.cohort_errors(
            {**row, "partner_id": 2}, programme=PROGRAMME, participants=participants
        )
        == {}
    )
    same_side = rules.cohort_errors(
        {**row, "partner_id": 3}, programme=PROGRAMME, participants=participants
    )
    assert same_side == {"partner": ["The partner institution is in the other country."]}
    outsider = rules.cohort_errors(
        {**row, "institution_id": 9}, programme=PROGRAMME, participants=participants
    )
    assert outsider == {"institution": ["This institution does not take part in the programme."]}


def test_only_colleges_and_universities_of_both_countries_take_part():
    assert rules.participant_errors(kind="college", country="KZ") == {}
    assert rules.participant_errors(kind="foreign_partner", country="RU") == {}
    assert "institution" in rules.participant_errors(kind="school", country="KZ")
    assert "institution" in rules.participant_errors(kind="foreign_partner", country="CN")


def test_a_student_joins_a_cohort_of_their_institution_once_per_programme():
    assert (
        rules.member_errors(
            student_institution_id=1, cohort_institution_ids={1}, other_cohort=False
        )
        == {}
    )
    assert "student" in rules.member_errors(
        student_institution_id=2, cohort_institution_ids={1}, other_cohort=False
    )
    assert "student" in rules.member_errors(
        student_institution_id=1, cohort_institution_ids={1}, other_cohort=True
    )


def test_a_cohort_trains_in_a_specialty_the_programme_has_quotas_for():
    row = {
        "intake_year": 2026,
        "institution_id": 1,
        "region_id": 5,
        "ru_region": "",
        "specialty_id": 7,
    }
    errors = rules.cohort_errors(row, programme=PROGRAMME, participants={1: "KZ"}, specialties={8})
    assert errors == {"specialty": ["The programme has no quota in this specialty."]}
    assert (
        rules.cohort_errors(row, programme=PROGRAMME, participants={1: "KZ"}, specialties={7}) == {}
    )
