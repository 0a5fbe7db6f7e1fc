"""Institutions, upserted by code; a branch's parent may be in the registry or the file.
Every record is checked with the registry's rule on where an institution is."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.imports.bulk import bulk_update
from qadam.imports.cells import Choice, Country, Languages, Text
from qadam.imports.columns import LABELS, Column
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import (
    Context,
    Existing,
    Kind,
    Records,
    build,
    chunks,
    institution_refs,
    present,
    refuse_repeats,
    region_ids,
)
from qadam.imports.kinds.rule_checks import report
from qadam.imports.table import Table
from qadam.registry.choices import InstitutionKind, Ownership
from qadam.registry.models import Institution
from qadam.registry.rules import institution_errors

OPTIONAL = ("name_kk", "name_en", "bin", "country", "ownership", "languages")
RULE_COLUMNS = {"parent": "parent_code", "region": "region_kato"}


class Institutions(Kind):
    name = "institutions"
    model = Institution
    columns = (
        Column(
            "code",
            Text(20),
            required=True,
            labels=LABELS["institution_code"],
            help=_lazy("The natural key: a row with a known code updates that institution."),
        ),
        Column("kind", Choice(InstitutionKind), required=True, labels=("Kind", "Тип", "Түрі")),
        Column("name_ru", Text(255), required=True),
        Column("name_kk", Text(255), default=""),
        Column("name_en", Text(255), default=""),
        Column("bin", Identifier("BIN")),
        Column(
            "region_kato",
            Text(2, pad=2),
            help=_lazy("The two-digit KATO code; needed in Kazakhstan."),
        ),
        Column("country", Country(), default="KZ", help=_lazy("Blank: KZ.")),
        Column("ownership", Choice(Ownership), default=Ownership.STATE.value),
        Column("languages", Languages(), default="kk,ru", help=_lazy("Blank: kk,ru.")),
        Column(
            "parent_code",
            Text(20),
            help=_lazy("A branch's parent university: in the registry or in this file."),
        ),
    )

    def records(self, table: Table, context: Context) -> Records:
        codes = table.column("code")
        refuse_repeats(table, codes, "code")
        refuse_repeats(table, table.column("bin"), "bin")
        fields: dict[str, list[Any]] = {
            "code": codes,
            "kind": table.column("kind"),
            "name_ru": table.column("name_ru"),
        }
        if table.has("region_kato"):
            fields["region_id"] = region_ids(table)
        fields.update({name: table.column(name) for name in OPTIONAL if table.has(name)})
        if table.has("parent_code"):
            fields["_parent"] = self._parents(table, codes)
        return build(table, fields, key=("code",))

    def _parents(self, table: Table, codes: list[Any]) -> list[str]:
        in_file = present(codes)
        known = institution_refs(table.column("parent_code"))
        parents = [code or "" for code in table.column("parent_code")]
        for index, parent in enumerate(parents):
            if not parent:
                continue
            if parent == codes[index]:
                table.error(index, "parent_code", _("an institution cannot be its own parent"))
            elif parent not in in_file and parent not in known:
                table.error(
                    index,
                    "parent_code",
                    _("no institution has the code %(code)s") % {"code": parent},
                )
        return parents

    def existing(self, records: Records) -> Existing:
        real = [name for name in records.fields if not name.startswith("_")]
        with_parent = "_parent" in records.fields
        position = records.position("code")
        codes = [row[position] for row in records.rows]
        result: Existing = {}
        for chunk in chunks(codes):
            found = (
                Institution.objects.filter(code__in=chunk)
                .order_by()
                .values_list("pk", *real, "parent__code")
            )
            for pk, *current, parent in found:
                values = (*current, parent or "") if with_parent else tuple(current)
                result[(values[position],)] = (pk, values)
        return result

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        self._check_places(table, records)
        if "bin" not in records.fields:
            return
        code, bin_ = records.position("code"), records.position("bin")
        bins = present(row[bin_] for row in records.rows)
        owners = dict(Institution.objects.filter(bin__in=bins).values_list("bin", "code"))
        for index, row in zip(records.indices, records.rows, strict=True):
            owner = owners.get(row[bin_])
            if owner is not None and owner != row[code]:
                table.error(
                    index,
                    "bin",
                    _("already the BIN of institution %(code)s") % {"code": owner},
                )

    @staticmethod
    def _check_places(table: Table, records: Records) -> None:
        """The registry's rule on country, region and parent, on the values each record will
        have: the file's where it has the column, else the registry's (or the default)."""
        codes = [row[0] for row in records.rows]
        current = {}
        for chunk in chunks(codes):
            found = (
                Institution.objects.filter(code__in=chunk)
                .order_by()
                .values_list("code", "country", "region_id", "parent__code")
            )
            current.update(
                {code: (country, region, parent or "") for code, country, region, parent in found}
            )
        for index, row in zip(records.indices, records.rows, strict=True):
            values = dict(zip(records.fields, row, strict=True))
            country, region, parent = current.get(row[0], ("KZ", None, ""))
            will_be = {
                "kind": values["kind"],
                "country": values.get("country", country),
                "region_id": values.get("region_id", region),
                # the parent's code: the rule asks only whether there is one
                "parent_id": values.get("_parent", parent) or None,
            }
            errors = institution_errors(will_be)
            if errors:
                report(table, index, errors, RULE_COLUMNS, will_be)

    def after_write(
        self, records: Records, written: Sequence[int], ids: dict[tuple[Any, ...], int]
    ) -> None:
        code, parent = records.position("code"), records.position("_parent")
        wanted = {records.rows[index][parent] for index in written} - {""}
        missing = sorted(code for code in wanted if (code,) not in ids)
        ids = {
            **ids,
            **{
                (c,): pk
                for c, pk in Institution.objects.filter(code__in=missing).values_list("code", "pk")
            },
        }
        rows = [
            (ids[(records.rows[index][code],)], ids.get((records.rows[index][parent],)))
            for index in written
        ]
        bulk_update(Institution, ["parent_id"], rows)
