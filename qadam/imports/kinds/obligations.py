"""Obligations, upserted by agreement number, kind, beneficiary and due date.

Each row that would change something is judged by the obligations' rules
(qadam.agreements.rules), as obligation_create and obligation_update judge it: the target in
its kind's units and range and not below what is already delivered, the due date within the
agreement, the beneficiary an institution that is a party to it as the register holds the
agreement's parties (import the agreements first), and an expired or terminated agreement's
obligations no longer change. A row equal to what the register holds changes nothing, so it
is not judged again.
"""

from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.agreements import rules
from qadam.agreements.choices import ObligationKind
from qadam.agreements.models import Agreement, Obligation, Party
from qadam.imports.cells import Cell, Choice, Date, Text, decimal_cell
from qadam.imports.columns import Column
from qadam.imports.kinds.base import (
    Context,
    Existing,
    Kind,
    Records,
    build,
    chunks,
    institution_ids,
    present,
    refuse_repeats,
    resolve,
)
from qadam.imports.table import Table

KEY = ("agreement_id", "kind", "beneficiary_id", "due_on")
OPTIONAL = ("description", "items")
# the rules' fields, by the column that holds them
COLUMN_OF = {
    "agreement": "agreement_number",
    "beneficiary": "beneficiary_code",
    "party": "promised_by",
    "target": "target",
    "due_on": "due_on",
    "kind": "kind",
}


class Amount(Cell):
    """A number (a comma works as the point too); its cents, units and range are the
    rules', which judge it by the obligation's kind as the services do."""

    def parse(self, value: Any) -> Decimal:
        return decimal_cell(value)

    def describe(self) -> str:
        return _("number: whole places, mentors, seats or jobs; tenge with at most 2 decimals")


class Obligations(Kind):
    name = "obligations"
    model = Obligation
    columns = (
        Column(
            "agreement_number",
            Text(40),
            required=True,
            help=_lazy("The number of an agreement in the register (import agreements first)."),
        ),
        Column(
            "kind",
            Choice(ObligationKind),
            required=True,
            labels=("Obligation kind", "Вид обязательства", "Міндеттеме түрі"),
        ),
        Column(
            "beneficiary_code",
            Text(20),
            help=_lazy("The institution that benefits; blank: the agreement as a whole."),
        ),
        Column("due_on", Date(), required=True),
        Column(
            "target",
            Amount(),
            required=True,
            help=_lazy("Places, mentors, seats or jobs; tenge for equipment and funding."),
        ),
        Column(
            "promised_by",
            Text(20),
            help=_lazy("A party of the agreement; blank: the parties jointly."),
        ),
        Column("description", Text(255), default=""),
        Column("items", Text(5000), default="", help=_lazy("Equipment: what is promised.")),
    )

    def records(self, table: Table, context: Context) -> Records:
        numbers = table.column("agreement_number")
        known: dict[str, int] = {}
        for chunk in chunks(sorted(present(numbers))):
            known.update(
                Agreement.objects.filter(number__in=chunk).order_by().values_list("number", "id")
            )
        agreement = resolve(
            table, "agreement_number", known, _("no agreement has the number %(value)s")
        )
        beneficiary = institution_ids(table, "beneficiary_code", context)
        kinds, due = table.column("kind"), table.column("due_on")
        keys: list[Hashable | None] = [
            (a, k, b, d) if a and k and d and (b or not codes) else None
            for a, k, b, d, codes in zip(
                agreement, kinds, beneficiary, due, table.column("beneficiary_code"), strict=True
            )
        ]
        refuse_repeats(table, keys, "kind")
        for index, (kind, target) in enumerate(zip(kinds, table.column("target"), strict=True)):
            # judged on every row, whatever else is wrong with it
            for message in rules.amount_errors(target, kind or "", "target").get("target", []):
                table.error(index, "target", message)
        fields: dict[str, list[Any]] = {
            "agreement_id": agreement,
            "kind": kinds,
            "beneficiary_id": beneficiary,
            "due_on": due,
            "target": table.column("target"),
        }
        if table.has("promised_by"):
            fields["party_id"] = _promisers(table, agreement)
        fields.update({name: table.column(name) for name in OPTIONAL if table.has(name)})
        return build(table, fields, key=KEY)

    def existing(self, records: Records) -> Existing:
        agreements = sorted({row[0] for row in records.rows})
        key_of = records.key_getter()
        result: Existing = {}
        for chunk in chunks(agreements):
            found = Obligation.objects.filter(agreement_id__in=chunk).order_by("id")
            for pk, *current in found.values_list("pk", *records.fields):
                values = tuple(current)
                result.setdefault(key_of(values), (pk, values))
        return result

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        agreements = sorted({row[0] for row in records.rows})
        repeated: set[tuple[Any, ...]] = set()
        for chunk in chunks(agreements):
            groups = (
                Obligation.objects.filter(agreement_id__in=chunk)
                .order_by()  # the model's ordering would join the GROUP BY
                .values_list(*KEY)
                .annotate(count=Count("id"))
                .filter(count__gt=1)
            )
            repeated.update(tuple(group[:4]) for group in groups)
        key_of = records.key_getter()
        changing = [
            (index, row)
            for index, row in zip(records.indices, records.rows, strict=True)
            if (found := existing.get(key_of(row))) is None or found[1] != row
        ]
        facts, members = _agreements_now(changing)
        ids = [existing[key_of(row)][0] for _index, row in changing if key_of(row) in existing]
        delivered = _delivered(ids)
        for index, row in zip(records.indices, records.rows, strict=True):
            if key_of(row) in repeated:
                table.error(
                    index,
                    "kind",
                    _(
                        "several obligations of this agreement have this kind, beneficiary and due "
                        "date; change them on the agreement's page"
                    ),
                )
        for index, row in changing:
            values = dict(zip(records.fields, row, strict=True))
            stored = existing.get(key_of(row))
            values["delivered"] = delivered.get(stored[0]) if stored is not None else None
            agreement_id, beneficiary_id = values["agreement_id"], values["beneficiary_id"]
            errors = rules.obligation_errors(
                values,
                agreement=facts.get(agreement_id, {}),
                beneficiary_is_party=beneficiary_id is None
                or (agreement_id, beneficiary_id) in members,
            )
            for name, messages in errors.items():
                for message in messages:
                    table.error(index, COLUMN_OF.get(name, name), message)


def _agreements_now(
    rows: list[tuple[int, tuple[Any, ...]]],
) -> tuple[dict[int, dict[str, Any]], set[tuple[int, int]]]:
    """For the agreements of the rows that would write something: what the rules read of
    them (status and dates), and which institutions are their parties (agreement id,
    institution id), as the register holds them now (inside the write's transaction when
    writing)."""
    ids = sorted({row[0] for _index, row in rows})
    agreements: dict[int, dict[str, Any]] = {}
    members: set[tuple[int, int]] = set()
    for chunk in chunks(ids):
        for pk, status, starts, ends in (
            Agreement.objects.filter(pk__in=chunk)
            .order_by()
            .values_list("pk", "status", "starts_on", "ends_on")
        ):
            agreements[pk] = {"status": status, "starts_on": starts, "ends_on": ends}
        members.update(
            Party.objects.filter(agreement_id__in=chunk, institution__isnull=False)
            .order_by()
            .values_list("agreement_id", "institution_id")
        )
    return agreements, members


def _delivered(obligation_ids: list[int]) -> dict[int, Decimal]:
    """What is already delivered against the obligations a file changes."""
    result: dict[int, Decimal] = {}
    for chunk in chunks(sorted(obligation_ids)):
        result.update(
            Obligation.objects.filter(pk__in=chunk).order_by().values_list("pk", "delivered")
        )
    return result


def _promisers(table: Table, agreement: list[int | None]) -> list[int | None]:
    """The party of each row's agreement that the row names by institution code or BIN."""
    parties: dict[tuple[int, str], int] = {}
    for chunk in chunks(sorted(present(agreement))):
        found = (
            Party.objects.filter(agreement_id__in=chunk)
            .order_by("-id")
            .values_list("agreement_id", "institution__code", "enterprise__bin", "id")
        )
        for agreement_id, code, bin_, pk in found:
            for name in (code, bin_):
                if name:
                    parties[(agreement_id, name)] = pk
    result: list[int | None] = [None] * table.size
    for index, (owner, name) in enumerate(zip(agreement, table.column("promised_by"), strict=True)):
        if not name or owner is None:
            continue
        party = parties.get((owner, name))
        if party is None:
            for message in rules.promiser_errors(False)["party"]:
                table.error(index, "promised_by", message)
        else:
            result[index] = party
    return result
