"""Enterprises, upserted by BIN."""

from django.utils.translation import gettext_lazy as _lazy

from qadam.imports.cells import Choice, Text
from qadam.imports.columns import Column
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import (
    Context,
    Existing,
    Kind,
    Records,
    build,
    existing_by,
    refuse_repeats,
    region_ids,
)
from qadam.imports.table import Table
from qadam.registry.choices import EnterpriseSize, Sector
from qadam.registry.models import Enterprise


class Enterprises(Kind):
    name = "enterprises"
    model = Enterprise
    columns = (
        Column(
            "bin",
            Identifier("BIN"),
            required=True,
            help=_lazy("The natural key: a row with a known BIN updates that enterprise."),
        ),
        Column("name", Text(255), required=True),
        Column("sector", Choice(Sector), required=True),
        Column("size", Choice(EnterpriseSize), required=True),
        Column(
            "region_kato",
            Text(2, pad=2),
            required=True,
            help=_lazy("The two-digit KATO code of the region."),
        ),
    )

    def records(self, table: Table, context: Context) -> Records:
        bins = table.column("bin")
        refuse_repeats(table, bins, "bin")
        fields = {
            "bin": bins,
            "name": table.column("name"),
            "sector": table.column("sector"),
            "size": table.column("size"),
            "region_id": region_ids(table),
        }
        return build(table, fields, key=("bin",))

    def existing(self, records: Records) -> Existing:
        return existing_by(Enterprise, records)
