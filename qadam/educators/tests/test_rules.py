from datetime import date

from qadam.educators.rules import ObligationFacts, overdue_since, upskilling_errors

TODAY = date(2026, 11, 21)
COURSE = {
    "kind": "course",
    "form": "online",
    "hours": 72,
    "started_on": date(2026, 3, 1),
    "completed_on": date(2026, 3, 20),
}
PLACES = ObligationFacts(kind="internship_places", beneficiary_id=1, enterprise_ids=frozenset({7}))


def errors(row, obligation=None, institution=1):
    return upskilling_errors(
        row, educator_institution_id=institution, obligation=obligation, today=TODAY
    )


def test_a_completed_course_with_its_form_is_accepted():
    assert errors(COURSE) == {}


def test_hours_dates_and_the_course_form_are_checked():
    found = errors({**COURSE, "hours": 0, "form": "", "completed_on": date(2026, 2, 1)})
    assert set(found) == {"hours", "form", "completed_on"}
    assert errors({**COURSE, "completed_on": date(2026, 12, 1)})["completed_on"] == [
        "Record an upskilling once it is completed."
    ]


def test_an_internship_needs_its_enterprise_and_a_fitting_obligation():
    internship = {**COURSE, "kind": "internship", "form": "", "enterprise_id": 7}
    assert errors({**internship, "enterprise_id": None}) == {
        "enterprise": ["An internship needs its enterprise."]
    }
    linked = {**internship, "obligation_id": 3}
    assert errors(linked, PLACES) == {}
    assert "obligation" in errors(linked, PLACES, institution=2)  # another college's places
    assert "enterprise" in errors({**linked, "enterprise_id": 8}, PLACES)  # not a party
    mentors = ObligationFacts("mentors", 1, frozenset({7}))
    assert "obligation" in errors(linked, mentors)
    assert "obligation" in errors({**COURSE, "obligation_id": 3}, PLACES)  # a course


def test_the_period_counts_back_whole_years_even_from_29_february():
    assert overdue_since(3, date(2026, 11, 21)) == date(2023, 11, 21)
    assert overdue_since(3, date(2028, 2, 29)) == date(2025, 2, 28)
