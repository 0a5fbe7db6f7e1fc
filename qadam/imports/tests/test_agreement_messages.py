"""One bad agreement record, four ways in: the service, the API, the page and the import
(100,000 rows or one) refuse it with the same message, because all of them ask the same
rules (qadam.agreements.rules). Nothing is written by any of them."""

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qadam.agreements import services
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.imports.tests.conftest import run

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships"
NUMBER = "П-1"
OBLIGATION = ["agreement_number", "kind", "beneficiary_code", "due_on", "target"]


@dataclass(frozen=True)
class Register:
    agreement: Agreement
    places: Obligation  # 10 internship places, 4 delivered
    world: object


@pytest.fixture
def register(world) -> Register:
    agreement = Agreement.objects.create(
        number=NUMBER,
        kind="patronage",
        title="Шефство",
        status="active",
        signed_on=date(2025, 12, 1),
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 12, 31),
    )
    patron = Party.objects.create(
        agreement=agreement, kind="enterprise", role="patron", enterprise=world.enterprise
    )
    Party.objects.create(
        agreement=agreement, kind="institution", role="beneficiary", institution=world.college_a
    )
    places = Obligation.objects.create(
        agreement=agreement,
        kind="internship_places",
        party=patron,
        beneficiary=world.college_a,
        target=Decimal(10),
        due_on=date(2027, 6, 30),
        delivered=Decimal(4),
    )
    return Register(agreement, places, world)


def written():
    """Everything any of the four might write."""
    return (
        list(Agreement.objects.order_by("pk").values()),
        list(Obligation.objects.order_by("pk").values()),
        Delivery.objects.count(),
        AuditEntry.objects.count(),
    )


def post_json(client, path, payload, method="post"):
    send = getattr(client, method)
    return send(f"{API}{path}", json.dumps(payload), content_type="application/json")


def api_message(response) -> str:
    """400: the refusal's detail; 422: the first message of the first field."""
    body = response.json()
    assert response.status_code in (400, 422), body
    if response.status_code == 400:
        return body["detail"]
    return next(iter(body["errors"].values()))[0]


def imported(path, column) -> str:
    outcome = run(path[0], path[1])
    assert outcome.status == "invalid", outcome.errors
    [message] = [message for _row, name, _value, message in outcome.errors if name == column]
    return message


def page_shows(response, message: str) -> str:
    """The message, if the page shows it (beside a field or as a notice)."""
    text = html.unescape(response.content.decode())
    assert message in text, text[:3000]
    return message


@dataclass(frozen=True)
class Case:
    """A bad record: how the register is before it, and the message every way gives."""

    message: str
    status: str = "active"
    ways: tuple[str, ...] = ("service", "api", "page", "import")


CASES = {
    "an illegal transition": Case("An expired agreement cannot become active.", status="expired"),
    "a termination without its reason": Case("Give the reason for the termination."),
    "a fact frozen once in force": Case(
        "This can no longer change: the agreement is active.",
        ways=("service", "api", "import"),  # the page does not offer a frozen field
    ),
    "a target beyond a million places": Case("Must be from 1 to 1000000."),
    "a fraction of a place": Case("Internship places are counted in whole numbers."),
    "an obligation under a terminated agreement": Case(
        "The agreement is terminated; its obligations can no longer be changed.",
        status="terminated",
    ),
    "a delivery on a terminated agreement": Case(
        "Deliveries are recorded only while the agreement is in force; it is terminated.",
        status="terminated",
        ways=("service", "api", "page"),  # deliveries are not imported
    ),
    "a delivery beyond the target": Case(
        "This delivery would bring the total to 12 of the 10 promised; at most 6 remain to "
        "deliver. Raise the target first if more was promised.",
        ways=("service", "api", "page"),
    ),
}


def refused_by_service(call: Callable[[], object], field: str) -> str:
    """The service's refusal: an ApplicationError's message, else `field`'s first one."""
    with pytest.raises((ApplicationError, ValidationError)) as refused:
        call()
    error = refused.value
    if isinstance(error, ApplicationError):
        return error.message
    return error.message_dict[field][0]


class Ways:
    """Each way in for one case, as functions returning the message it gives."""

    def __init__(self, name, register, users, client_for, write):
        self.message = CASES[name].message
        self.status = CASES[name].status
        self.ministry = users["ministry_admin"]
        self.client = client_for(self.ministry)
        self.register = register
        self.write = write

    def obligation(self, target) -> dict[str, Callable[[], str]]:
        agreement, college = self.register.agreement, self.register.world.college_a
        fields = {"kind": "internship_places", "target": target, "due_on": "2027-09-01"}
        row = [NUMBER, "internship_places", college.code, "2027-09-01", target]
        column = "agreement_number" if self.status == "terminated" else "target"
        return {
            "service": lambda: refused_by_service(
                lambda: services.obligation_create(
                    actor=self.ministry,
                    agreement=agreement,
                    kind="internship_places",
                    target=target,
                    due_on=date(2027, 9, 1),
                    beneficiary=college,
                ),
                "target",
            ),
            "api": lambda: api_message(
                post_json(
                    self.client,
                    f"/agreements/{agreement.pk}/obligations",
                    {**fields, "beneficiary_id": college.pk},
                )
            ),
            "page": lambda: page_shows(
                self.client.post(
                    reverse("agreements:obligation_create", args=[agreement.pk]),
                    {**fields, "beneficiary": college.pk},
                ),
                self.message,
            ),
            "import": lambda: imported(("obligations", self.write(OBLIGATION, [row])), column),
        }

    def transition(self, to) -> dict[str, Callable[[], str]]:
        agreement = self.register.agreement
        header = ["number", "kind", "title", "status", "termination_reason"]
        column = "status" if to == "active" else "termination_reason"
        return {
            "service": lambda: refused_by_service(
                lambda: services.agreement_transition(
                    actor=self.ministry, agreement=agreement, to=to, reason=""
                ),
                "reason",
            ),
            "api": lambda: api_message(
                post_json(self.client, f"/agreements/{agreement.pk}/transition", {"to": to})
            ),
            "page": lambda: page_shows(
                self.client.post(
                    reverse("agreements:agreement_transition", args=[agreement.pk]),
                    {"to": to, "reason": ""},
                    follow=True,
                ),
                self.message,
            ),
            "import": lambda: imported(
                ("agreements", self.write(header, [[NUMBER, "patronage", "Шефство", to, ""]])),
                column,
            ),
        }

    def frozen(self) -> dict[str, Callable[[], str]]:
        agreement = self.register.agreement
        row = [NUMBER, "memorandum", "Шефство"]
        return {
            "service": lambda: refused_by_service(
                lambda: services.agreement_update(
                    actor=self.ministry, agreement=agreement, kind="memorandum"
                ),
                "kind",
            ),
            "api": lambda: api_message(
                post_json(
                    self.client, f"/agreements/{agreement.pk}", {"kind": "memorandum"}, "patch"
                )
            ),
            "import": lambda: imported(
                ("agreements", self.write(["number", "kind", "title"], [row])), "kind"
            ),
        }

    def delivery(self, quantity) -> dict[str, Callable[[], str]]:
        places = self.register.places
        day = timezone.localdate() - timedelta(days=1)
        fields = {"quantity": quantity, "delivered_on": day.isoformat(), "description": "Практика"}
        return {
            "service": lambda: refused_by_service(
                lambda: services.delivery_record(
                    actor=self.ministry,
                    obligation=places,
                    quantity=quantity,
                    delivered_on=day,
                    description="Практика",
                ),
                "quantity",
            ),
            "api": lambda: api_message(
                post_json(self.client, f"/obligations/{places.pk}/deliveries", fields)
            ),
            "page": lambda: page_shows(
                self.client.post(reverse("agreements:delivery_create", args=[places.pk]), fields),
                self.message,
            ),
        }

    def of(self, name: str) -> dict[str, Callable[[], str]]:
        return {
            "an illegal transition": lambda: self.transition("active"),
            "a termination without its reason": lambda: self.transition("terminated"),
            "a fact frozen once in force": self.frozen,
            "a target beyond a million places": lambda: self.obligation("2000000"),
            "a fraction of a place": lambda: self.obligation("2.5"),
            "an obligation under a terminated agreement": lambda: self.obligation("5"),
            "a delivery on a terminated agreement": lambda: self.delivery("2"),
            "a delivery beyond the target": lambda: self.delivery("8"),
        }[name]()


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_bad_record_gets_the_same_message_every_way_in(
    register, users, client_for, write, name
):
    case = CASES[name]
    Agreement.objects.filter(pk=register.agreement.pk).update(
        status=case.status,
        termination_reason="Ликвидация" if case.status == "terminated" else "",
    )
    register.agreement.refresh_from_db()
    ways = Ways(name, register, users, client_for, write).of(name)
    before = written()
    messages = {way: ways[way]() for way in case.ways}
    assert messages == {way: case.message for way in case.ways}
    assert written() == before


def test_a_delivery_on_a_terminated_agreement_is_refused_and_offered_nowhere(
    register, users, client_for
):
    Agreement.objects.filter(pk=register.agreement.pk).update(
        status="terminated", termination_reason="Ликвидация"
    )
    client = client_for(users["ministry_admin"])
    detail = client.get(reverse("agreements:obligation_detail", args=[register.places.pk]))
    agreement = client.get(reverse("agreements:agreement_detail", args=[register.agreement.pk]))
    for page in (detail, agreement):
        assert page.status_code == 200
        assert 'data-testid="record-delivery"' not in page.content.decode()
        assert 'data-testid="delivery-form"' not in page.content.decode()
    register.places.refresh_from_db()
    assert (register.places.delivered, register.places.deliveries.count()) == (4, 0)
