"""The Django admin writes nothing around the audit log: people's records and the log itself
are read-only there, and every model it may still edit is audited on save and delete."""

from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory

from qadam.accounts.models import User
from qadam.common.admin import AuditedAdmin
from qadam.common.audit import HIDDEN, audit_record
from qadam.common.models import AuditEntry
from qadam.registry.models import Educator, Enterprise, Program, Specialty, Student
from qadam.registry.tests.factories import (
    EnterpriseFactory,
    OccupationFactory,
    ProgramFactory,
    RegionFactory,
    SpecialtyFactory,
    StudentFactory,
    UserFactory,
)

# the records that hold a person, or the log of who changed them
PERSONAL = (
    "registry.Student",
    "registry.Educator",
    "agreements.Mobility",
    "placements.Placement",
    "placements.TrainingContract",
    "placements.Application",
    "guidance.DiagnosticSession",
    "guidance.ParentLink",
    "common.AuditEntry",
)


@pytest.fixture
def root(db) -> User:
    return UserFactory.create(
        username="root", role="ministry_admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def back_office(root) -> Client:
    client = Client()
    client.force_login(root)
    return client


def _superuser_request(root: User) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = root
    return request


def _writes(model_admin: Any, request: Any) -> set[str]:
    return {
        name
        for name in ("add", "change", "delete")
        if getattr(model_admin, f"has_{name}_permission")(request)
    }


def test_every_admin_is_read_only_or_audited(root):
    request = _superuser_request(root)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        writes = _writes(model_admin, request)
        assert not writes or isinstance(model_admin, AuditedAdmin), (
            f"{label}'s admin can {writes} without an audit entry"
        )
        # inlines save around save_model: each is read-only, whatever its parent
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            assert not _writes(inline, request), f"{label}'s inline {inline_class} writes"
        # an action other than the audited "delete selected" would write unaudited, unless
        # it calls an audited service (declared, and tested beside that service)
        audited = {"delete_selected", *getattr(model_admin, "audited_actions", ())}
        assert set(model_admin.get_actions(request)) <= audited, label


@pytest.mark.parametrize("label", PERSONAL)
def test_personal_records_and_the_log_are_read_only_in_the_admin(root, label):
    model = apps.get_model(label)
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:  # not registered at all is read-only too
        assert _writes(model_admin, _superuser_request(root)) == set()


def _entry(actor: User | None = None) -> AuditEntry:
    program = ProgramFactory.create()
    return audit_record(
        actor=actor, action="update", instance=program, changes={"capacity": [25, 30]}
    )


def test_no_one_adds_changes_or_deletes_an_audit_entry_through_the_admin(back_office, root):
    entry = _entry(UserFactory.college_admin(username="college"))
    base = "/admin/common/auditentry"
    forged = {
        "actor": root.pk,
        "actor_username": "someone_else",
        "action": "delete",
        "model": "registry.Student",
        "object_id": "1",
        "changes": "{}",
    }
    assert back_office.get(f"{base}/").status_code == 200  # the log can be read
    assert back_office.get(f"{base}/add/").status_code == 403
    assert back_office.post(f"{base}/add/", forged).status_code == 403
    assert back_office.post(f"{base}/{entry.pk}/change/", forged).status_code == 403
    assert back_office.get(f"{base}/{entry.pk}/delete/").status_code == 403
    assert back_office.post(f"{base}/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    back_office.post(f"{base}/", {"action": "delete_selected", "_selected_action": [entry.pk]})

    assert list(AuditEntry.objects.values_list("pk", "actor_username", "action")) == [
        (entry.pk, "college", "update")
    ]


def test_a_student_cannot_be_edited_in_the_admin(back_office):
    student = StudentFactory.create(last_name="Абаев")
    base = f"/admin/registry/student/{student.pk}"
    assert back_office.get(f"{base}/change/").status_code == 200  # view only
    changed = {"iin": student.iin, "last_name": "Другой", "birth_date": "1999-01-01"}
    assert back_office.post(f"{base}/change/", changed).status_code == 403
    assert back_office.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    student.refresh_from_db()
    assert student.last_name == "Абаев"
    assert not AuditEntry.objects.exists()


def form_data(response: Any) -> dict[str, Any]:
    """The admin form's current values as a browser would post them back unchanged."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)  # the related-field wrapper
        if isinstance(widget, forms.MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def _save(client: Client, url: str, **changes: Any) -> Any:
    data = {**form_data(client.get(url)), **changes}
    return client.post(url, data)


def test_an_admin_edit_of_an_enterprise_is_audited_with_old_and_new_values(back_office):
    enterprise = EnterpriseFactory.create(name="ТОО «Старое»")
    url = f"/admin/registry/enterprise/{enterprise.pk}/change/"

    response = _save(back_office, url, name="ТОО «Новое»")

    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise.refresh_from_db()
    assert enterprise.name == "ТОО «Новое»"
    [entry] = AuditEntry.objects.filter(model="registry.Enterprise")
    assert (entry.action, entry.object_id) == ("update", str(enterprise.pk))
    assert (entry.actor_username, entry.actor_role) == ("root", "ministry_admin")
    assert entry.changes == {"name": ["ТОО «Старое»", "ТОО «Новое»"]}


def test_saving_an_admin_form_unchanged_writes_no_entry(back_office):
    enterprise = EnterpriseFactory.create()
    response = _save(back_office, f"/admin/registry/enterprise/{enterprise.pk}/change/")
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_an_admin_add_and_delete_are_audited(back_office):
    region = RegionFactory.create()
    data = {
        "name": "ТОО «Новое»",
        "bin": EnterpriseFactory.build().bin,
        "sector": "energy",
        "size": "small",
        "region": region.pk,
    }
    assert back_office.post("/admin/registry/enterprise/add/", data).status_code == 302
    enterprise = Enterprise.objects.get(name="ТОО «Новое»")
    url = f"/admin/registry/enterprise/{enterprise.pk}/delete/"
    assert back_office.post(url, {"post": "yes"}).status_code == 302
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()

    created, deleted = AuditEntry.objects.filter(model="registry.Enterprise").order_by("id")
    assert created.action == "create"
    assert created.changes["name"] == [None, "ТОО «Новое»"]
    assert deleted.action == "delete"
    assert deleted.changes["bin"] == [data["bin"], None]
    assert {created.actor_username, deleted.actor_username} == {"root"}


def test_deleting_selected_records_audits_each(back_office):
    first, second = EnterpriseFactory.create_batch(2)
    back_office.post(
        "/admin/registry/enterprise/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert not Enterprise.objects.filter(pk__in=[first.pk, second.pk]).exists()
    deleted = AuditEntry.objects.filter(model="registry.Enterprise", action="delete")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )


def test_the_admin_refuses_what_the_registry_rules_refuse(back_office, settings):
    settings.LANGUAGE_CODE = "en"
    program = ProgramFactory.create(capacity=30, state_funded_seats=10)
    url = f"/admin/registry/program/{program.pk}/change/"

    response = _save(back_office, url, state_funded_seats=40)

    assert response.status_code == 200  # the form again, with the rule's message
    errors = response.context["adminform"].form.errors
    assert errors == {"state_funded_seats": ["State-funded seats cannot exceed the capacity (30)."]}
    assert Program.objects.get(pk=program.pk).state_funded_seats == 10
    assert not AuditEntry.objects.exists()


def test_a_many_to_many_change_in_the_admin_is_audited(back_office):
    kept, added = OccupationFactory.create_batch(2)
    specialty = SpecialtyFactory.create()
    specialty.occupations.set([kept])
    url = f"/admin/registry/specialty/{specialty.pk}/change/"

    response = _save(back_office, url, occupations=[kept.pk, added.pk])

    assert response.status_code == 302
    assert set(Specialty.objects.get(pk=specialty.pk).occupations.all()) == {kept, added}
    [entry] = AuditEntry.objects.filter(model="registry.Specialty")
    assert entry.changes == {"occupations": [[kept.pk], sorted([kept.pk, added.pk])]}


def test_deleting_a_user_keeps_who_wrote_their_entries(back_office, db):
    college = UserFactory.college_admin(username="aigerim")
    entry = _entry(college)
    url = f"/admin/accounts/user/{college.pk}/delete/"

    assert back_office.post(url, {"post": "yes"}).status_code == 302

    assert not User.objects.filter(pk=college.pk).exists()
    entry.refresh_from_db()
    assert entry.actor is None  # the account is gone ...
    assert (entry.actor_username, entry.actor_role) == ("aigerim", "college_admin")  # not who
    deletion = AuditEntry.objects.get(model="accounts.User", object_id=str(college.pk))
    assert (deletion.action, deletion.actor_username) == ("delete", "root")
    assert deletion.changes["username"] == ["aigerim", None]


def test_a_user_created_in_the_admin_is_audited_without_their_password(back_office):
    data = {
        "username": "analyst2",
        "usable_password": "true",
        "password1": "A-long-enough-passw0rd",
        "password2": "A-long-enough-passw0rd",
        "role": "analyst",
    }
    response = back_office.post("/admin/accounts/user/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="analyst2")
    entry = AuditEntry.objects.get(model="accounts.User", object_id=str(user.pk))
    assert entry.action == "create"
    assert entry.changes["role"] == [None, "analyst"]
    assert entry.changes["password"] == [None, HIDDEN]
    assert user.password not in str(entry.changes)


def test_a_password_change_in_the_admin_is_audited_and_the_hash_kept_out(back_office):
    user = UserFactory.analyst(username="analyst2")
    url = f"/admin/accounts/user/{user.pk}/password/"
    data = {
        "password1": "Another-long-passw0rd",
        "password2": "Another-long-passw0rd",
        "set_usable_password": "true",
    }
    assert back_office.post(url, data).status_code == 302

    user.refresh_from_db()
    assert user.check_password("Another-long-passw0rd")
    [entry] = AuditEntry.objects.filter(model="accounts.User", object_id=str(user.pk))
    assert (entry.action, entry.actor_username) == ("update", "root")
    assert entry.changes == {"password": [HIDDEN, HIDDEN]}


def test_an_admin_edit_of_a_user_is_audited(back_office):
    user = UserFactory.analyst(username="analyst2", first_name="Old")
    url = f"/admin/accounts/user/{user.pk}/change/"

    response = _save(back_office, url, first_name="New")

    assert response.status_code == 302, response.context["adminform"].form.errors
    [entry] = AuditEntry.objects.filter(model="accounts.User", object_id=str(user.pk))
    assert entry.changes == {"first_name": ["Old", "New"]}


def test_every_admin_of_a_record_about_a_person_is_read_only(root):
    """A model that points at a student or an educator holds a person: a new admin for one
    cannot be editable, even an audited one. (A user account may link its student record:
    that is who may sign in, edited and audited in the user's admin.)"""
    people = {Student, Educator}
    request = _superuser_request(root)
    for model, model_admin in admin.site._registry.items():
        if model is User:
            continue
        about_a_person = model in people or any(
            field.concrete and getattr(field, "related_model", None) in people
            for field in model._meta.get_fields()
        )
        if about_a_person:
            assert _writes(model_admin, request) == set(), model._meta.label
