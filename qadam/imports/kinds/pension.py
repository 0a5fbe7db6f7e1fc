"""The state pension contributions registry's extract: one row per person, employer and
month. Rows whose IIN is a student's become the learner's employment evidence
(learners.EmploymentRecord), judged by the learners' rules as the single-record service
judges them (`employment_facts`: after the training? under the student's contract?); rows
of other people are not Qadam's business and are left out. Keyed by (IIN, employer BIN,
month): importing an extract again changes nothing. Every row or none, like every kind."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.imports.cells import Cell, CellError
from qadam.imports.columns import Column
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import Context, Existing, Kind, Records, chunks, refuse_repeats
from qadam.imports.table import Table
from qadam.learners import rules
from qadam.learners.models import EmploymentRecord
from qadam.learners.services import contract_rows, employment_facts
from qadam.registry.models import Enterprise, Student

# past this many distinct IINs one scan of the students beats lookups a thousand at a time
SCAN_STUDENTS = 100_000
FIELDS = (
    "iin",
    "employer_bin",
    "month",
    "student_id",
    "employer_id",
    "after_training",
    "contract_id",
)


class Month(Cell):
    """A month as YYYY-MM, MM.YYYY or any date in it; stored as its first day."""

    def parse(self, value: Any) -> date:
        if isinstance(value, date):
            return rules.month_start(value)
        text = str(value).strip()
        try:
            if len(text) == 7 and text[4] == "-":
                return date(int(text[:4]), int(text[5:]), 1)
            if len(text) == 7 and text[2] == ".":
                return date(int(text[3:]), int(text[:2]), 1)
            if len(text) >= 10 and text[4] == "-":
                return rules.month_start(date.fromisoformat(text[:10]))
        except ValueError:
            pass
        raise CellError(_("a month as YYYY-MM or MM.YYYY"))

    def describe(self) -> str:
        return _("month, YYYY-MM or MM.YYYY")


class PensionExtract(Kind):
    name = "pension"
    model = EmploymentRecord
    columns = (
        Column(
            "iin",
            Identifier("IIN"),
            required=True,
            help=_lazy("The person's IIN: rows of students become their employment evidence."),
        ),
        Column(
            "employer_bin",
            Identifier("BIN"),
            required=True,
            labels=("Employer BIN", "БИН работодателя", "Жұмыс берушінің БСН"),
        ),
        Column(
            "month",
            Month(),
            required=True,
            labels=("Month", "Месяц", "Ай"),
            help=_lazy("The month the contributions were paid for."),
        ),
    )

    @property
    def label(self) -> str:
        return _("pension contributions extract")

    def records(self, table: Table, context: Context) -> Records:
        iins, bins, months = (
            table.column("iin"),
            table.column("employer_bin"),
            table.column("month"),
        )
        self._month_rule(table, months)
        refuse_repeats(table, list(zip(iins, bins, months, strict=True)), "month")
        students = _students(iin for index, iin in enumerate(iins) if table.ok(index))
        contracts = contract_rows([row[0] for row in students.values()])
        employers = _enterprises({bins[i] for i in range(table.size) if iins[i] in students})
        # month first: what exists and the new ids are read by month (the unique index's lead)
        records = Records(fields=FIELDS, key=("month", "iin", "employer_bin"))
        judged: dict[tuple[Any, ...], tuple[bool, int | None]] = {}
        bad, numbers = table.bad, table.numbers
        for index, iin in enumerate(iins):
            student = students.get(iin)
            if student is None or bad[index]:
                continue
            student_id, status, graduation = student
            month, employer_bin = months[index], bins[index]
            own = contracts.get(student_id)
            # without a contract the judgement reads only the status, graduation and month:
            # judged once for all alike (a million rows hold few such triples)
            key = (student_id, employer_bin, month) if own else (status, graduation, month)
            facts = judged.get(key)
            if facts is None:
                row = {"status": status, "expected_graduation_on": graduation}
                facts = judged[key] = employment_facts(month, employer_bin, row, own or [])
            records.rows.append(
                (iin, employer_bin, month, student_id, employers.get(employer_bin), *facts)
            )
            records.indices.append(index)
            records.numbers.append(numbers[index])
        return records

    @staticmethod
    def _month_rule(table: Table, months: list[Any]) -> None:
        today = timezone.localdate()
        found: dict[date, str] = {}
        for index, month in enumerate(months):
            if month is None:
                continue
            if month not in found:
                found[month] = "".join(rules.month_errors(month, today=today).get("month", []))
            if found[month]:
                table.error(index, "month", found[month])

    def existing(self, records: Records) -> Existing:
        """The file's months' records (an extract covers a few months), by key."""
        result: Existing = {}
        months = sorted({row[2] for row in records.rows})
        for chunk in chunks(months):
            found = EmploymentRecord.objects.filter(month__in=chunk).order_by()
            for pk, *current in found.values_list("pk", *FIELDS).iterator(chunk_size=10_000):
                result[(current[2], current[0], current[1])] = (pk, tuple(current))
        return result

    def insert_values(self, context: Context) -> dict[str, Any]:
        return {"source_file": context.source[:255], "imported_by_id": context.actor_id}


def _students(iins: Iterable[str | None]) -> dict[str, tuple[int, str, date | None]]:
    """Students by IIN: (id, status, expected graduation)."""
    wanted = sorted({iin for iin in iins if iin})
    columns = ("iin", "id", "status", "expected_graduation_on")
    found: dict[str, tuple[int, str, date | None]] = {}
    if len(wanted) > SCAN_STUDENTS:
        present = set(wanted)
        for iin, pk, status, graduation in Student.objects.order_by().values_list(*columns):
            if iin in present:
                found[iin] = (pk, status, graduation)
        return found
    for chunk in chunks(wanted):
        rows = Student.objects.filter(iin__in=chunk).order_by().values_list(*columns)
        for iin, pk, status, graduation in rows:
            found[iin] = (pk, status, graduation)
    return found


def _enterprises(bins: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(sorted(b for b in bins if b)):
        found.update(Enterprise.objects.filter(bin__in=chunk).values_list("bin", "id"))
    return found
