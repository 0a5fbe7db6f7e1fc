"""The placement rules on plain rows: no database, the messages a user reads."""

from datetime import date

import pytest

from qadam.placements import rules

OFFER = {
    "kind": "dual",
    "seats": 10,
    "starts_on": date(2027, 2, 1),
    "ends_on": date(2027, 6, 30),
    "mentors": "Сейткали Нурлан\nАхметова Айгерим",
    "scoring_rule": "grades",
    "weight_grades": 0,
    "weight_fit": 0,
    "weight_distance": 0,
    "weight_test": 0,
    "position": "",
    "salary_min": None,
    "salary_max": None,
    "work_years": None,
}
CONTRACT = {
    "status": "training",
    "salary_min": 300_000,
    "salary_max": 450_000,
    "work_years": 3,
    "signed_on": date(2026, 12, 6),
    "employed_on": None,
    "completed_on": None,
    "terminated_on": None,
    "termination_reason": "",
}
GRADUATE = {"status": "graduated", "expected_graduation_on": date(2028, 6, 30)}


def offer(**changes):
    return {**OFFER, **changes}


def contract(**changes):
    return {**CONTRACT, **changes}


def test_a_sound_offer_and_its_range_edges_pass():
    assert rules.offer_errors(offer()) == {}
    assert rules.offer_errors(offer(seats=1)) == {}
    assert rules.offer_errors(offer(seats=1_000)) == {}
    targeted = offer(
        kind="targeted", position="Operator", salary_min=0, salary_max=10_000_000, work_years=5
    )
    assert rules.offer_errors(targeted) == {}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"seats": 0}, {"seats": ["Must be from 1 to 1000."]}),
        ({"seats": 1_001}, {"seats": ["Must be from 1 to 1000."]}),
        ({"salary_max": 10_000_001}, {"salary_max": ["Must be from 0 to 10000000."]}),
        ({"work_years": 6}, {"work_years": ["Must be from 1 to 5."]}),
        ({"weight_test": 101}, {"weight_test": ["Must be from 0 to 100."]}),
        ({"ends_on": date(2027, 2, 1)}, {"ends_on": ["The term must end after it starts."]}),
        (
            {"scoring_rule": "weighted", "weight_grades": 60, "weight_fit": 30},
            {"weight_grades": ["The weights must add up to 100, not 90."]},
        ),
        (
            {"salary_min": 500_000, "salary_max": 400_000},
            {"salary_max": ["The top of the salary band is below its bottom."]},
        ),
        (
            {"kind": "targeted", "position": "Operator", "salary_min": 1, "salary_max": 2},
            {"work_years": ["Targeted training needs this."]},
        ),
        (
            {"mentors": "\n".join(f"Mentor {n}" for n in range(101))},
            {"mentors": ["List at most 100 mentors, one name a line."]},
        ),
        (
            {"mentors": "Ахметова Айгерим\n" + "x" * 151},
            {"mentors": ["Line 2 is longer than 150 characters: put one name on each line."]},
        ),
    ],
)
def test_an_offer_out_of_its_rules_gets_a_message_on_the_field(changes, errors):
    assert rules.offer_errors(offer(**changes)) == errors


def test_an_out_of_range_salary_is_not_also_called_an_unordered_band():
    errors = rules.offer_errors(offer(salary_min=20_000_000, salary_max=400_000))
    assert errors == {"salary_min": ["Must be from 0 to 10000000."]}


@pytest.mark.parametrize(
    ("current", "new", "refused"),
    [
        ("training", "employed", False),
        ("training", "terminated", False),
        ("employed", "completed", False),
        ("employed", "terminated", False),
        ("training", "completed", True),
        ("completed", "terminated", True),
        ("terminated", "employed", True),
        ("training", "retired", True),
    ],
)
def test_a_contract_moves_only_along_its_steps(current, new, refused):
    assert bool(rules.contract_step_errors(current, new)) is refused


def test_a_contract_step_error_names_both_statuses():
    assert rules.contract_step_errors("training", "completed") == {
        "status": ["A contract in training cannot become completed."]
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"status": "terminated", "terminated_on": date(2026, 12, 5), "termination_reason": "x"},
            {"terminated_on": ["The date is before the contract was signed."]},
        ),
        (
            {"status": "employed", "employed_on": date(2026, 1, 1)},
            {"employed_on": ["The date is before the contract was signed."]},
        ),
        (
            {
                "status": "completed",
                "employed_on": date(2028, 7, 1),
                "completed_on": date(2028, 6, 1),
            },
            {"completed_on": ["The date is before the employment began (2028-07-01)."]},
        ),
        (
            {"status": "terminated", "terminated_on": date(2027, 1, 1)},
            {"termination_reason": ["Say why the contract is terminated."]},
        ),
        ({"status": "employed"}, {"employed_on": ["A contract in this status needs this date."]}),
        ({"work_years": 9}, {"work_years": ["Must be from 1 to 5."]}),
    ],
)
def test_a_contracts_dates_keep_their_order(changes, errors):
    assert rules.contract_errors(contract(**changes)) == errors


def test_employment_on_or_after_the_graduation_of_a_graduate_passes():
    employed = contract(status="employed", employed_on=date(2028, 6, 30))
    assert rules.contract_errors(employed, student=GRADUATE) == {}


@pytest.mark.parametrize(
    ("student", "message"),
    [
        (
            {"status": "active", "expected_graduation_on": date(2028, 6, 30)},
            "The student is still in training (the registry says “studying”): employment is "
            "recorded once they have graduated.",
        ),
        (
            {"status": "academic_leave", "expected_graduation_on": date(2028, 6, 30)},
            "The student is still in training (the registry says “academic leave”): employment "
            "is recorded once they have graduated.",
        ),
        (
            {"status": "expelled", "expected_graduation_on": date(2028, 6, 30)},
            "The student was expelled, so the training ended without a qualification: "
            "terminate the contract instead.",
        ),
        (
            {"status": "graduated", "expected_graduation_on": date(2028, 6, 30)},
            "Employment starts after the training ends: not before the student's graduation "
            "(2028-06-30).",
        ),
    ],
)
def test_employment_only_after_the_training_ends(student, message):
    # the day the contract is signed, as a first-year student's could be before
    employed = contract(status="employed", employed_on=date(2026, 12, 6))
    assert rules.contract_errors(employed, student=student) == {"employed_on": [message]}
