"""The partnerships' rules on row-shaped data, without a database: each rule's refusals and
what it lets through. The services, the API, the pages and the import all call these
(test_agreement_messages.py in qadam/imports checks that they give the same message)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from qadam.agreements import rules
from qadam.agreements.choices import TRANSITIONS, AgreementStatus
from qadam.registry.tests.factories import iin_for

TODAY = date(2026, 11, 21)
STATUSES = AgreementStatus.values


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def agreement(**fields):
    row = {
        "number": "P-1",
        "kind": "patronage",
        "title": "Patronage",
        "status": "draft",
        "signed_on": None,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
        "description": "",
        "termination_reason": "",
    }
    return {**row, **fields}


# --------------------------------------------------------------------------- the lifecycle


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_a_transition_follows_the_lifecycle(current, new):
    errors = rules.transition_errors(current, new)
    if new in TRANSITIONS[current]:
        assert errors == {}
    elif new == current:
        assert errors == {"status": [f"The agreement is already {new}."]}
    else:
        article = "An" if current in ("active", "expired") else "A"
        assert errors == {"status": [f"{article} {current} agreement cannot become {new}."]}


def test_a_stored_agreement_moves_only_along_the_lifecycle_a_new_one_starts_anywhere():
    expired = agreement(status="expired", ends_on=date(2026, 6, 30))
    errors = rules.agreement_errors({**expired, "status": "active"}, before=expired, today=TODAY)
    assert errors == {"status": ["An expired agreement cannot become active."]}
    assert rules.agreement_errors(expired, today=TODAY) == {}  # an imported register


def test_a_termination_gives_its_reason_and_no_other_status_has_one():
    active = agreement(status="active")
    terminated = {**active, "status": "terminated"}
    message = "Give the reason for the termination."
    for reason in ("", "   "):
        assert rules.agreement_errors(
            {**terminated, "termination_reason": reason}, before=active, today=TODAY
        ) == {"termination_reason": [message]}
    assert rules.agreement_errors({**terminated, "termination_reason": ""}, today=TODAY) == {
        "termination_reason": [message]
    }
    with_reason = {**terminated, "termination_reason": "The plant closed"}
    assert rules.agreement_errors(with_reason, before=active, today=TODAY) == {}
    assert rules.agreement_errors(
        {**active, "termination_reason": "Changed our mind"}, before=active, today=TODAY
    ) == {"termination_reason": ["Only a terminated agreement has a reason for termination."]}
    assert rules.agreement_errors(
        {**with_reason, "termination_reason": "Another reason"}, before=with_reason, today=TODAY
    ) == {"termination_reason": ["This can no longer change: the agreement is terminated."]}


def test_an_agreement_that_still_runs_is_terminated_not_expired():
    active = agreement(status="active", ends_on=date(2027, 12, 31))
    assert rules.agreement_errors({**active, "status": "expired"}, before=active, today=TODAY) == {
        "status": ["The agreement runs until 2027-12-31; terminate it to end it early."]
    }
    ended = {**active, "ends_on": TODAY}
    assert rules.agreement_errors({**ended, "status": "expired"}, before=ended, today=TODAY) == {}


def test_what_entering_a_status_records():
    draft = agreement(starts_on=None, ends_on=None)
    day = date(2026, 3, 1)
    assert rules.transition_changes(draft, "signed", reason="", day=day) == {
        "status": "signed",
        "signed_on": day,
    }
    signed = {**draft, "signed_on": date(2026, 2, 1)}
    assert rules.transition_changes(signed, "active", reason="", day=day) == {
        "status": "active",
        "signed_on": date(2026, 2, 1),
        "starts_on": day,
    }
    assert rules.transition_changes(
        {**signed, "starts_on": date(2026, 5, 1)}, "expired", reason="", day=day
    ) == {"status": "expired", "ends_on": date(2026, 5, 1)}
    assert rules.transition_changes(signed, "terminated", reason="  Closed  ", day=day) == {
        "status": "terminated",
        "termination_reason": "Closed",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": date(2028, 1, 1)}, "starts_on"),  # the start moved past the end
        ({"ends_on": date(2025, 12, 31)}, "ends_on"),  # the end moved before the start
        ({"starts_on": date(2028, 1, 1), "ends_on": date(2027, 1, 1)}, "ends_on"),
    ],
)
def test_the_dates_error_goes_beside_the_date_that_moved(changes, field):
    draft = agreement()
    errors = rules.agreement_errors({**draft, **changes}, before=draft, today=TODAY)
    assert errors == {field: ["An agreement cannot end before it starts."]}


def test_an_agreement_does_not_end_before_it_is_signed():
    new = agreement(signed_on=date(2028, 2, 1), starts_on=None)
    assert rules.agreement_errors(new, today=TODAY) == {
        "ends_on": ["An agreement cannot end before it is signed."]
    }
    # dates nobody touched are not held against an unrelated change
    assert rules.agreement_errors({**new, "title": "New"}, before=new, today=TODAY) == {}


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        ("draft", set(rules.EDITABLE_FIELDS)),
        ("signed", set(rules.EDITABLE_FIELDS)),
        ("active", {"title", "description", "ends_on"}),
        ("expired", {"description"}),
        ("terminated", {"description"}),
    ],
)
def test_which_facts_may_still_change(status, editable):
    assert rules.editable_fields(status) == editable
    stored = agreement(status=status, termination_reason="x" if status == "terminated" else "")
    changed = {
        "number": "P-2",
        "kind": "memorandum",
        "title": "Renamed",
        "signed_on": date(2025, 12, 1),
        "starts_on": date(2025, 12, 15),
        "ends_on": date(2028, 6, 30),
        "description": "More",
    }
    errors = rules.agreement_errors({**stored, **changed}, before=stored, today=TODAY)
    frozen = f"This can no longer change: the agreement is {status}."
    assert errors == {name: [frozen] for name in sorted(set(changed) - editable)}


# --------------------------------------------------------------------------- parties


def party(**fields):
    row = {"kind": "institution", "institution_id": 1, "enterprise_id": None, "name": ""}
    return {**row, "country": "KZ", **fields}


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            party(institution_id=None),
            {"institution": ["An institution party needs its institution."]},
        ),
        (
            party(kind="enterprise", institution_id=None),
            {"enterprise": ["An enterprise party needs its enterprise."]},
        ),
        (
            party(kind="foreign_institution", institution_id=None),
            {"name": ["A foreign party needs its institution or its name."]},
        ),
        (
            party(kind="ministry", institution_id=None),
            {"name": ["A ministry or state body needs its name."]},
        ),
        (
            party(kind="foreign_institution", institution_id=None, name="TPU", country=""),
            {"country": ["Give the foreign party's country."]},
        ),
        (
            party(country="Russia"),
            {"country": ["Give the country as two letters (ISO 3166-1), such as RU."]},
        ),
        (party(kind="foreign_institution", institution_id=None, name="TPU", country="RU"), {}),
        (party(kind="ministry", institution_id=None, name="Ministry of Education"), {}),
    ],
)
def test_a_party_names_what_it_stands_for(row, errors):
    assert rules.party_errors(row) == errors


def test_an_organisation_is_a_party_once_whatever_its_role():
    college = party(role="partner")
    already = {"__all__": ["This organisation is already a party."]}
    assert rules.party_errors({**college, "role": "beneficiary"}, others=[college]) == already
    ministry = party(kind="ministry", institution_id=None, name="Ministry")
    assert rules.party_errors({**ministry, "name": " ministry "}, others=[ministry]) == already
    assert rules.party_errors(party(institution_id=2), others=[college, ministry]) == {}


def test_the_parties_change_only_while_draft_or_signed_and_one_stays():
    for status in ("draft", "signed"):
        assert rules.parties_change_errors(status) == {}
    for status in ("active", "expired", "terminated"):
        assert rules.parties_change_errors(status) == {
            "parties": ["The parties can change only while the agreement is a draft or signed."]
        }
    assert rules.party_count_errors(0) == {"parties": ["An agreement needs at least one party."]}
    assert rules.party_count_errors(1) == {}


def test_a_party_that_promised_or_benefits_stays():
    assert rules.party_removal_errors("COL-1", promised=False, benefits=False) == {}
    assert rules.party_removal_errors("COL-1", promised=True, benefits=True) == {
        "parties": [
            "COL-1 has obligations under this agreement, so it stays a party with its role; "
            "remove them first.",
            "COL-1 is the beneficiary of obligations under this agreement, so it stays a party; "
            "remove them first.",
        ]
    }


# --------------------------------------------------------------------------- obligations


@pytest.mark.parametrize(
    ("amount", "kind", "message"),
    [
        (Decimal("2.5"), "internship_places", "Internship places are counted in whole numbers."),
        (Decimal("0"), "mentors", "Must be from 1 to 1000000."),
        (Decimal("-3"), "jobs", "Must be from 1 to 1000000."),
        (Decimal(1_000_001), "seats", "Must be from 1 to 1000000."),
        (Decimal("10.001"), "funding", "Use at most 2 decimal places."),
        (Decimal("0"), "funding", "Must be from 0.01 to 1000000000000."),
        (Decimal(10**12) + 1, "equipment", "Must be from 0.01 to 1000000000000."),
        (Decimal("1e40"), "mentors", "Must be from 1 to 1000000."),  # too large for cents
        (Decimal("1E+40"), "funding", "Must be from 0.01 to 1000000000000."),
    ],
)
def test_an_amount_is_in_its_kinds_units_and_range(amount, kind, message):
    assert rules.amount_errors(amount, kind, "target") == {"target": [message]}


@pytest.mark.parametrize(
    ("amount", "kind"),
    [
        (Decimal(1), "mentors"),
        (Decimal(1_000_000), "internship_places"),
        (Decimal("3.00"), "jobs"),
        (Decimal("0.01"), "funding"),
        (Decimal(10**12), "equipment"),
        (7, "seats"),
        (None, "seats"),  # missing: the field's own check says so
    ],
)
def test_an_amount_within_its_range_passes(amount, kind):
    assert rules.amount_errors(amount, kind, "target") == {}


def obligation(**fields):
    row = {
        "kind": "internship_places",
        "target": Decimal(10),
        "delivered": Decimal(4),
        "due_on": date(2027, 6, 30),
    }
    return {**row, **fields}


ACTIVE = {"status": "active", "starts_on": date(2026, 1, 1), "ends_on": date(2027, 12, 31)}


def test_an_obligation_under_an_agreement_that_is_over_no_longer_changes():
    for status in ("expired", "terminated"):
        errors = rules.obligation_errors(obligation(), agreement={**ACTIVE, "status": status})
        message = f"The agreement is {status}; its obligations can no longer be changed."
        assert errors == {"agreement": [message]}
    for status in ("draft", "signed", "active"):
        assert rules.obligation_errors(obligation(), agreement={**ACTIVE, "status": status}) == {}


def test_the_target_never_goes_below_what_is_delivered():
    errors = rules.obligation_errors(obligation(target=Decimal(3)), agreement=ACTIVE)
    assert errors == {"target": ["4 are already delivered; the target cannot be less."]}
    assert rules.obligation_errors(obligation(target=Decimal(4)), agreement=ACTIVE) == {}


def test_an_obligation_falls_due_within_the_agreement():
    early = rules.obligation_errors(obligation(due_on=date(2025, 12, 31)), agreement=ACTIVE)
    late = rules.obligation_errors(obligation(due_on=date(2028, 1, 1)), agreement=ACTIVE)
    assert early == {
        "due_on": ["The agreement starts on 2026-01-01; an obligation cannot fall due before it."]
    }
    assert late == {
        "due_on": ["The agreement ends on 2027-12-31; an obligation cannot fall due after it."]
    }
    open_ended = {**ACTIVE, "starts_on": None, "ends_on": None}
    assert rules.obligation_errors(obligation(due_on=date(2040, 1, 1)), agreement=open_ended) == {}


def test_who_promises_and_who_benefits_are_parties():
    assert rules.obligation_errors(
        obligation(), agreement=ACTIVE, party_of_agreement=False, beneficiary_is_party=False
    ) == {
        "party": ["The party that promises must be a party to this agreement."],
        "beneficiary": [
            "The beneficiary must be an institution that is a party to this agreement."
        ],
    }


# --------------------------------------------------------------------------- deliveries


def delivery(**fields):
    return {"quantity": Decimal(2), "delivered_on": date(2026, 11, 1), **fields}


PLACES = {"kind": "internship_places", "target": Decimal(10), "delivered": Decimal(4)}


@pytest.mark.parametrize("status", ["draft", "signed", "expired", "terminated"])
def test_deliveries_are_recorded_only_while_the_agreement_is_in_force(status):
    assert not rules.deliveries_open(status)
    errors = rules.delivery_errors(
        delivery(), obligation=PLACES, agreement={**ACTIVE, "status": status}, today=TODAY
    )
    assert errors == {
        "agreement": [
            f"Deliveries are recorded only while the agreement is in force; it is {status}."
        ]
    }


def test_a_delivery_never_takes_an_obligation_beyond_its_target():
    def errors(quantity, delivered=Decimal(4)):
        return rules.delivery_errors(
            delivery(quantity=quantity),
            obligation={**PLACES, "delivered": delivered},
            agreement=ACTIVE,
            today=TODAY,
        )

    assert errors(Decimal(6)) == {}  # exactly the target
    assert errors(Decimal(7)) == {
        "quantity": [
            "This delivery would bring the total to 11 of the 10 promised; at most 6 remain to "
            "deliver. Raise the target first if more was promised."
        ]
    }
    assert errors(Decimal(1), delivered=Decimal(10)) == {
        "quantity": [
            "All 10 promised are already delivered; raise the target first if more was promised."
        ]
    }
    assert errors(Decimal("0.5")) == {
        "quantity": ["Internship places are counted in whole numbers."]
    }


def test_a_delivery_is_dated_from_the_entry_into_force_until_today():
    def errors(day):
        return rules.delivery_errors(
            delivery(delivered_on=day), obligation=PLACES, agreement=ACTIVE, today=TODAY
        )

    assert errors(TODAY) == {}
    assert errors(date(2026, 11, 22)) == {
        "delivered_on": ["The delivery date cannot be in the future."]
    }
    assert errors(date(2025, 12, 31)) == {
        "delivered_on": [
            "The agreement came into force on 2026-01-01; a delivery cannot be earlier."
        ]
    }


# --------------------------------------------------------------------------- mobility

VALID_IIN = iin_for(date(1995, 1, 1), "M", 12)
OTHER_IIN = iin_for(date(1996, 2, 2), "F", 13)
BAD_IIN = VALID_IIN[:11] + str((int(VALID_IIN[11]) + 1) % 10)


def mobility(**fields):
    row = {
        "person_kind": "student",
        "direction": "outgoing",
        "iin": "",
        "home_country": "KZ",
        "host_country": "RU",
        "home_institution_id": 1,
        "host_institution_id": 2,
        "student_id": None,
        "educator_id": None,
        "starts_on": date(2025, 9, 1),
        "ends_on": date(2026, 6, 30),
        "returned_on": None,
    }
    return {**row, **fields}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"host_country": "KZ"},
            {"host_country": ["The host country must differ from the home country."]},
        ),
        (
            {"home_country": "CN"},
            {"home_country": ["Outgoing mobility leaves Kazakhstan: the home country is KZ."]},
        ),
        (
            {"direction": "incoming", "home_country": "RU", "host_country": "CN"},
            {"host_country": ["Incoming mobility comes to Kazakhstan: the host country is KZ."]},
        ),
        (
            {"host_country": "Russia"},
            {"host_country": ["Give the country as its two-letter ISO code, such as KZ or RU."]},
        ),
        ({"ends_on": date(2025, 9, 1)}, {"ends_on": ["The period must end after it starts."]}),
        (
            {"returned_on": date(2025, 8, 1)},
            {"starts_on": ["The return is recorded on 2025-08-01, before this start."]},
        ),
    ],
)
def test_a_mobility_records_countries_and_period(fields, errors):
    assert rules.mobility_errors(mobility(**fields)) == errors


def test_a_mobility_iin_is_checked_when_given():
    assert rules.mobility_errors(mobility(iin=VALID_IIN)) == {}
    assert list(rules.mobility_errors(mobility(iin=BAD_IIN))) == ["iin"]


def test_a_mobility_institution_is_in_its_country():
    errors = rules.mobility_errors(mobility(), countries={"home": "KZ", "host": "CN"})
    assert errors == {"host_institution": ["This institution is in CN, not in RU."]}


def test_a_linked_person_matches_the_record():
    person = rules.Person(iin=VALID_IIN, institution_id=1)
    assert rules.mobility_errors(mobility(student_id=5), people={"student": person}) == {}
    assert rules.mobility_errors(mobility(student_id=5, iin=OTHER_IIN), people={"student": person})[
        "iin"
    ] == ["The IIN differs from the linked registry person's."]
    assert rules.mobility_errors(
        mobility(student_id=5, home_institution_id=9), people={"student": person}
    ) == {"student": ["This person is not of the home institution."]}
    assert rules.mobility_errors(
        mobility(student_id=5, educator_id=6), people={"student": person}
    ) == {"educator": ["Link a student or an educator, not both."]}
    # the link is judged again only when a field it depends on changes
    unrelated = rules.mobility_errors(
        mobility(student_id=5, home_institution_id=9),
        changed={"program"},
        people={"student": person},
    )
    assert unrelated == {}


def test_a_return_is_not_before_the_start_nor_in_the_future():
    row = mobility()
    assert rules.return_errors({**row, "returned_on": date(2026, 7, 1)}, today=TODAY) == {}
    assert rules.return_errors({**row, "returned_on": date(2025, 8, 31)}, today=TODAY) == {
        "returned_on": ["The return cannot be before the start, 2025-09-01."]
    }
    assert rules.return_errors({**row, "returned_on": date(2026, 11, 22)}, today=TODAY) == {
        "returned_on": ["The return cannot be in the future."]
    }
