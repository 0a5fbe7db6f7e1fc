"""Every read of the agreements register (agreements, parties, documents), scoped by
`scope.visible_agreements`: what a user may not see does not exist for them.

Obligations, deliveries, profiles and mobility have their own selectors modules.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from qadam.accounts.models import User
from qadam.agreements import policies, rules
from qadam.agreements.choices import (
    TRANSITIONS,
    AgreementKind,
    AgreementStatus,
    Direction,
    ObligationKind,
    PartyRole,
    PersonKind,
)
from qadam.agreements.filters import AgreementFilters
from qadam.agreements.models import Agreement, Document, Mobility, Obligation, Party
from qadam.agreements.scope import visible_agreements
from qadam.common.audit import row_of
from qadam.common.breakdown import Breakdown, breakdown_of, distinct_breakdown
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


PARTNERS_SHOWN = 30  # a filter lists this many partners at most; a search finds the rest


def partner_options(
    *, user: User, kind: str, q: str | None = None, chosen: int | None = None
) -> tuple[list[tuple[int, str]], bool]:
    """A partner filter's options (kind "institution" or "enterprise"): the partners among
    the agreements `user` sees with every word of `q` in their name, `chosen` first, and
    whether more match than are shown. Without `q`: all of them when they are few, else
    `chosen` alone (the national list has 4,000 enterprises: the page searches instead)."""
    parties = Party.objects.filter(agreement__in=visible_agreements(user=user))
    model: type[Institution] | type[Enterprise] = (
        Institution if kind == "institution" else Enterprise
    )
    visible = model.objects.filter(Exists(parties.filter(**{kind: OuterRef("pk")})))
    fields = ("name_ru", "name_kk", "name_en") if model is Institution else ("name",)
    partners = visible
    for word in (q or "").split()[:5]:
        # SQLite's LIKE folds ASCII case only: the word as typed, lower, capitalised, upper
        variants = {word, word.lower(), word.capitalize(), word.upper()}
        partners = partners.filter(
            _any_of(Q(**{f"{f}__icontains": v}) for f in fields for v in variants)
        )
    if q is None and visible.count() > PARTNERS_SHOWN:
        found: list[Any] = []
    else:
        found = list(partners.order_by(fields[0], "pk")[: PARTNERS_SHOWN + 1])
    shown = [(p.pk, str(p.name)) for p in found[:PARTNERS_SHOWN]]
    if chosen and all(pk != chosen for pk, _name in shown):
        shown[:0] = [(p.pk, str(p.name)) for p in visible.filter(pk=chosen)]
    return shown, len(found) > PARTNERS_SHOWN


def _any_of(conditions: Any) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


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


# National aggregates for the ministry's dashboard: counts only, no personal data.
IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
UNIVERSITY_KINDS = (
    AgreementKind.DOUBLE_DIPLOMA,
    AgreementKind.JOINT_RESEARCH,
    AgreementKind.JOINT_EDUCATION,
)


def _institution_parties(agreements: QuerySet[Agreement]) -> dict[int, list[tuple[int, str]]]:
    """The Kazakh registry institutions party to each of `agreements`: {agreement id:
    [(institution id, region ISO code)]}."""
    parties = Party.objects.filter(
        agreement__in=agreements, institution__isnull=False, institution__country="KZ"
    ).values_list("agreement_id", "institution_id", "institution__region__iso_code")
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for agreement, institution, region in parties:
        found[agreement].append((institution, region))
    return found


def patronage_breakdown(*, count: str) -> Breakdown:
    """Patronage agreements in force: the distinct patron companies (`count="patrons"`, by
    the company's region and by the college it patronises) or the distinct colleges they
    patronise (`count="colleges"`, by the college's region)."""
    agreements = Agreement.objects.filter(kind=AgreementKind.PATRONAGE, status__in=IN_FORCE)
    colleges = _institution_parties(agreements)
    if count == "colleges":
        rows = [
            (college, region, college) for found in colleges.values() for college, region in found
        ]
        return distinct_breakdown(rows)
    patrons = Party.objects.filter(
        agreement__in=agreements, role=PartyRole.PATRON, enterprise__isnull=False
    ).values_list("agreement_id", "enterprise_id", "enterprise__region__iso_code")
    # a patron counts once nationally and in its own region, and at each college it patronises
    return distinct_breakdown(
        (enterprise, region, college)
        for agreement, enterprise, region in patrons
        for college, _college_region in colleges.get(agreement, [(None, None)])
    )


def memoranda_signed_breakdown(*, starts: date, ends: date) -> Breakdown:
    """Memoranda of cooperation signed between `starts` and `ends`: each counts once
    nationally, and in the region and at each Kazakh institution party to it."""
    agreements = Agreement.objects.filter(
        kind=AgreementKind.MEMORANDUM, signed_on__gte=starts, signed_on__lte=ends
    ).exclude(status=AgreementStatus.DRAFT)
    parties = _institution_parties(agreements)
    rows = [
        (agreement, region, institution)
        for agreement in agreements.values_list("id", flat=True)
        for institution, region in parties.get(agreement, [(None, None)])
    ]
    return distinct_breakdown(rows)


def colleges_upgraded_breakdown() -> Breakdown:
    """State colleges that have received equipment or modernisation funding delivered under
    an agreement (an obligation with something delivered), by the college's region."""
    obligations = Obligation.objects.filter(
        kind__in=[ObligationKind.EQUIPMENT, ObligationKind.FUNDING],
        delivered__gt=0,
        beneficiary__kind="college",
        beneficiary__ownership="state",
    )
    return breakdown_of(
        obligations,
        Count("beneficiary", distinct=True),
        region="beneficiary__region__iso_code",
        institution="beneficiary_id",
    )


def students_abroad_breakdown(*, country: str, on: date) -> Breakdown:
    """Students from Kazakhstan studying in `country` on the day `on` (begun, not ended, not
    returned), by their home institution's region (none recorded: the total only)."""
    abroad = Mobility.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        Q(returned_on__isnull=True) | Q(returned_on__gt=on),
        person_kind=PersonKind.STUDENT,
        direction=Direction.OUTGOING,
        host_country=country,
        starts_on__lte=on,
    )
    return breakdown_of(
        abroad,
        Count("id"),
        region="home_institution__region__iso_code",
        institution="home_institution_id",
    )


def university_agreements_breakdown(*, country: str) -> Breakdown:
    """Agreements in force between Kazakh universities and universities of `country` (double
    diplomas, joint research, joint education), by the Kazakh university and its region."""
    agreements = Agreement.objects.filter(
        Exists(
            Party.objects.filter(
                Q(country=country) | Q(institution__country=country), agreement=OuterRef("pk")
            )
        ),
        kind__in=UNIVERSITY_KINDS,
        status__in=IN_FORCE,
    )
    parties = _institution_parties(agreements)
    rows = [
        (agreement, region, institution)
        for agreement in agreements.values_list("id", flat=True)
        for institution, region in parties.get(agreement, [(None, None)])
    ]
    return distinct_breakdown(rows)
