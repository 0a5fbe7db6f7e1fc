"""The partnership fixture builds, and the database refuses impossible records (the
rules' ranges among them, for writes that skip the services)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from qadam.agreements import rules
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.agreements.scope import visible_agreements, visible_mobility

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "target", "refused"),
    [
        ("mentors", Decimal(0), True),
        ("mentors", Decimal(1_000_001), True),  # a million places, mentors, seats or jobs
        ("mentors", Decimal(1_000_000), False),
        ("funding", Decimal("0.01"), False),
        ("funding", Decimal(1_000_001), False),  # tenge: up to a trillion
        ("equipment", Decimal(10**12) + 1, True),
        ("equipment", Decimal(10**12), False),
    ],
)
def test_the_database_holds_the_rules_ranges_of_a_target(partnerships, kind, target, refused):
    """The CHECK constraints refuse what the rules refuse, for writes that skip the rules."""

    def create():
        with transaction.atomic():
            Obligation.objects.create(
                agreement=partnerships.patronage, kind=kind, target=target,
                due_on=date(2027, 1, 1),
            )  # fmt: skip

    if refused:
        with pytest.raises(IntegrityError):
            create()
        assert rules.amount_errors(target, kind, "target")
    else:
        create()
        assert not rules.amount_errors(target, kind, "target")


@pytest.mark.parametrize("quantity", [Decimal(0), Decimal(10**12) + 1])
def test_the_database_holds_the_rules_range_of_a_delivery(partnerships, quantity):
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            obligation=partnerships.equipment, quantity=quantity,
            delivered_on=date(2026, 11, 1), description="x",
        )  # fmt: skip


def test_a_party_must_be_named(partnerships):
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(agreement=partnerships.patronage, kind="ministry", role="funder")


def test_an_agreement_cannot_end_before_it_starts(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            number="X", kind="memorandum", title="x",
            starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1),
        )  # fmt: skip


def test_each_role_sees_its_own_agreements_and_mobility(partnerships, users):
    def numbers(role):
        return sorted(visible_agreements(user=users[role]).values_list("number", flat=True))

    assert numbers("ministry_admin") == ["DD-001", "M-001", "P-001"]
    assert numbers("analyst") == ["DD-001", "M-001", "P-001"]
    assert numbers("college_admin_a") == ["P-001"]
    assert numbers("college_admin_b") == ["M-001"]
    assert numbers("university_admin") == ["DD-001"]
    assert numbers("enterprise_hr") == ["M-001", "P-001"]
    assert numbers("student") == []
    assert visible_mobility(user=users["analyst"]).count() == 0
    assert visible_mobility(user=users["ministry_admin"]).count() == 2
    assert visible_mobility(user=users["college_admin_a"]).get() == partnerships.incoming
