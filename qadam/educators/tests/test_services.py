from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qadam.common.models import AuditEntry
from qadam.educators import services
from qadam.educators.models import Upskilling
from qadam.registry import services as registry_services
from qadam.registry.tests.factories import iin_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COURSE = {
    "kind": "course",
    "title": "Welding practice",
    "provider": "Centre of excellence",
    "form": "centre",
    "hours": 80,
    "started_on": date(2026, 2, 1),
    "completed_on": date(2026, 2, 20),
}


def test_a_course_is_recorded_with_its_certificate_and_audited(setting, users, world):
    upload = SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")
    upskilling = services.upskilling_record(
        actor=users["college_admin_a"],
        educator=setting.overdue,
        certificate_file=upload,
        **COURSE,
    )
    assert upskilling.certificate_file.name.endswith(".pdf")
    entry = AuditEntry.objects.get(model="educators.Upskilling", object_id=str(upskilling.pk))
    assert entry.actor_username == "college_a"
    assert entry.changes["hours"] == [None, 80]
    assert entry.changes["certificate_file"][1] == upskilling.certificate_file.name


def test_a_certificate_that_is_no_pdf_jpeg_or_png_is_refused_and_nothing_is_kept(
    setting, users, settings, tmp_path
):
    fake = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as refused:
        services.upskilling_record(
            actor=users["college_admin_a"], educator=setting.overdue, certificate_file=fake,
            **COURSE,
        )  # fmt: skip
    assert refused.value.message_dict["certificate_file"] == [
        "The evidence file must be a PDF, JPEG or PNG."
    ]
    assert not Upskilling.objects.filter(educator=setting.overdue).exists()
    assert not list((tmp_path / "media").rglob("*.pdf"))


def test_an_internship_under_the_patrons_obligation_is_accepted(setting, users, world):
    internship = services.upskilling_record(
        actor=users["college_admin_a"],
        educator=setting.overdue,
        **{**COURSE, "kind": "internship", "form": ""},
        enterprise_id=world.enterprise.pk,
        obligation_id=setting.places.pk,
    )
    assert internship.obligation == setting.places


def test_another_colleges_places_are_refused(setting, users, world):
    with pytest.raises(ValidationError) as refused:
        services.upskilling_record(
            actor=users["college_admin_b"],
            educator=world.educators_b[0],
            **{**COURSE, "kind": "internship", "form": ""},
            enterprise_id=world.enterprise.pk,
            obligation_id=setting.places.pk,
        )
    assert refused.value.message_dict["obligation"] == [
        "The obligation benefits another institution."
    ]


def test_only_the_ministry_and_the_educators_college_may_record(setting, users):
    for role in ("college_admin_b", "analyst", "enterprise_hr", "student"):
        with pytest.raises(PermissionDenied):
            services.upskilling_record(actor=users[role], educator=setting.overdue, **COURSE)
    assert services.upskilling_record(
        actor=users["ministry_admin"], educator=setting.overdue, **COURSE
    ).pk


def test_removing_a_record_keeps_it_in_the_audit_log(setting, users):
    services.upskilling_remove(actor=users["college_admin_a"], upskilling=setting.course)
    entry = AuditEntry.objects.get(model="educators.Upskilling", action="delete")
    assert entry.changes["title"] == ["Digital tools", None]


def test_an_educator_is_registered_with_the_specialties_taught_and_audited(world, users):
    specialty = world.programs_a[0].specialty
    educator = registry_services.educator_create(
        actor=users["college_admin_a"],
        iin=iin_for(date(1985, 3, 14), "F", 4321),
        last_name="Серикова",
        first_name="Алма",
        institution=world.college_a,
        position="преподаватель",
        category="expert",
        years_in_industry=5,
        languages="kk,ru",
        specialties=[specialty],
    )
    assert (educator.birth_date, educator.sex) == (date(1985, 3, 14), "F")
    assert list(educator.specialties.all()) == [specialty]
    entry = AuditEntry.objects.get(model="registry.Educator", object_id=str(educator.pk))
    assert entry.changes["specialties"] == [None, [specialty.pk]]


def test_an_educators_change_and_specialties_are_audited(world, users):
    specialty = world.programs_a[0].specialty
    educator = world.educators_a[0]
    registry_services.educator_update(
        actor=users["college_admin_a"],
        educator=educator,
        category="expert",
        years_in_industry=5,
        specialties=[specialty],
    )
    educator.refresh_from_db()
    assert educator.category == "expert"
    assert list(educator.specialties.all()) == [specialty]
    entry = AuditEntry.objects.get(model="registry.Educator", action="update")
    assert entry.changes["category"] == ["none", "expert"]
    assert entry.changes["specialties"] == [[], [specialty.pk]]


def test_years_in_industry_beyond_a_working_life_are_refused(world, users):
    with pytest.raises(ValidationError) as refused:
        registry_services.educator_update(
            actor=users["ministry_admin"], educator=world.educators_a[0], years_in_industry=50
        )
    assert "years_in_industry" in refused.value.message_dict


def test_another_colleges_educator_cannot_be_changed(world, users):
    with pytest.raises(PermissionDenied):
        registry_services.educator_update(
            actor=users["college_admin_b"], educator=world.educators_a[0], category="first"
        )


def test_an_iin_registered_at_another_college_is_refused_without_saying_where(world, users):
    with pytest.raises(ValidationError) as refused:
        registry_services.educator_create(
            actor=users["college_admin_a"],
            iin=world.educators_b[0].iin,
            last_name="Чужая",
            first_name="Анна",
            institution=world.college_a,
            position="преподаватель",
        )
    assert refused.value.message_dict["iin"] == [
        "This IIN cannot be registered here; the ministry has been asked to resolve it."
    ]
    flag = AuditEntry.objects.get(action="flag", model="registry.Educator")
    assert flag.object_id == str(world.educators_b[0].pk)
