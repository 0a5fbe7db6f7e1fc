"""A form's service, the API and a file accept the same data with the same message: the same
bad student, program or institution is refused by `qadam.registry.services`, by
/api/v1/registry/... and by the import, each naming the same field with the same words."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qadam.imports.tests.conftest import STUDENT_COLUMNS, errors_of, new_iin, run, student_row
from qadam.registry import services

pytestmark = pytest.mark.django_db

API = "/api/v1/registry"
WRONG_DIGIT = new_iin(0)[:11] + str((int(new_iin(0)[11]) + 1) % 10)

# (file values, field, the registry's message)
STUDENTS = [
    ({"year_of_study": 7}, "year_of_study", "Must be from 1 to 6."),
    ({"grade_average": "5.50"}, "grade_average", "Must be from 2.00 to 5.00."),
    (
        {"enrolled_on": "2025-09-01", "expected_graduation_on": "2025-06-30"},
        "expected_graduation_on",
        "Expected graduation must come after enrolment (2025-09-01).",
    ),
    (
        {"iin": WRONG_DIGIT},
        "iin",
        f"IIN check digit should be {new_iin(0)[11]}, not {WRONG_DIGIT[11]}",
    ),
]
PROGRAMS = [
    ({"duration_months": 2_000_000_000}, "duration_months", "Must be from 1 to 120."),
    ({"capacity": 6000, "state_funded_seats": 0}, "capacity", "Must be from 0 to 5000."),
    (
        {"capacity": 10, "state_funded_seats": 11},
        "state_funded_seats",
        "State-funded seats cannot exceed the capacity (10).",
    ),
]
INSTITUTIONS = [
    # the file has no parent column: the report names it by its label
    (
        {"kind": "foreign_branch"},
        "parent",
        "Parent university code",
        "A branch needs its parent university.",
    ),
    ({"region": None}, "region", "region_kato", "An institution in Kazakhstan needs a region."),
    (
        {"kind": "foreign_partner", "country": "KZ"},
        "country",
        "country",
        "A foreign partner must be outside Kazakhstan.",
    ),
]


def refused_by_service(create: Any, **fields: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        create(**fields)
    return raised.value.message_dict


def refused_by_api(client: Any, path: str, payload: dict[str, Any]) -> dict[str, list[str]]:
    response = client.post(
        f"{API}{path}", json.dumps(payload, default=str), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    return response.json()["errors"]


@pytest.mark.parametrize(("changes", "field", "message"), STUDENTS)
def test_a_bad_student_gets_one_message_everywhere(
    world, users, client_for, write, changes, field, message
):
    admin = users["ministry_admin"]
    row = dict(zip(STUDENT_COLUMNS, student_row(world, 0, **changes), strict=True))
    program = world.programs_a[0]
    fields = {
        "iin": row["iin"],
        "last_name": row["last_name"],
        "first_name": row["first_name"],
        "region_id": world.region_a.pk,
        "institution_id": world.college_a.pk,
        "program_id": program.pk,
        "year_of_study": row["year_of_study"],
        "funding": row["funding"],
        "enrolled_on": date.fromisoformat(row["enrolled_on"]),
        "expected_graduation_on": date.fromisoformat(row["expected_graduation_on"]),
        "grade_average": Decimal(row["grade_average"]),
    }
    by_service = refused_by_service(
        lambda **values: services.student_create(actor=admin, **values), **fields
    )
    by_api = refused_by_api(client_for(admin), "/students", fields)
    by_file = errors_of(run("students", write(STUDENT_COLUMNS, [list(row.values())])))
    assert by_service[field] == by_api[field] == [message]
    assert by_file == {(2, field): message}


@pytest.mark.parametrize(("changes", "field", "message"), PROGRAMS)
def test_a_bad_program_gets_one_message_everywhere(
    world, users, client_for, write, changes, field, message
):
    admin = users["ministry_admin"]
    specialty = world.programs_b[0].specialty  # not taught at college A yet
    fields = {
        "institution_id": world.college_a.pk,
        "specialty_id": specialty.pk,
        "language": "ru",
        "form": "dual",
        "duration_months": 34,
        "capacity": 25,
        "state_funded_seats": 10,
        **changes,
    }
    by_service = refused_by_service(
        lambda **values: services.program_create(actor=admin, **values), **fields
    )
    by_api = refused_by_api(client_for(admin), "/programs", fields)
    header = ["institution_code", "specialty_code", *list(fields)[2:]]
    file_row = [world.college_a.code, specialty.code, *list(fields.values())[2:]]
    by_file = errors_of(run("programs", write(header, [file_row])))
    assert by_service[field] == by_api[field] == [message]
    assert by_file == {(2, field): message}


@pytest.mark.parametrize(("changes", "field", "column", "message"), INSTITUTIONS)
def test_a_misplaced_institution_gets_one_message_everywhere(
    world, users, client_for, write, changes, field, column, message
):
    admin = users["ministry_admin"]
    values = {"kind": "college", "country": "KZ", "region": world.region_a, **changes}
    region = values["region"]
    fields = {
        "code": "NEW-1",
        "kind": values["kind"],
        "name_ru": "Новая организация",
        "country": values["country"],
        "region_id": region.pk if region else None,
    }
    by_service = refused_by_service(
        lambda **given: services.institution_create(actor=admin, **given), **fields
    )
    by_api = refused_by_api(client_for(admin), "/institutions", fields)
    header = ["code", "kind", "name_ru", "country", "region_kato"]
    file_row = [*list(fields.values())[:4], region.kato if region else ""]
    by_file = errors_of(run("institutions", write(header, [file_row])))
    assert by_service[field] == by_api[field] == [message]
    assert by_file == {(2, column): message}
