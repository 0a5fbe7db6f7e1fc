"""Reads of obligations and deliveries, and progress per obligation, agreement, partner
and college. Every read starts from `scope.visible_agreements` / `visible_obligations`;
a record or profile out of the user's sight raises DoesNotExist (the pages make it 404).

Progress: an obligation's share is delivered / target; it is overdue when its due date has
passed and less than the target was delivered. An agreement's (or a college's, or a
partner's) overall progress is the mean of its obligations' shares, each capped at 100 %,
since their units differ (places, mentors, tenge); totals add up within one kind only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.selectors import user_scope
from qadam.agreements.choices import (
    OBLIGATION_UNITS,
    AgreementKind,
    AgreementStatus,
    ObligationKind,
    PartyRole,
)
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.agreements.policies import may_record_delivery, may_write_obligations
from qadam.agreements.rules import CLOSED_STATUSES, deliveries_open
from qadam.agreements.scope import visible_agreements, visible_obligations
from qadam.registry.models import Enterprise, Institution

EXPIRING_DAYS = 90
OBLIGATION_RELATED = (
    "agreement",
    "party__enterprise",
    "party__institution",
    "beneficiary",
)


def _share(delivered: Decimal, target: Decimal) -> Decimal:
    return delivered / target if target > 0 else Decimal(0)


def _percent(share: Decimal) -> int:
    return int((share * 100).to_integral_value())


@dataclass
class ObligationRow:
    """An obligation with its progress, as the pages and the API show it."""

    obligation: Obligation
    unit: str
    percent: int  # may exceed 100 when more was delivered than promised
    bar: int  # the progress bar's width, 0-100
    is_met: bool
    is_overdue: bool
    may_record: bool = False


def is_overdue(obligation: Obligation, today: date) -> bool:
    return obligation.due_on < today and obligation.delivered < obligation.target


def obligation_row(
    obligation: Obligation, today: date, *, may_record: bool = False
) -> ObligationRow:
    percent = _percent(_share(obligation.delivered, obligation.target))
    return ObligationRow(
        obligation=obligation,
        unit=str(OBLIGATION_UNITS.get(ObligationKind(obligation.kind), "")),
        percent=percent,
        bar=max(0, min(100, percent)),
        is_met=obligation.delivered >= obligation.target,
        is_overdue=is_overdue(obligation, today),
        may_record=may_record,
    )


@dataclass
class KindTotal:
    """Promised and delivered within one kind of obligation (one unit)."""

    kind: str
    label: str
    unit: str
    obligations: int = 0
    promised: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)
    overdue: int = 0

    @property
    def percent(self) -> int:
        return _percent(_share(self.delivered, self.promised))

    @property
    def bar(self) -> int:
        return max(0, min(100, self.percent))


@dataclass
class ProgressSummary:
    """Progress of a group of obligations (an agreement's, a partner's, a college's)."""

    obligations: int = 0
    met: int = 0
    overdue: int = 0
    percent: int = 0
    by_kind: list[KindTotal] = field(default_factory=list)


def progress_summary(rows: Iterable[ObligationRow]) -> ProgressSummary:
    rows = list(rows)
    totals: dict[str, KindTotal] = {}
    for row in rows:
        kind = ObligationKind(row.obligation.kind)
        total = totals.setdefault(kind, KindTotal(kind, str(kind.label), row.unit))
        total.obligations += 1
        total.promised += row.obligation.target
        total.delivered += row.obligation.delivered
        total.overdue += row.is_overdue
    shares = [min(Decimal(1), _share(r.obligation.delivered, r.obligation.target)) for r in rows]
    order = list(ObligationKind.values)
    return ProgressSummary(
        obligations=len(rows),
        met=sum(row.is_met for row in rows),
        overdue=sum(row.is_overdue for row in rows),
        percent=_percent(sum(shares, Decimal(0)) / len(shares)) if shares else 0,
        by_kind=sorted(totals.values(), key=lambda total: order.index(total.kind)),
    )


def _rows(obligations: QuerySet[Obligation], today: date) -> list[ObligationRow]:
    return [obligation_row(o, today) for o in obligations.select_related(*OBLIGATION_RELATED)]


# --------------------------------------------------------------------------- agreements


def agreement_for_obligations(*, user: User, agreement_id: int) -> Agreement:
    return visible_agreements(user=user).get(pk=agreement_id)


def agreement_obligations(*, user: User, agreement: Agreement) -> dict[str, Any]:
    """The agreement's obligations with their progress, for its detail page: `rows`,
    `summary`, the delivery `timeline` (latest first) and whether the user may add."""
    today = timezone.localdate()
    obligations = visible_obligations(user=user).filter(agreement=agreement)
    in_force = deliveries_open(agreement.status)
    rows = [
        obligation_row(o, today, may_record=in_force and may_record_delivery(user, o))
        for o in obligations.select_related(*OBLIGATION_RELATED)
    ]
    timeline = (
        Delivery.objects.filter(obligation__in=obligations)
        .select_related("obligation", "recorded_by")
        .order_by("-delivered_on", "-id")
    )
    return {
        "agreement": agreement,
        "rows": rows,
        "summary": progress_summary(rows),
        "timeline": list(timeline),
        "may_add": may_write_obligations(user, agreement)
        and agreement.status not in CLOSED_STATUSES,
    }


# --------------------------------------------------------------------------- obligations


def obligation_get(*, user: User, obligation_id: int) -> Obligation:
    return visible_obligations(user=user).select_related(*OBLIGATION_RELATED).get(pk=obligation_id)


def obligation_detail(*, user: User, obligation: Obligation) -> dict[str, Any]:
    """The obligation's progress, its deliveries (first first) and what the user may do:
    record a delivery (while the agreement is in force), remove one recorded in error
    (whatever its status), edit the obligation (until the agreement is over)."""
    today = timezone.localdate()
    may_remove = may_record_delivery(user, obligation)
    may_record = may_remove and deliveries_open(obligation.agreement.status)
    deliveries = obligation.deliveries.select_related("recorded_by").order_by("delivered_on", "id")
    return {
        "row": obligation_row(obligation, today, may_record=may_record),
        "deliveries": list(deliveries),
        "may_record": may_record,
        "may_remove": may_remove,
        "may_edit": may_write_obligations(user, obligation.agreement)
        and obligation.agreement.status not in CLOSED_STATUSES,
    }


def delivery_get(*, user: User, delivery_id: int) -> Delivery:
    return Delivery.objects.select_related("obligation__agreement").get(
        pk=delivery_id, obligation__in=visible_obligations(user=user)
    )


def overdue_obligations(*, user: User, today: date) -> QuerySet[Obligation]:
    """Obligations past their due date with less than the target delivered, oldest first."""
    return (
        visible_obligations(user=user)
        .filter(due_on__lt=today, delivered__lt=F("target"))
        .select_related(*OBLIGATION_RELATED)
        .order_by("due_on", "id")
    )


def expiring_agreements(
    *, user: User, today: date, days: int = EXPIRING_DAYS
) -> QuerySet[Agreement]:
    """Signed or active agreements that end within `days` (today included), soonest first."""
    return (
        visible_agreements(user=user)
        .filter(
            status__in=[AgreementStatus.SIGNED, AgreementStatus.ACTIVE],
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=days),
        )
        .order_by("ends_on", "id")
    )


# --------------------------------------------------------------------------- profiles


def partner_may_view(*, user: User, enterprise_id: int) -> bool:
    """National roles read every partner's profile; enterprise HR their enterprise's."""
    scope = user_scope(user=user)
    if scope.national_aggregates:
        return True
    return scope.role == Role.ENTERPRISE_HR and user.enterprise_id == enterprise_id


def college_may_view(*, user: User, institution_id: int) -> bool:
    """National roles read every college's profile; an administrator their institution's
    (and its branches')."""
    scope = user_scope(user=user)
    return scope.national_aggregates or institution_id in scope.institution_ids


def _by_beneficiary(rows: list[ObligationRow]) -> list[dict[str, Any]]:
    groups: dict[int | None, list[ObligationRow]] = defaultdict(list)
    for row in rows:
        groups[row.obligation.beneficiary_id].append(row)
    result = [
        {"institution": group[0].obligation.beneficiary, "summary": progress_summary(group)}
        for group in groups.values()
    ]
    return sorted(result, key=lambda item: str(item["institution"] or ""))


def partner_progress(*, user: User, enterprise_id: int) -> dict[str, Any]:
    """Everything an enterprise promised, across colleges: by kind, by beneficiary, and
    each obligation, delivered against promised; and its agreements."""
    if not partner_may_view(user=user, enterprise_id=enterprise_id):
        raise Enterprise.DoesNotExist
    enterprise = Enterprise.objects.select_related("region").get(pk=enterprise_id)
    today = timezone.localdate()
    rows = _rows(
        visible_obligations(user=user)
        .filter(party__enterprise=enterprise)
        .order_by("beneficiary", "due_on", "id"),
        today,
    )
    agreements = visible_agreements(user=user).filter(
        Exists(Party.objects.filter(agreement=OuterRef("pk"), enterprise=enterprise))
    )
    return {
        "enterprise": enterprise,
        "summary": progress_summary(rows),
        "by_college": _by_beneficiary(rows),
        "rows": rows,
        "agreements": list(agreements.order_by("-signed_on", "-id")),
        "links_colleges": user_scope(user=user).national_aggregates,
    }


def _college_agreements(user: User, institution: Institution) -> QuerySet[Agreement]:
    party = Party.objects.filter(agreement=OuterRef("pk"), institution=institution)
    benefits = Obligation.objects.filter(agreement=OuterRef("pk"), beneficiary=institution)
    return visible_agreements(user=user).filter(Exists(party) | Exists(benefits))


def _party_key(party: Party) -> tuple[int | None, int | None, str]:
    """The same organisation across agreements: its registry record, else its name."""
    if party.institution_id or party.enterprise_id:
        return (party.institution_id, party.enterprise_id, "")
    return (None, None, party.name)


def _partners(institution: Institution, agreements: QuerySet[Agreement]) -> dict[str, Any]:
    """The other parties of the college's agreements: patrons apart, then the others."""
    parties = (
        Party.objects.filter(agreement__in=agreements)
        .exclude(institution=institution)
        .select_related("agreement", "enterprise", "institution")
        .order_by("agreement__number", "id")
    )
    patrons: dict[Any, dict[str, Any]] = {}
    partners: dict[Any, dict[str, Any]] = {}
    for party in parties:
        key = _party_key(party)
        target = patrons if party.role == PartyRole.PATRON else partners
        entry = target.setdefault(key, {"party": party, "country": party.country, "agreements": []})
        if party.agreement not in entry["agreements"]:
            entry["agreements"].append(party.agreement)
    countries = sorted({entry["country"] for entry in partners.values()} - {""})
    return {
        "patrons": sorted(patrons.values(), key=lambda e: str(e["party"])),
        "partners": sorted(partners.values(), key=lambda e: str(e["party"])),
        "countries": countries,
    }


def college_progress(*, user: User, institution_id: int) -> dict[str, Any]:
    """A college's patrons, partners (and their countries), memoranda, agreements, and the
    obligations it receives with their delivery, by kind and by patron."""
    if not college_may_view(user=user, institution_id=institution_id):
        raise Institution.DoesNotExist
    institution = Institution.objects.select_related("region", "parent").get(pk=institution_id)
    today = timezone.localdate()
    agreements = _college_agreements(user, institution)
    rows = _rows(
        visible_obligations(user=user)
        .filter(beneficiary=institution)
        .order_by("agreement__number", "due_on", "id"),
        today,
    )
    partners = _partners(institution, agreements)
    for patron in partners["patrons"]:  # what each patron promised this college
        key = _party_key(patron["party"])
        patron["summary"] = progress_summary(
            row for row in rows if row.obligation.party and _party_key(row.obligation.party) == key
        )
    listed = list(agreements.order_by("-signed_on", "-id"))
    return {
        "institution": institution,
        "agreements": listed,
        "memoranda": [a for a in listed if a.kind == AgreementKind.MEMORANDUM],
        **partners,
        "summary": progress_summary(rows),
        "rows": rows,
        "links_partners": user_scope(user=user).national_aggregates,
    }
