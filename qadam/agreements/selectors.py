"""Every read of the agreements register (agreements, parties, documents), scoped by
`scope.visible_agreements`: what a user may not see does not exist for them.

Obligations, deliveries, profiles and mobility have their own selectors modules.
"""

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from qadam.accounts.models import User
from qadam.agreements import policies, rules
from qadam.agreements.choices import TRANSITIONS, AgreementKind, AgreementStatus
from qadam.agreements.filters import AgreementFilters
from qadam.agreements.models import Agreement, Document, Party
from qadam.agreements.scope import visible_agreements
from qadam.common.audit import row_of
from qadam.common.models import AuditEntry
from qadam.common.selectors import audit_history
from qadam.registry.models import Enterprise, Institution


def _parties() -> Prefetch[Any]:
    return Prefetch(
        "parties", queryset=Party.objects.select_related("institution", "enterprise").order_by("id")
    )


def _filtered(agreements: QuerySet[Agreement], filters: AgreementFilters) -> QuerySet[Agreement]:
    if filters.q:
        agreements = agreements.filter(
            Q(number__icontains=filters.q) | Q(title__icontains=filters.q)
        )
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    party = Party.objects.filter(agreement=OuterRef("pk"))
    if filters.country:
        agreements = agreements.filter(Exists(party.filter(country=filters.country)))
    if filters.region:
        in_region = Q(institution__region_id=filters.region) | Q(
            enterprise__region_id=filters.region
        )
        agreements = agreements.filter(Exists(party.filter(in_region)))
    if filters.enterprise:
        agreements = agreements.filter(Exists(party.filter(enterprise_id=filters.enterprise)))
    if filters.institution:
        agreements = agreements.filter(Exists(party.filter(institution_id=filters.institution)))
    return agreements


def agreement_list(*, user: User, filters: AgreementFilters | None = None) -> QuerySet[Agreement]:
    """The agreements `user` may see, filtered, newest signature first (drafts last)."""
    agreements = _filtered(visible_agreements(user=user), filters or AgreementFilters())
    return agreements.prefetch_related(_parties()).order_by(
        F("signed_on").desc(nulls_last=True), "-id"
    )


def agreement_counts(*, user: User, filters: AgreementFilters | None = None) -> dict[str, Any]:
    """How many agreements the list holds, in all and by status (for the register's cards)."""
    agreements = _filtered(visible_agreements(user=user), filters or AgreementFilters())
    totals = agreements.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in AgreementStatus.values},
    )
    return {
        "total": totals["total"],
        "by_status": [
            {"status": value, "label": label, "count": totals[value]}
            for value, label in AgreementStatus.choices
        ],
    }


def agreement_get(*, user: User, agreement_id: int) -> Agreement:
    """One agreement with its parties and documents; Agreement.DoesNotExist out of scope."""
    return (
        visible_agreements(user=user)
        .select_related("created_by")
        .prefetch_related(
            _parties(), Prefetch("documents", queryset=Document.objects.order_by("-id"))
        )
        .get(pk=agreement_id)
    )


def document_get(*, user: User, document_id: int) -> Document:
    """A document of an agreement `user` may see; Document.DoesNotExist otherwise."""
    return Document.objects.select_related("agreement").get(
        pk=document_id, agreement__in=visible_agreements(user=user)
    )


def agreement_timeline(*, agreement: Agreement) -> list[dict[str, Any]]:
    """The agreement's creation and status changes, oldest first, from the audit log."""
    entries = audit_history(user=None, instance=agreement, limit=200)
    steps: list[dict[str, Any]] = []
    for entry in reversed(entries):
        if entry.action == AuditEntry.Action.CREATE:
            steps.append({"at": entry.at, "actor": entry.actor, "status": AgreementStatus.DRAFT})
        elif "status" in entry.changes:
            reason = entry.changes.get("termination_reason", [None, ""])[1]
            status = entry.changes["status"][1]
            steps.append({"at": entry.at, "actor": entry.actor, "status": status, "reason": reason})
    labels = dict(AgreementStatus.choices)
    return [{**step, "label": labels.get(step["status"], step["status"])} for step in steps]


def partner_choices(*, user: User) -> dict[str, list[tuple[int, str]]]:
    """The registry institutions and enterprises that are parties to agreements `user` sees."""
    parties = Party.objects.filter(agreement__in=visible_agreements(user=user))
    institutions = Institution.objects.filter(Exists(parties.filter(institution=OuterRef("pk"))))
    enterprises = Enterprise.objects.filter(Exists(parties.filter(enterprise=OuterRef("pk"))))
    return {
        "institutions": sorted(((i.pk, i.name) for i in institutions), key=lambda item: item[1]),
        "enterprises": list(enterprises.order_by("name").values_list("pk", "name")),
    }


def country_codes(*, user: User) -> list[str]:
    """The parties' countries among the agreements `user` sees."""
    parties = Party.objects.filter(agreement__in=visible_agreements(user=user))
    return sorted(set(parties.values_list("country", flat=True)))


def agreement_figures(*, user: User, filters: AgreementFilters | None = None) -> dict[str, Any]:
    """Agreements and active agreements by party country and by kind.

    An agreement counts once in each country one of its parties is in, so the country rows
    add up to more than the total."""
    agreements = _filtered(visible_agreements(user=user), filters or AgreementFilters())
    active = Q(agreement__status=AgreementStatus.ACTIVE)
    by_country = (
        Party.objects.filter(agreement__in=agreements)
        .values("country")
        .annotate(
            agreements=Count("agreement", distinct=True),
            active=Count("agreement", filter=active, distinct=True),
        )
        .order_by("-agreements", "country")
    )
    by_kind = {
        row["kind"]: row
        for row in agreements.values("kind").annotate(
            agreements=Count("pk"), active=Count("pk", filter=Q(status=AgreementStatus.ACTIVE))
        )
    }
    kinds = [
        {"kind": value, "label": str(label), **_counts(by_kind.get(value))}
        for value, label in AgreementKind.choices
        if value in by_kind
    ]
    return {
        "total": sum(row["agreements"] for row in kinds),
        "active": sum(row["active"] for row in kinds),
        "by_country": [
            {"country": row["country"], "agreements": row["agreements"], "active": row["active"]}
            for row in by_country
        ],
        "by_kind": sorted(kinds, key=lambda row: -row["agreements"]),
    }


def _counts(row: Any) -> dict[str, int]:
    return {"agreements": row["agreements"] if row else 0, "active": row["active"] if row else 0}


# --------------------------------------------------------------------------- what a user may do


def editable_fields(agreement: Agreement) -> set[str]:
    """The facts that may still change in the agreement's status."""
    return rules.editable_fields(agreement.status)


def allowed_transitions(actor: User, agreement: Agreement) -> tuple[str, ...]:
    """The statuses `actor` may move the agreement to now (none for read-only roles): those
    the lifecycle rules let it enter today (an agreement that runs on is terminated, not
    expired)."""
    if not policies.may_write_agreement(actor, agreement):
        return ()
    today = timezone.localdate()
    row = row_of(agreement)

    def enters(status: str) -> bool:
        moved = {**row, **rules.transition_changes(row, status, reason="-", day=today)}
        return "status" not in rules.agreement_errors(moved, before=row, today=today)

    return tuple(status for status in TRANSITIONS[agreement.status] if enters(status))
