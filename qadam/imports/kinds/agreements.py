"""Agreements, upserted by number, with their parties (see parties.py for the layout).

A party column the file leaves out leaves that kind of party alone; a party column it has
replaces that kind of party. Each row is judged by the agreements' rules
(qadam.agreements.rules), as the services judge an agreement, on the agreement as it would
be after the row (a column the file leaves out keeps what is stored) against the agreement
as the register holds it: the lifecycle, the reason for termination, the dates, the facts
frozen once in force; the parties change only while it is a draft or signed; and a party
stays while it promised obligations or, an institution, benefits from them (a new role
replaces a party, so it counts as a removal). A new agreement may be recorded in any status
(the import of an existing register).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from qadam.agreements import rules
from qadam.agreements.choices import AgreementKind, AgreementStatus
from qadam.agreements.models import Agreement, Obligation, Party
from qadam.imports.cells import Choice, Date, Text
from qadam.imports.columns import Column
from qadam.imports.kinds.base import Context, Existing, Kind, Records, build, chunks, refuse_repeats
from qadam.imports.kinds.parties import CATEGORIES, PartyTuple, party_columns, sort_parties
from qadam.imports.table import Table

OPTIONAL = ("status", "signed_on", "starts_on", "ends_on", "description", "termination_reason")
PARTY_HELP = _lazy("Items separated by semicolons; see the layout on the import page.")
# what the rules read of an agreement, as the register holds it
RULE_FIELDS = (
    "number",
    "kind",
    "title",
    "status",
    "signed_on",
    "starts_on",
    "ends_on",
    "description",
    "termination_reason",
)
COLUMN_OF = {category: column for column, category in CATEGORIES.items()}


class StoredParty(NamedTuple):
    id: int
    party: PartyTuple
    label: str  # the institution's code, the enterprise's BIN or the party's name


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
            given = {name: value for name, value in values.items() if name in RULE_FIELDS}
            found = existing.get((row[0],))
            if found is None:  # a new agreement
                _report(table, index, rules.agreement_errors(given, today=today))
                _check_party_count(table, index, values, {}, pseudo)
                continue
            pk, current = found
            before = stored.get(pk)
            if before is None:  # deleted since existing() read it: the write will conflict
                continue
            after = {**before, **given}
            _report(table, index, rules.agreement_errors(after, before=before, today=today))
            _check_party_count(table, index, values, parties.get(pk, {}), pseudo)
            changed = [name for name in pseudo if values[name] != current[records.position(name)]]
            if changed:
                mine = parties.get(pk, {})
                _check_parties(table, index, values, before, mine, promises.get(pk), changed)

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


def _report(
    table: Table, index: int, errors: Mapping[str, Sequence[str]], column: str = ""
) -> None:
    """The rules' errors on the row: each beside its field's column (`column` for the
    parties' errors)."""
    for name, messages in errors.items():
        for message in messages:
            table.error(index, column if name == "parties" else name, message)


def _check_party_count(
    table: Table,
    index: int,
    values: Values,
    parties: dict[str, list[StoredParty]],
    pseudo: list[str],
) -> None:
    kept = sum(len(found) for name, found in parties.items() if name not in values)
    column = next((name for name in CATEGORIES if table.has(name)), "party_institutions")
    count = kept + sum(len(values[name]) for name in pseudo)
    _report(table, index, rules.party_count_errors(count), column)


def _check_parties(
    table: Table,
    index: int,
    values: Values,
    before: Values,
    parties: dict[str, list[StoredParty]],
    promises: Promises | None,
    changed: list[str],
) -> None:
    """Changed party columns: only while the agreement is a draft or signed, and without
    removing (or giving another role to) a party that promised obligations or an
    institution that benefits from them."""
    frozen = rules.parties_change_errors(before["status"])
    if frozen:
        for name in changed:
            _report(table, index, frozen, COLUMN_OF[name])
        return
    if promises is None:
        return
    remain = {party[2] for party in values.get("_institutions", ())}
    for name in changed:
        gone, _added = _split(parties.get(name, []), values[name])
        for stored in gone:
            institution = stored.party[2]
            errors = rules.party_removal_errors(
                stored.label,
                promised=stored.id in promises.parties,
                benefits=institution in promises.beneficiaries and institution not in remain,
            )
            _report(table, index, errors, COLUMN_OF[name])


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


def _stored(agreement_ids: list[int]) -> dict[int, Values]:
    """What the rules read of the agreements, as the register holds them."""
    result: dict[int, Values] = {}
    for chunk in chunks(agreement_ids):
        found = Agreement.objects.filter(pk__in=chunk).order_by().values_list("pk", *RULE_FIELDS)
        for pk, *values in found:
            result[pk] = dict(zip(RULE_FIELDS, values, strict=True))
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
