"""Educators, upserted by IIN: their record (post, qualification category, education,
subjects and the specialties taught, years in industry, languages, foreign manager).
Birth date and sex are read from the IIN as the services do; every record is checked with
the registry's rule (`educator_errors`); an IIN registered at an institution outside the
importer's is refused with the students' neutral message."""

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.imports.cells import Choice, Integer, Languages, Text
from qadam.imports.columns import Column
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import (
    Context,
    Existing,
    Kind,
    Records,
    build,
    chunks,
    institution_ids,
    refuse_repeats,
)
from qadam.imports.kinds.rule_checks import check_changed_records, check_rows
from qadam.imports.kinds.students import INSTITUTION_CODE, STUDENT_INSTITUTIONS
from qadam.imports.table import Table
from qadam.registry.choices import EducationLevel, QualificationCategory
from qadam.registry.identifiers import parse_iins
from qadam.registry.models import Educator, Specialty
from qadam.registry.rules import EDUCATOR_BOUNDS, educator_errors, iin_elsewhere_errors
from qadam.registry.services import student_iin_conflicts_report

RULE_FIELDS = ("years_in_industry", "birth_date")
SPECIALTIES = "_specialties"  # written by the kind (a many-to-many): sorted ids


class YesNo(models.TextChoices):
    YES = "yes", _lazy("yes")
    NO = "no", _lazy("no")


class Educators(Kind):
    name = "educators"
    model = Educator
    institution_scoped = True
    columns = (
        Column(
            "iin",
            Identifier("IIN"),
            required=True,
            help=_lazy("The natural key: a row with a known IIN updates that educator."),
        ),
        Column("last_name", Text(100), required=True),
        Column("first_name", Text(100), required=True),
        Column("middle_name", Text(100), default=""),
        INSTITUTION_CODE,
        Column("position", Text(120), required=True, labels=("Position", "Должность", "Лауазымы")),
        Column(
            "category",
            Choice(QualificationCategory),
            default=QualificationCategory.NONE.value,
            labels=(
                "Qualification category",
                "Квалификационная категория",
                "Біліктілік санаты",
            ),
        ),
        Column(
            "education",
            Choice(EducationLevel),
            default="",
            labels=("Education", "Образование", "Білімі"),
        ),
        Column(
            "subjects",
            Text(255),
            default="",
            labels=("Subjects taught", "Преподаваемые дисциплины", "Оқытатын пәндері"),
        ),
        Column(
            "specialty_codes",
            Text(1000),
            help=_lazy("Codes of the specialties taught, separated by semicolons."),
            labels=("Specialty codes", "Коды специальностей", "Мамандық кодтары"),
        ),
        Column(
            "years_in_industry",
            Integer(EDUCATOR_BOUNDS["years_in_industry"]),
            default=0,
            labels=(
                "Years in industry",
                "Стаж работы на производстве, лет",
                "Өндірістегі жұмыс өтілі, жыл",
            ),
        ),
        Column("languages", Languages()),
        Column(
            "foreign_manager",
            Choice(YesNo),
            default=YesNo.NO.value,
            labels=("Foreign manager", "Иностранный менеджер", "Шетелдік менеджер"),
        ),
    )

    def records(self, table: Table, context: Context) -> Records:
        iins = table.column("iin")
        refuse_repeats(table, iins, "iin")
        people = parse_iins([iin or "" for iin in iins])
        fields: dict[str, list[Any]] = {
            "iin": iins,
            "last_name": table.column("last_name"),
            "first_name": table.column("first_name"),
            "birth_date": people.birth_dates,
            "sex": people.sexes,
            "institution_id": institution_ids(
                table, "institution_code", context, kinds=STUDENT_INSTITUTIONS
            ),
            "position": table.column("position"),
        }
        for name in ("middle_name", "category", "education", "subjects", "years_in_industry"):
            if table.has(name):
                fields[name] = table.column(name)
        if table.has("languages"):
            fields["languages"] = [value or "" for value in table.column("languages")]
        if table.has("foreign_manager"):
            flags = table.column("foreign_manager")
            fields["is_foreign_manager"] = [value == YesNo.YES for value in flags]
        check_rows(
            table,
            {name: fields[name] for name in RULE_FIELDS if name in fields},
            educator_errors,
            {},
        )
        if table.has("specialty_codes"):
            fields[SPECIALTIES] = _specialty_ids(table)
        return build(table, fields, key=("iin",))

    def existing(self, records: Records) -> Existing:
        real = [name for name in records.fields if not name.startswith("_")]
        position = records.position("iin")
        values = [row[position] for row in records.rows]
        found: dict[int, tuple[Any, ...]] = {}
        for chunk in chunks(values):
            rows = Educator.objects.filter(iin__in=chunk).order_by().values_list("pk", *real)
            found.update({pk: tuple(current) for pk, *current in rows})
        taught = _taught(list(found)) if SPECIALTIES in records.fields else {}
        result: Existing = {}
        for pk, current in found.items():
            extra = (taught.get(pk, ()),) if SPECIALTIES in records.fields else ()
            result[(current[real.index("iin")],)] = (pk, (*current, *extra))
        return result

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        check_changed_records(
            table,
            records,
            existing,
            model=Educator,
            reads=RULE_FIELDS,
            rule=educator_errors,
            columns={},
        )
        if context.institution_ids is None:
            return
        institution = records.position("institution_id")
        conflicts = []
        for index, key, row in zip(
            records.indices, records.key_values(), records.rows, strict=True
        ):
            found = existing.get(key)
            if found is None:
                continue
            for message in iin_elsewhere_errors(found[1][institution], context.may_use).get(
                "iin", []
            ):
                table.error(index, "iin", message)
                conflicts.append((found[0], row[institution]))
        if conflicts:  # the ministry is told, as of students
            student_iin_conflicts_report(actor=context.actor, conflicts=conflicts, model=Educator)

    def after_write(
        self, records: Records, written: Sequence[int], ids: dict[tuple[Any, ...], int]
    ) -> None:
        position = records.position(SPECIALTIES)
        key_of = records.key_getter()
        wanted = {ids[key_of(records.rows[i])]: records.rows[i][position] for i in written}
        through = Educator.specialties.through
        through.objects.filter(educator_id__in=list(wanted)).delete()
        through.objects.bulk_create(
            [
                through(educator_id=educator, specialty_id=specialty)
                for educator, specialties in wanted.items()
                for specialty in specialties
            ],
            batch_size=2000,
        )


def _specialty_ids(table: Table) -> list[tuple[int, ...]]:
    """Each row's specialty codes as sorted ids; an unknown code is an error naming it."""
    codes = {code.id: code for code in Specialty.objects.only("id", "code")}
    by_code = {specialty.code: pk for pk, specialty in codes.items()}
    result: list[tuple[int, ...]] = []
    for index, value in enumerate(table.column("specialty_codes")):
        found: set[int] = set()
        for code in (part.strip() for part in re.split(r"[;\n]+", value or "")):
            if not code:
                continue
            if code in by_code:
                found.add(by_code[code])
            else:
                message = _("no specialty has the code %(value)s") % {"value": code}
                table.error(index, "specialty_codes", message)
        result.append(tuple(sorted(found)))
    return result


def _taught(educator_ids: list[int]) -> dict[int, tuple[int, ...]]:
    taught: dict[int, list[int]] = defaultdict(list)
    for chunk in chunks(educator_ids):
        rows = Educator.specialties.through.objects.filter(educator_id__in=chunk)
        for educator, specialty in rows.values_list("educator_id", "specialty_id"):
            taught[educator].append(specialty)
    return {pk: tuple(sorted(ids)) for pk, ids in taught.items()}
