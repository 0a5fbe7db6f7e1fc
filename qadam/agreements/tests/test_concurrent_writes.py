"""Two people record deliveries against one obligation at the same moment, together more
than remains of its target: one is recorded, the other refused, and `delivered` is the sum
of what was recorded (PostgreSQL: the obligation's row lock orders them)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qadam.agreements import services
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.common.models import AuditEntry
from qadam.common.tests.concurrency import postgres_only, race
from qadam.registry.tests.factories import EnterpriseFactory, InstitutionFactory, UserFactory

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
ROUNDS = 10


def places(number: str) -> Obligation:
    """10 internship places under an agreement in force, 4 delivered."""
    agreement = Agreement.objects.create(
        number=number, kind="patronage", title="Шефство", status="active"
    )
    patron = Party.objects.create(
        agreement=agreement, kind="enterprise", role="patron", enterprise=EnterpriseFactory()
    )
    obligation = Obligation.objects.create(
        agreement=agreement,
        kind="internship_places",
        party=patron,
        beneficiary=InstitutionFactory(),
        target=Decimal(10),
        due_on=timezone.localdate() + timedelta(days=200),
        delivered=Decimal(4),
    )
    Delivery.objects.create(
        obligation=obligation,
        quantity=Decimal(4),
        delivered_on=timezone.localdate() - timedelta(days=30),
        description="Весенняя практика",
    )
    return obligation


def recorder(actor, pk: int, quantity: int):
    def read():
        return Obligation.objects.get(pk=pk)

    def write(obligation):
        services.delivery_record(
            actor=actor,
            obligation=obligation,
            quantity=Decimal(quantity),
            delivered_on=timezone.localdate() - timedelta(days=1),
            description="Практика",
        )

    return read, write


def test_two_deliveries_at_once_never_take_an_obligation_beyond_its_target():
    actor = UserFactory.ministry_admin()
    for attempt in range(ROUNDS):
        obligation = places(f"P-{attempt}")
        failures = race(recorder(actor, obligation.pk, 4), recorder(actor, obligation.pk, 5))
        assert len(failures) == 1 and isinstance(failures[0], ValidationError), failures
        assert "quantity" in failures[0].message_dict
        obligation.refresh_from_db()
        recorded = [d.quantity for d in Delivery.objects.filter(obligation=obligation)]
        assert len(recorded) == 2 and obligation.delivered == sum(recorded) <= 10
        entry = AuditEntry.objects.filter(
            model="agreements.Obligation", object_id=str(obligation.pk)
        ).get()
        assert entry.changes == {"delivered": ["4.00", str(obligation.delivered)]}


def test_a_delivery_and_a_termination_at_once_leave_no_delivery_after_the_end():
    """Whichever comes first, a delivery recorded is one made while the agreement was in
    force: either it is recorded (then the agreement ends) or it is refused."""
    actor = UserFactory.ministry_admin()
    for attempt in range(ROUNDS):
        obligation = places(f"T-{attempt}")
        agreement_id = obligation.agreement_id

        def terminate(agreement):
            services.agreement_transition(
                actor=actor, agreement=agreement, to="terminated", reason="Ликвидация"
            )

        failures = race(
            recorder(actor, obligation.pk, 2),
            (lambda agreement_id=agreement_id: Agreement.objects.get(pk=agreement_id), terminate),
        )
        obligation.refresh_from_db()
        assert Agreement.objects.get(pk=agreement_id).status == "terminated"
        recorded = Delivery.objects.filter(obligation=obligation).count() - 1
        assert (recorded, obligation.delivered) in ((1, 6), (0, 4))
        assert len(failures) == 1 - recorded, failures
