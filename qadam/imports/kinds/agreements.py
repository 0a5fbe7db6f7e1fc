"""Agreements, upserted by number, with their parties (see parties.py for the layout).

A party column the file leaves out leaves that kind of party alone; a party column it has
replaces that kind of party. The rules of the agreements' services hold here too, judged on
the agreement as it would be after the row (a column the file leaves out keeps what is
stored): an update follows the status lifecycle; a terminated agreement has a reason for its
termination and no other one does; an agreement is not expired while it still runs; once
active only the title, description and end date change, once expired or terminated only the
description; the parties change only while it is a draft or signed; and a party is not
removed (nor replaced, as a new role replaces it) while it promised obligations, nor an
institution while it is the beneficiary of any.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.agreements.choices import TRANSITIONS, AgreementKind, AgreementStatus
from qadam.agreements.models import Agreement, Obligation, Party
from qadam.agreements.rules import LATE_EDITABLE, OPEN_STATUSES
from qadam.imports.cells import Choice, Date, Text
from qadam.imports.columns import Column
from qadam.imports.kinds.base import Context, Existing, Kind, Records, build, chunks, refuse_repeats
from qadam.imports.kinds.parties import CATEGORIES, PartyTuple, party_columns, sort_parties
from qadam.imports.table import Table

OPTIONAL = ("status", "signed_on", "starts_on", "ends_on", "description", "termination_reason")
PARTY_HELP = _lazy("Items separated by semicolons; see the layout on the import page.")
Status = AgreementStatus
# the facts whose changes the status rules judge (the number is the key; the status and the
# reason for termination have rules of their own)
FACTS = ("kind", "title", "signed_on", "starts_on", "ends_on", "description")
COLUMN_OF = {category: column for column, category in CATEGORIES.items()}


class StoredParty(NamedTuple):
    id: int
    party: PartyTuple
    label: str  # the institution's code, the enterprise's BIN or the party's name


@dataclass(frozen=True)
class Stored:
    """What the register holds of an agreement, beyond the file's own columns."""

    status: str
    starts_on: date | None
    ends_on: date | None
    termination_reason: str


@dataclass
class Promises:
    """Of one agreement's obligations: the parties that promised and the beneficiaries."""

    parties: set[int] = field(default_factory=set)
    beneficiaries: dict[int, str] = field(default_factory=dict)  # institution id -> code


def _category(institution_id: int | None, enterprise_id: int | None) -> str:
    if institution_id is not None:
        return "_institutions"
    return "_enterprises" if enterprise_id is not None else "_others"


class Agreements(Kind):
    name = "agreements"
    model = Agreement
    columns = (
        Column(
            "number",
            Text(40),
            required=True,
            help=_lazy("The natural key: a row with a known number updates that agreement."),
        ),
        Column("kind", Choice(AgreementKind), required=True, labels=("Kind", "Вид", "Түрі")),
        Column("title", Text(255), required=True),
        Column(
            "status",
            Choice(AgreementStatus),
            default=AgreementStatus.DRAFT.value,
            help=_lazy("Blank: draft."),
        ),
        Column("signed_on", Date()),
        Column("starts_on", Date()),
        Column("ends_on", Date()),
        Column("description", Text(5000), default=""),
        Column("termination_reason", Text(255), default=""),
        Column(
            "party_institutions",
            Text(5000),
            help=_lazy("Institution codes, each with an optional role: CODE|role; CODE."),
        ),
        Column(
            "party_enterprises",
            Text(5000),
            help=_lazy("Enterprise BINs, each with an optional role: BIN|role; BIN."),
        ),
        Column(
            "party_others",
            Text(5000),
            help=_lazy(
                "Other parties: name|kind|country|role (kind: ministry or foreign_institution)."
            ),
        ),
    )

    def records(self, table: Table, context: Context) -> Records:
        numbers = table.column("number")
        refuse_repeats(table, numbers, "number")
        starts, ends = table.column("starts_on"), table.column("ends_on")
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if start and end and end < start:
                table.error(index, "ends_on", _("the agreement cannot end before it starts"))
        fields: dict[str, list[Any]] = {
            "number": numbers,
            "kind": table.column("kind"),
            "title": table.column("title"),
        }
        fields.update({name: table.column(name) for name in OPTIONAL if table.has(name)})
        fields.update(party_columns(table))
        return build(table, fields, key=("number",))

    def existing(self, records: Records) -> Existing:
        real = [name for name in records.fields if not name.startswith("_")]
        pseudo = [name for name in records.fields if name.startswith("_")]
        numbers = [row[0] for row in records.rows]
        found: dict[int, tuple[Any, ...]] = {}
        for chunk in chunks(numbers):
            for pk, *values in (
                Agreement.objects.filter(number__in=chunk).order_by().values_list("pk", *real)
            ):
                found[pk] = tuple(values)
        parties = _parties_of(list(found))
        result: Existing = {}
        for pk, values in found.items():
            by_category = parties.get(pk, {})
            extra = tuple(
                sort_parties(stored.party for stored in by_category.get(name, []))
                for name in pseudo
            )
            result[(values[0],)] = (pk, (*values, *extra))
        return result

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        pks = [found[0] for found in existing.values()]
        stored = _stored(pks)
        parties = _parties_of(pks)
        pseudo = [name for name in records.fields if name.startswith("_")]
        promises = _promises(pks) if pseudo else {}
        today = timezone.localdate()
        for index, row in zip(records.indices, records.rows, strict=True):
            values = dict(zip(records.fields, row, strict=True))
            found = existing.get((row[0],))
            if found is None:
                _check_status(table, index, values, None, today)
                _check_party_count(table, index, values, {}, pseudo)
                continue
            pk, current = found
            state = stored.get(pk)
            if state is None:  # deleted since existing() read it: the write will conflict
                continue
            before = dict(zip(records.fields, current, strict=True))
            _check_status(table, index, values, state, today)
            _check_frozen(table, index, values, before, state)
            _check_party_count(table, index, values, parties.get(pk, {}), pseudo)
            if state.status in OPEN_STATUSES:
                _check_removals(table, index, values, parties.get(pk, {}), promises.get(pk))
            else:
                _check_parties_frozen(table, index, values, before, pseudo)

    def insert_values(self, context: Context) -> dict[str, Any]:
        return {"created_by_id": context.actor_id}

    def after_write(
        self, records: Records, written: Sequence[int], ids: dict[tuple[Any, ...], int]
    ) -> None:
        pseudo = [name for name in records.fields if name.startswith("_")]
        targets = {ids[(records.rows[index][0],)]: records.rows[index] for index in written}
        current = _parties_of(list(targets))
        removed: list[int] = []
        added: list[Party] = []
        for pk, row in targets.items():
            for name in pseudo:
                gone, wanted = _split(
                    current.get(pk, {}).get(name, []), row[records.position(name)]
                )
                removed.extend(stored.id for stored in gone)
                added.extend(_party(pk, party) for party in wanted)
        Party.objects.filter(pk__in=removed).delete()  # check_existing: none promised anything
        Party.objects.bulk_create(added, batch_size=1000)


# --------------------------------------------------------------------------- the rules

Values = dict[str, Any]  # one record by field name


def _check_status(
    table: Table, index: int, values: Values, stored: Stored | None, today: date
) -> None:
    """The lifecycle, the reason for termination, expiry, and the dates against what is
    stored; `stored` None for a new agreement (created a draft, then moved along)."""
    was = stored.status if stored is not None else None
    status = values.get("status", was or Status.DRAFT)
    entering = status != was  # a new agreement enters its status too
    if stored is not None and entering and status not in TRANSITIONS.get(stored.status, ()):
        table.error(
            index,
            "status",
            _("cannot change from %(before)s to %(after)s")
            % {"before": stored.status, "after": status},
        )
    stored_reason = stored.termination_reason if stored is not None else ""
    reason = values.get("termination_reason", stored_reason)
    reason_changed = "termination_reason" in values and (stored is None or reason != stored_reason)
    terminating = entering and status == Status.TERMINATED
    if terminating and not reason:
        table.error(index, "termination_reason", _("give the reason for the termination"))
    elif reason_changed and reason and status != Status.TERMINATED:
        table.error(
            index,
            "termination_reason",
            _("only a terminated agreement has a reason for termination"),
        )
    elif reason_changed and stored is not None and was not in OPEN_STATUSES and not terminating:
        table.error(index, "termination_reason", _frozen(stored.status))
    ends = values.get("ends_on", stored.ends_on if stored is not None else None)
    if entering and status == Status.EXPIRED and ends is not None and ends > today:
        table.error(
            index,
            "status",
            _("the agreement runs until %(date)s; terminate it to end it early")
            % {"date": ends.isoformat()},
        )
    if stored is not None and ("starts_on" in values) != ("ends_on" in values):
        # both in the file: records() has compared them already
        starts = values.get("starts_on", stored.starts_on)
        if starts is not None and ends is not None and ends < starts:
            column = "starts_on" if "starts_on" in values else "ends_on"
            table.error(index, column, _("the agreement cannot end before it starts"))


def _frozen(status: str) -> str:
    return _("this can no longer change: the agreement is %(status)s") % {
        "status": Status(status).label
    }


def _check_frozen(table: Table, index: int, values: Values, before: Values, stored: Stored) -> None:
    """Once active only the title, description and end date change; once expired or
    terminated only the description (the status the register holds decides)."""
    if stored.status in OPEN_STATUSES:
        return
    allowed = LATE_EDITABLE[Status(stored.status)]
    for name in FACTS:
        if name in values and name not in allowed and values[name] != before[name]:
            table.error(index, name, _frozen(stored.status))


def _check_party_count(
    table: Table,
    index: int,
    values: Values,
    parties: dict[str, list[StoredParty]],
    pseudo: list[str],
) -> None:
    kept = sum(len(found) for name, found in parties.items() if name not in values)
    if kept + sum(len(values[name]) for name in pseudo) == 0:
        table.error(
            index,
            next((name for name in CATEGORIES if table.has(name)), "party_institutions"),
            _("an agreement needs at least one party"),
        )


def _check_parties_frozen(
    table: Table, index: int, values: Values, before: Values, pseudo: list[str]
) -> None:
    for name in pseudo:
        if values[name] != before[name]:
            table.error(
                index,
                COLUMN_OF[name],
                _("the parties can change only while the agreement is a draft or signed"),
            )


def _check_removals(
    table: Table,
    index: int,
    values: Values,
    parties: dict[str, list[StoredParty]],
    promises: Promises | None,
) -> None:
    """A party that promised obligations stays (a new role would replace it), and so does
    an institution that is the beneficiary of any: the row's own parties are what remains."""
    if promises is None:
        return
    for name in (name for name in values if name.startswith("_")):
        gone, _added = _split(parties.get(name, []), values[name])
        for stored in gone:
            if stored.id in promises.parties:
                table.error(
                    index,
                    COLUMN_OF[name],
                    _(
                        "party %(party)s has obligations, so it cannot be removed or given "
                        "another role; remove them first"
                    )
                    % {"party": stored.label},
                )
    if "_institutions" not in values:
        return
    were = {stored.party[2] for stored in parties.get("_institutions", [])}
    remain = {party[2] for party in values["_institutions"]}
    for institution_id, code in sorted(promises.beneficiaries.items(), key=lambda item: item[1]):
        if institution_id in were and institution_id not in remain:
            table.error(
                index,
                "party_institutions",
                _(
                    "%(code)s is the beneficiary of obligations of this agreement, so it must "
                    "stay a party; remove them first"
                )
                % {"code": code},
            )


def _split(
    current: Sequence[StoredParty], wanted: Sequence[PartyTuple]
) -> tuple[list[StoredParty], list[PartyTuple]]:
    """The stored parties a row's list removes, and the parties it adds."""
    left = list(wanted)
    removed = []
    for stored in current:
        if stored.party in left:
            left.remove(stored.party)
        else:
            removed.append(stored)
    return removed, left


# --------------------------------------------------------------------------- reads in bulk


def _party(agreement_id: int, party: PartyTuple) -> Party:
    kind, role, institution_id, enterprise_id, name, country = party
    return Party(
        agreement_id=agreement_id,
        kind=kind,
        role=role,
        institution_id=institution_id,
        enterprise_id=enterprise_id,
        name=name,
        country=country,
    )


def _parties_of(agreement_ids: list[int]) -> dict[int, dict[str, list[StoredParty]]]:
    """The parties of the agreements, by agreement and category, with their ids."""
    result: dict[int, dict[str, list[StoredParty]]] = defaultdict(lambda: defaultdict(list))
    for chunk in chunks(agreement_ids):
        found = (
            Party.objects.filter(agreement_id__in=chunk)
            .order_by("id")
            .values_list(
                "id",
                "agreement_id",
                "kind",
                "role",
                "institution_id",
                "enterprise_id",
                "name",
                "country",
                "institution__code",
                "enterprise__bin",
            )
        )
        for pk, agreement, kind, role, institution, enterprise, name, country, code, bin_ in found:
            party = (kind, role, institution, enterprise, name, country)
            stored = StoredParty(pk, party, code or bin_ or name)
            result[agreement][_category(institution, enterprise)].append(stored)
    return result


def _stored(agreement_ids: list[int]) -> dict[int, Stored]:
    """The status, dates and reason for termination the register holds."""
    result: dict[int, Stored] = {}
    for chunk in chunks(agreement_ids):
        found = (
            Agreement.objects.filter(pk__in=chunk)
            .order_by()
            .values_list("pk", "status", "starts_on", "ends_on", "termination_reason")
        )
        for pk, status, starts, ends, reason in found:
            result[pk] = Stored(status, starts, ends, reason)
    return result


def _promises(agreement_ids: list[int]) -> dict[int, Promises]:
    """Who promised the agreements' obligations and who benefits from them."""
    result: dict[int, Promises] = defaultdict(Promises)
    for chunk in chunks(agreement_ids):
        found = (
            Obligation.objects.filter(agreement_id__in=chunk)
            .order_by()
            .values_list("agreement_id", "party_id", "beneficiary_id", "beneficiary__code")
        )
        for agreement, party, beneficiary, code in found:
            promises = result[agreement]
            if party is not None:
                promises.parties.add(party)
            if beneficiary is not None:
                promises.beneficiaries[beneficiary] = code
    return dict(result)
