"""Obligations, upserted by agreement number, kind, beneficiary and due date.

The rules of obligation_create and obligation_update hold here too: the target counts whole
places, mentors, seats and jobs (tenge, for equipment and funding, to the tiyn); the party
that promised is a party to the agreement; the beneficiary is an institution that is a party
to it, as the register holds the agreement's parties (import the agreements first); and an
expired or terminated agreement's obligations no longer change. A row equal to what the
register holds changes nothing, so it is not judged again.
"""

from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.agreements.choices import AgreementStatus, ObligationKind
from qadam.agreements.models import Agreement, Obligation, Party
from qadam.agreements.rules import CLOSED_STATUSES, MONEY_KINDS
from qadam.imports.cells import Choice, Date, Number, Text
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
            Number(places=2, minimum=Decimal("0.01"), maximum=Decimal("99999999999999.99")),
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
        _refuse_fractions(table)
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
        statuses, members = _agreements_now(changing)
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
            agreement_id, _kind, beneficiary_id, _due = key_of(row)
            status = statuses.get(agreement_id)
            if status in CLOSED_STATUSES:
                table.error(
                    index,
                    "agreement_number",
                    _("the agreement is %(status)s; its obligations can no longer be changed")
                    % {"status": AgreementStatus(status).label},
                )
            if beneficiary_id is not None and (agreement_id, beneficiary_id) not in members:
                table.error(
                    index,
                    "beneficiary_code",
                    _("the beneficiary must be an institution that is a party to this agreement"),
                )


def _refuse_fractions(table: Table) -> None:
    """Places, mentors, seats and jobs are counted in whole numbers; tenge are not."""
    for index, (kind, target) in enumerate(
        zip(table.column("kind"), table.column("target"), strict=True)
    ):
        if (
            kind in ObligationKind.values
            and kind not in MONEY_KINDS
            and isinstance(target, Decimal)
            and target != target.to_integral_value()
        ):
            table.error(
                index,
                "target",
                _("%(kind)s are counted in whole numbers") % {"kind": ObligationKind(kind).label},
            )


def _agreements_now(
    rows: list[tuple[int, tuple[Any, ...]]],
) -> tuple[dict[int, str], set[tuple[int, int]]]:
    """For the agreements of the rows that would write something: their status, and which
    institutions are their parties (agreement id, institution id), as the register holds them
    now (inside the write's transaction when writing)."""
    agreements = sorted({row[0] for _index, row in rows})
    statuses: dict[int, str] = {}
    members: set[tuple[int, int]] = set()
    for chunk in chunks(agreements):
        statuses.update(
            Agreement.objects.filter(pk__in=chunk).order_by().values_list("pk", "status")
        )
        members.update(
            Party.objects.filter(agreement_id__in=chunk, institution__isnull=False)
            .order_by()
            .values_list("agreement_id", "institution_id")
        )
    return statuses, members


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
            table.error(index, "promised_by", _("not a party of this agreement"))
        else:
            result[index] = party
    return result
