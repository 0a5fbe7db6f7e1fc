"""The partnership fixture builds, and the database refuses impossible records."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from qadam.agreements.models import Agreement, Obligation, Party
from qadam.agreements.scope import visible_agreements, visible_mobility

pytestmark = pytest.mark.django_db


def test_an_obligation_needs_a_positive_target(partnerships):
    with pytest.raises(IntegrityError), transaction.atomic():
        Obligation.objects.create(
            agreement=partnerships.patronage, kind="mentors", target=Decimal(0),
            due_on=date(2027, 1, 1),
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
