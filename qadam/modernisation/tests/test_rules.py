from datetime import date
from decimal import Decimal

from qadam.modernisation import rules


def _line(**fields):
    return {
        "quantity": 2,
        "unit_cost": Decimal(100),
        "cost": Decimal(200),
        "source": "republican",
        "investor_id": None,
        "obligation_id": None,
        "investment_id": None,
        "college_id": 1,
        **fields,
    }


def test_a_budget_line_with_its_cost_passes():
    assert rules.line_errors(_line()) == {}


def test_the_cost_is_quantity_times_unit_cost():
    assert "cost" in rules.line_errors(_line(cost=Decimal(300)))


def test_a_patron_line_names_who_pays_and_a_budget_line_does_not():
    assert "investor" in rules.line_errors(_line(source="patron"))
    assert "investor" in rules.line_errors(_line(investor_id=5))


def test_only_a_patron_line_draws_on_an_obligation():
    assert "obligation" in rules.line_errors(_line(obligation_id=3))


def _obligation(**fields):
    return {
        "kind": "equipment",
        "beneficiary_id": 1,
        "target": Decimal(500),
        "enterprise_ids": {5},
        **fields,
    }


def test_a_patron_line_fits_in_what_the_obligation_has_left():
    row = _line(source="patron", investor_id=5, obligation_id=3)
    assert rules.line_errors(row, obligation=_obligation(), funded_by_others=Decimal(300)) == {}
    errors = rules.line_errors(row, obligation=_obligation(), funded_by_others=Decimal(301))
    assert "obligation" in errors


def test_the_obligation_is_the_patrons_equipment_for_this_college():
    row = _line(source="patron", investor_id=5, obligation_id=3)
    for wrong in ({"kind": "mentors"}, {"beneficiary_id": 2}, {"enterprise_ids": {6}}):
        assert "obligation" in rules.line_errors(row, obligation=_obligation(**wrong))


def test_a_delivery_is_once_and_not_in_the_future():
    today = date(2026, 11, 21)
    assert (
        rules.delivery_errors({"delivered_on": today}, today=today, already_delivered=False) == {}
    )
    assert rules.delivery_errors(
        {"delivered_on": date(2026, 12, 1)}, today=today, already_delivered=False
    )
    assert rules.delivery_errors({"delivered_on": today}, today=today, already_delivered=True)


def test_investments_go_to_colleges_and_universities_under_an_investment_agreement():
    row = {"amount": Decimal(10)}
    assert rules.investment_errors(row, institution_kind="university", agreement_kind=None) == {}
    assert "institution" in rules.investment_errors(
        row, institution_kind="school", agreement_kind=None
    )
    assert "agreement" in rules.investment_errors(
        row, institution_kind="college", agreement_kind="patronage"
    )
