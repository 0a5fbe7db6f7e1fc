"""An institution's administrator does not learn whether an IIN is enrolled elsewhere: an IIN
registered at another institution is refused with one neutral message (the form, the API
and the import alike) and the ministry is asked to resolve it (its audit log)."""

import re

from qadam.common.models import AuditEntry
from qadam.registry.models import Student
from qadam.registry.tests.test_api import send, student_payload
from qadam.registry.tests.test_views import html, student_form_data

NEUTRAL = "This IIN cannot be registered here; the ministry has been asked to resolve it."


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _flags(student: Student) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=AuditEntry.Action.FLAG, model="registry.Student", object_id=str(student.pk)
        )
    )


def test_the_form_answers_neutrally_and_tells_the_ministry(world, users, client_for):
    elsewhere = world.students_b[0]
    client = _english(client_for(users["college_admin_a"]))
    response = client.post("/registry/students/new/", student_form_data(world, iin=elsewhere.iin))
    assert response.status_code == 200
    page = html(response)
    errors = re.search(r'<ul class="errorlist" data-field="iin">(.*?)</ul>', page, re.S)
    assert errors and NEUTRAL in errors.group(1)
    assert "already exists" not in page and world.college_b.name not in page
    (flag,) = _flags(elsewhere)
    assert flag.actor == users["college_admin_a"]
    assert flag.changes == {"institution": [None, world.college_a.pk]}
    assert Student.objects.filter(iin=elsewhere.iin).get() == elsewhere


def test_the_api_gives_the_same_message_and_a_second_try_is_not_flagged_twice(
    world, users, client_for
):
    elsewhere = world.students_b[0]
    client = _english(client_for(users["college_admin_a"]))
    for _ in range(2):
        response = send(client, "post", "/students", student_payload(world, iin=elsewhere.iin))
        assert response.status_code == 422
        assert response.json()["errors"] == {"iin": [NEUTRAL]}
    assert len(_flags(elsewhere)) == 1


def test_changing_a_students_iin_to_one_registered_elsewhere_is_refused_alike(
    world, users, client_for
):
    own, elsewhere = world.students_a[0], world.students_b[0]
    response = send(
        _english(client_for(users["college_admin_a"])),
        "patch",
        f"/students/{own.pk}",
        {"iin": elsewhere.iin},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"iin": [NEUTRAL]}
    assert len(_flags(elsewhere)) == 1


def test_a_duplicate_within_the_users_own_institution_says_so(world, users, client_for):
    own = world.students_a[1]
    response = send(
        _english(client_for(users["college_admin_a"])),
        "post",
        "/students",
        student_payload(world, iin=own.iin),
    )
    assert response.status_code == 422
    assert response.json()["errors"]["iin"] != [NEUTRAL]
    assert _flags(own) == []


def test_the_ministry_sees_where_the_iin_is_registered(world, users, client_for):
    elsewhere = world.students_b[0]
    response = send(
        _english(client_for(users["ministry_admin"])),
        "post",
        "/students",
        student_payload(world, iin=elsewhere.iin),
    )
    assert response.status_code == 422
    assert "already exists" in response.json()["errors"]["iin"][0]
    assert _flags(elsewhere) == []
