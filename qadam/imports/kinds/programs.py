"""Programs, upserted by institution, specialty, language and form."""

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
from qadam.imports.kinds.students import INSTITUTION_CODE, STUDENT_INSTITUTIONS
from qadam.imports.table import Table
from qadam.registry.choices import Language, StudyForm
from qadam.registry.models import Program, Specialty

KEY = ("institution_id", "specialty_id", "language", "form")
MAX_SEATS = 100_000


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
        Column("duration_months", Integer(1, 120), required=True),
        Column("capacity", Integer(0, MAX_SEATS), required=True),
        Column(
            "state_funded_seats",
            Integer(0, MAX_SEATS),
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
            seats = table.column("state_funded_seats")
            for index, (capacity, funded) in enumerate(zip(fields["capacity"], seats, strict=True)):
                if capacity is not None and funded is not None and funded > capacity:
                    table.error(
                        index,
                        "state_funded_seats",
                        _("more than the capacity (%(capacity)d)") % {"capacity": capacity},
                    )
            fields["state_funded_seats"] = seats
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
        if "state_funded_seats" in records.fields:
            return
        # without the column an update keeps the seats, which must still fit the capacity
        seats = dict(
            Program.objects.filter(pk__in=[pk for pk, _values in existing.values()]).values_list(
                "pk", "state_funded_seats"
            )
        )
        capacity = records.position("capacity")
        key_of = records.key_getter()
        for index, row in zip(records.indices, records.rows, strict=True):
            found = existing.get(key_of(row))
            if found is not None and seats[found[0]] > row[capacity]:
                table.error(
                    index,
                    "capacity",
                    _("below the program's %(seats)d state-funded seats")
                    % {"seats": seats[found[0]]},
                )
