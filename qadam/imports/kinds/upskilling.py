"""Educators' courses and internships (qadam.educators), upserted by educator, kind, title and
completion date: a college reports its educators' upskilling in bulk. The educator is named by
IIN (an institution's administrator only their own), an internship's enterprise by BIN and
the patron's obligation by its agreement's number (its "internship places" for the
educator's college); every row is judged by `educators.rules.upskilling_errors`, as the page
and the API judge one. Certificates' files are uploaded on the educator's page."""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.agreements.models import Obligation, Party
from qadam.educators.choices import CourseForm, UpskillingKind
from qadam.educators.models import Upskilling
from qadam.educators.rules import (
    INTERNSHIP_OBLIGATION,
    UPSKILLING_BOUNDS,
    ObligationFacts,
    upskilling_errors,
)
from qadam.imports.cells import Choice, Date, Integer, Text
from qadam.imports.columns import Column
from qadam.imports.identifier_cells import Identifier
from qadam.imports.kinds.base import (
    Context,
    Existing,
    Kind,
    Records,
    build,
    chunks,
    present,
    refuse_repeats,
    resolve,
)
from qadam.imports.kinds.rule_checks import report
from qadam.imports.table import Table
from qadam.registry.models import Educator, Enterprise

KEY = ("educator_id", "kind", "title", "completed_on")
COLUMNS = {"educator_id": "iin", "enterprise": "enterprise_bin", "obligation": "agreement_number"}


class UpskillingRecords(Kind):
    name = "upskilling"
    model = Upskilling
    institution_scoped = True
    columns = (
        Column("iin", Identifier("IIN"), required=True, help=_lazy("The educator's IIN.")),
        Column("kind", Choice(UpskillingKind), required=True, labels=("Kind", "Вид", "Түрі")),
        Column("title", Text(255), required=True),
        Column(
            "provider",
            Text(255),
            required=True,
            labels=("Provider", "Организатор", "Ұйымдастырушы"),
        ),
        Column(
            "course_form",
            Choice(CourseForm),
            default="",
            help=_lazy("A course's form; blank for an internship."),
            labels=("Course form", "Форма курса", "Курс нысаны"),
        ),
        Column(
            "enterprise_bin",
            Identifier("BIN"),
            help=_lazy("An internship's enterprise."),
            labels=("Enterprise BIN", "БИН предприятия", "Кәсіпорынның БСН"),
        ),
        Column(
            "agreement_number",
            Text(40),
            help=_lazy("The patron's agreement that provides the internship, if any."),
        ),
        Column(
            "hours",
            Integer(UPSKILLING_BOUNDS["hours"]),
            required=True,
            labels=("Hours", "Часы", "Сағат"),
        ),
        Column("started_on", Date(), required=True, labels=("Started on", "Начало", "Басталды")),
        Column(
            "completed_on", Date(), required=True, labels=("Completed on", "Окончание", "Аяқталды")
        ),
        Column(
            "certificate_number",
            Text(64),
            default="",
            labels=("Certificate number", "Номер сертификата", "Сертификат нөмірі"),
        ),
    )

    def records(self, table: Table, context: Context) -> Records:
        educators = _educators(table, context)
        enterprises = dict(
            Enterprise.objects.filter(bin__in=present(table.column("enterprise_bin")))
            .order_by()
            .values_list("bin", "id")
        )
        enterprise = resolve(
            table, "enterprise_bin", enterprises, _("no enterprise has the BIN %(value)s")
        )
        obligation = _obligations(table, educators)
        fields: dict[str, list[Any]] = {
            "educator_id": [pair[0] if pair else None for pair in educators],
            "kind": table.column("kind"),
            "title": table.column("title"),
            "provider": table.column("provider"),
            "form": [value or "" for value in table.column("course_form")],
            "enterprise_id": enterprise,
            "obligation_id": [facts[0] if facts else None for facts in obligation],
            "hours": table.column("hours"),
            "started_on": table.column("started_on"),
            "completed_on": table.column("completed_on"),
            "certificate_number": table.column("certificate_number"),
        }
        keys = [
            key if None not in key else None
            for key in zip(*(fields[name] for name in KEY), strict=True)
        ]
        refuse_repeats(table, keys, "title")
        _check(table, fields, educators, obligation)
        return build(table, fields, key=KEY)

    def existing(self, records: Records) -> Existing:
        educators = sorted({row[0] for row in records.rows})
        key_of = records.key_getter()
        result: Existing = {}
        for chunk in chunks(educators):
            found = Upskilling.objects.filter(educator_id__in=chunk).order_by()
            for pk, *current in found.values_list("pk", *records.fields):
                values = tuple(current)
                result[key_of(values)] = (pk, values)
        return result

    def insert_values(self, context: Context) -> dict[str, Any]:
        return {"recorded_by_id": context.actor_id}


def _educators(table: Table, context: Context) -> list[tuple[int, int] | None]:
    """Each row's (educator, institution) by IIN: an unknown one, or another institution's
    (for its administrator), is the same neutral error."""
    found: dict[str, tuple[int, int]] = {}
    for chunk in chunks(sorted(present(table.column("iin")))):
        rows = Educator.objects.filter(iin__in=chunk).order_by()
        found.update(
            {iin: (pk, inst) for iin, pk, inst in rows.values_list("iin", "pk", "institution_id")}
        )
    result: list[tuple[int, int] | None] = []
    for index, iin in enumerate(table.column("iin")):
        pair = found.get(iin) if iin else None
        if iin and (pair is None or not context.may_use(pair[1])):
            table.error(
                index, "iin", _("no educator of yours has the IIN %(value)s") % {"value": iin}
            )
            pair = None
        result.append(pair)
    return result


def _obligations(
    table: Table, educators: list[tuple[int, int] | None]
) -> list[tuple[int, ObligationFacts] | None]:
    """Each row's patron's obligation: the named agreement's internship places for the
    educator's college (None when no agreement is named; an error when it has none)."""
    numbers = present(table.column("agreement_number"))
    places: dict[tuple[str, int | None], int] = {}
    agreement_of: dict[int, int] = {}
    for pk, number, beneficiary, agreement in (
        Obligation.objects.filter(agreement__number__in=numbers, kind=INTERNSHIP_OBLIGATION)
        .order_by("id")
        .values_list("pk", "agreement__number", "beneficiary_id", "agreement_id")
    ):
        places.setdefault((number, beneficiary), pk)
        agreement_of[pk] = agreement
    parties: dict[int, set[int]] = {}
    for agreement, enterprise in Party.objects.filter(
        agreement_id__in=set(agreement_of.values()), enterprise__isnull=False
    ).values_list("agreement_id", "enterprise_id"):
        parties.setdefault(agreement, set()).add(enterprise)
    result: list[tuple[int, ObligationFacts] | None] = []
    for index, number in enumerate(table.column("agreement_number")):
        pair = educators[index]
        if not number or pair is None:
            result.append(None)
            continue
        found = places.get((number, pair[1]))
        if found is None:
            table.error(
                index,
                "agreement_number",
                _("the agreement provides no internship places for the educator's college"),
            )
            result.append(None)
            continue
        facts = ObligationFacts(
            INTERNSHIP_OBLIGATION, pair[1], frozenset(parties.get(agreement_of[found], set()))
        )
        result.append((found, facts))
    return result


def _check(
    table: Table,
    fields: Mapping[str, list[Any]],
    educators: list[tuple[int, int] | None],
    obligation: list[tuple[int, ObligationFacts] | None],
) -> None:
    today = timezone.localdate()
    names = list(fields)
    for index, values in enumerate(zip(*fields.values(), strict=True)):
        educator = educators[index]
        if educator is None:
            continue
        row = dict(zip(names, values, strict=True))
        linked = obligation[index]
        errors = upskilling_errors(
            row,
            educator_institution_id=educator[1],
            obligation=linked[1] if linked else None,
            today=today,
        )
        if errors:
            columns = {**COLUMNS, "form": "course_form"}
            report(table, index, errors, columns, row)
