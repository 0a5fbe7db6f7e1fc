"""Programs, upserted by institution, specialty, language and form; every record is checked
with the registry's rules (`program_errors`)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.imports.cells import Choice, Integer, Text
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
from qadam.imports.kinds.rule_checks import check_changed_records, check_rows
from qadam.imports.kinds.students import INSTITUTION_CODE, STUDENT_INSTITUTIONS
from qadam.imports.table import Table
from qadam.registry.choices import Language, StudyForm
from qadam.registry.models import Program, Specialty
from qadam.registry.rules import PROGRAM_BOUNDS, program_errors

KEY = ("institution_id", "specialty_id", "language", "form")


class Programs(Kind):
    name = "programs"
    model = Program
    institution_scoped = True
    columns = (
        INSTITUTION_CODE,
        Column(
            "specialty_code",
            Text(20),
            required=True,
            help=_lazy("A code of the specialty catalogue."),
        ),
        Column("language", Choice(Language), required=True),
        Column("form", Choice(StudyForm), required=True),
        Column("duration_months", Integer(PROGRAM_BOUNDS["duration_months"]), required=True),
        Column("capacity", Integer(PROGRAM_BOUNDS["capacity"]), required=True),
        Column(
            "state_funded_seats",
            Integer(PROGRAM_BOUNDS["state_funded_seats"]),
            default=0,
            help=_lazy("At most the capacity; blank: none."),
        ),
    )

    def records(self, table: Table, context: Context) -> Records:
        institution = institution_ids(
            table, "institution_code", context, kinds=STUDENT_INSTITUTIONS
        )
        specialties = dict(
            Specialty.objects.filter(code__in=present(table.column("specialty_code"))).values_list(
                "code", "id"
            )
        )
        specialty = resolve(
            table, "specialty_code", specialties, _("no specialty has the code %(value)s")
        )
        languages, forms = table.column("language"), table.column("form")
        keys = [
            key if None not in key else None
            for key in zip(institution, specialty, languages, forms, strict=True)
        ]
        refuse_repeats(table, keys, "specialty_code")
        fields: dict[str, list[Any]] = {
            "institution_id": institution,
            "specialty_id": specialty,
            "language": languages,
            "form": forms,
            "duration_months": table.column("duration_months"),
            "capacity": table.column("capacity"),
        }
        if table.has("state_funded_seats"):
            fields["state_funded_seats"] = table.column("state_funded_seats")
        check_rows(
            table,
            {name: fields[name] for name in PROGRAM_BOUNDS if name in fields},
            program_errors,
            {},
        )
        return build(table, fields, key=KEY)

    def existing(self, records: Records) -> Existing:
        institutions = sorted({row[0] for row in records.rows})
        key_of = records.key_getter()
        result: Existing = {}
        for chunk in chunks(institutions):
            found = Program.objects.filter(institution_id__in=chunk).order_by()
            for pk, *current in found.values_list("pk", *records.fields):
                values = tuple(current)
                result[key_of(values)] = (pk, values)
        return result

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        check_changed_records(
            table,
            records,
            existing,
            model=Program,
            reads=tuple(PROGRAM_BOUNDS),
            rule=program_errors,
            columns={},
        )
