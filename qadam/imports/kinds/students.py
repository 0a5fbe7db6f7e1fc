"""Students, upserted by IIN; birth date and sex are read from the IIN, as the services do,
and every record is checked with the registry's rules (`student_errors`)."""

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.imports.cells import Choice, Date, Flag, Integer, Number, Text
from qadam.imports.columns import Column
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import (
    Context,
    Existing,
    Kind,
    Records,
    build,
    existing_by,
    institution_ids,
    present,
    refuse_repeats,
    region_ids,
)
from qadam.imports.kinds.rule_checks import check_changed_records, check_rows
from qadam.imports.table import Table
from qadam.registry.choices import Funding, InstitutionKind, Language, StudentStatus, StudyForm
from qadam.registry.identifiers import parse_iins
from qadam.registry.models import Program, Student
from qadam.registry.rules import STUDENT_BOUNDS, iin_elsewhere_errors, student_errors
from qadam.registry.services import student_iin_conflicts_report

STUDENT_INSTITUTIONS = (
    InstitutionKind.COLLEGE,
    InstitutionKind.UNIVERSITY,
    InstitutionKind.FOREIGN_BRANCH,
)

INSTITUTION_CODE = Column(
    "institution_code",
    Text(20),
    required=True,
    help=_lazy("The code of a college or university in the registry."),
)
# what student_errors reads, and the file's column for each field it reports on
RULE_FIELDS = (*STUDENT_BOUNDS, "enrolled_on", "expected_graduation_on")
RULE_COLUMNS = {"program": "specialty_code", "institution_id": "institution_code"}
SPECIALTY_CODE = Column(
    "specialty_code",
    Text(20),
    help=_lazy("With language and form, picks the institution's program; blank: no program."),
)


class Students(Kind):
    name = "students"
    model = Student
    institution_scoped = True
    columns = (
        Column(
            "iin",
            Identifier("IIN"),
            required=True,
            help=_lazy("The natural key: a row with a known IIN updates that student."),
        ),
        Column("last_name", Text(100), required=True),
        Column("first_name", Text(100), required=True),
        Column("middle_name", Text(100), default=""),
        Column(
            "region_kato",
            Text(2, pad=2),
            required=True,
            help=_lazy("The two-digit KATO code of the region where the student lives."),
        ),
        INSTITUTION_CODE,
        SPECIALTY_CODE,
        Column(
            "language",
            Choice(Language),
            help=_lazy("Needed only when the institution teaches the specialty in several."),
        ),
        Column(
            "form",
            Choice(StudyForm),
            help=_lazy("Needed only when the institution teaches the specialty in both forms."),
        ),
        Column("year_of_study", Integer(STUDENT_BOUNDS["year_of_study"]), required=True),
        Column("funding", Choice(Funding), required=True),
        Column(
            "status",
            Choice(StudentStatus),
            default=StudentStatus.ACTIVE.value,
            help=_lazy("Blank: studying."),
        ),
        Column("enrolled_on", Date()),
        Column("expected_graduation_on", Date()),
        Column(
            "grade_average",
            Number(places=2, bound=STUDENT_BOUNDS["grade_average"]),
            help=_lazy("On the five-point scale."),
        ),
        # the categories placement quotas name (ADR 0013); blank is no
        Column("rural", Flag(), default=False),
        Column("disability", Flag(), default=False),
    )

    def records(self, table: Table, context: Context) -> Records:
        iins = table.column("iin")
        refuse_repeats(table, iins, "iin")
        institution = institution_ids(
            table, "institution_code", context, kinds=STUDENT_INSTITUTIONS
        )
        check_rows(
            table,
            {name: table.column(name) for name in RULE_FIELDS if table.has(name)},
            student_errors,
            RULE_COLUMNS,
        )
        people = parse_iins([iin or "" for iin in iins])
        fields: dict[str, list[Any]] = {
            "iin": iins,
            "last_name": table.column("last_name"),
            "first_name": table.column("first_name"),
            "birth_date": people.birth_dates,
            "sex": people.sexes,
            "region_id": region_ids(table),
            "institution_id": institution,
            "year_of_study": table.column("year_of_study"),
            "funding": table.column("funding"),
        }
        if table.has("specialty_code"):
            fields["program_id"] = program_ids(table, institution)
        optional = ("middle_name", "status", "enrolled_on", "expected_graduation_on")
        for name in (*optional, "grade_average", "rural", "disability"):
            if table.has(name):
                fields[name] = table.column(name)
        return build(table, fields, key=("iin",))

    def existing(self, records: Records) -> Existing:
        return existing_by(Student, records)

    def check_existing(
        self, table: Table, records: Records, existing: Existing, context: Context
    ) -> None:
        check_changed_records(
            table,
            records,
            existing,
            model=Student,
            reads=RULE_FIELDS,
            rule=student_errors,
            columns=RULE_COLUMNS,
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
            taken_by = found[1][institution]
            for message in iin_elsewhere_errors(taken_by, context.may_use).get("iin", []):
                table.error(index, "iin", message)
                conflicts.append((found[0], row[institution]))
        if conflicts:
            student_iin_conflicts_report(actor=context.actor, conflicts=conflicts)


def program_ids(table: Table, institution: list[int | None]) -> list[int | None]:
    """The program each row names by specialty (and, where needed, language and form)."""
    options: dict[tuple[int, str], list[tuple[int, str, str]]] = defaultdict(list)
    found = Program.objects.filter(institution_id__in=present(institution)).values_list(
        "id", "institution_id", "specialty__code", "language", "form"
    )
    for pk, owner, code, language, form in found:
        options[(owner, code)].append((pk, language, form))
    codes = table.column("specialty_code")
    languages = table.column("language")
    forms = table.column("form")
    result: list[int | None] = [None] * table.size
    for index, code in enumerate(codes):
        owner_id = institution[index]
        if not code or owner_id is None:
            continue
        language, form = languages[index], forms[index]
        matches = [
            pk
            for pk, offered_language, offered_form in options.get((owner_id, code), [])
            if language in (None, offered_language) and form in (None, offered_form)
        ]
        if len(matches) == 1:
            result[index] = matches[0]
        elif not matches:
            table.error(
                index,
                "specialty_code",
                _("the institution has no program of this specialty in this language and form"),
            )
        else:
            table.error(
                index,
                "specialty_code",
                _(
                    "the institution teaches this specialty in several languages or forms; "
                    "fill in the language and the form"
                ),
            )
    return result
