"""Obligation and delivery services, and progress per obligation, agreement, partner and
college, per role. The day is fixed at conftest.TODAY (2026-11-21): the patronage's mentors
(due 2026-09-01, none delivered) are overdue; the memorandum (ends 2027-01-15) expires
within 90 days."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qadam.agreements import selectors_obligations as selectors
from qadam.agreements import services
from qadam.agreements.models import Agreement, Delivery, Obligation, Party
from qadam.agreements.tests.conftest import TODAY
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry
from qadam.registry.tests.factories import EnterpriseFactory, InstitutionFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def record(user, obligation, **overrides):
    fields = {
        "quantity": Decimal(3),
        "delivered_on": date(2026, 11, 1),
        "description": "Autumn internships",
        "evidence": "order 40/2026",
    }
    return services.delivery_record(actor=user, obligation=obligation, **{**fields, **overrides})


def audit_count():
    return AuditEntry.objects.count()


@pytest.fixture
def second_patronage(world, partnerships):
    """world.enterprise is also patron of college B: 5 internship places, all delivered."""
    agreement = Agreement.objects.create(
        number="P-002", kind="patronage", status="active", title="Patronage of college B",
        signed_on=date(2025, 3, 1), ends_on=date(2028, 6, 30),
    )  # fmt: skip
    patron = Party.objects.create(
        agreement=agreement, kind="enterprise", role="patron", enterprise=world.enterprise
    )
    Party.objects.create(
        agreement=agreement, kind="institution", role="beneficiary", institution=world.college_b
    )
    places = Obligation.objects.create(
        agreement=agreement, kind="internship_places", party=patron, beneficiary=world.college_b,
        target=Decimal(5), due_on=date(2026, 6, 30), delivered=Decimal(5),
    )  # fmt: skip
    return agreement, places


# --------------------------------------------------------------------------- deliveries


def test_a_delivery_adds_to_delivered_and_progress(partnerships, users):
    places = partnerships.places
    before = audit_count()
    delivery = record(users["enterprise_hr"], places)
    places.refresh_from_db()
    assert places.delivered == Decimal(7)
    assert delivery.recorded_by == users["enterprise_hr"]
    row = selectors.obligation_row(places, TODAY)
    assert (row.percent, row.bar, row.is_met, row.is_overdue) == (70, 70, False, False)
    assert audit_count() == before + 2  # the delivery, and the obligation's new sum
    change = AuditEntry.objects.get(model="agreements.Obligation", object_id=str(places.pk))
    assert change.changes == {"delivered": ["4.00", "7.00"]}


def test_delivered_is_the_sum_of_the_deliveries_and_never_exceeds_the_target(partnerships, users):
    places = partnerships.places  # 4 of 10 delivered
    with pytest.raises(ValidationError) as refused:
        record(users["ministry_admin"], places, quantity=Decimal(8))
    assert refused.value.message_dict == {
        "quantity": [
            "This delivery would bring the total to 12 of the 10 promised; at most 6 remain "
            "to deliver. Raise the target first if more was promised."
        ]
    }
    record(users["ministry_admin"], places, quantity=Decimal(6))
    places.refresh_from_db()
    row = selectors.obligation_row(places, TODAY)
    assert (places.delivered, row.percent, row.bar, row.is_met) == (10, 100, 100, True)
    with pytest.raises(ValidationError, match="All 10 promised are already delivered"):
        record(users["college_admin_a"], places, quantity=Decimal(2))

    # more was promised: the target first, then the delivery
    services.obligation_update(actor=users["ministry_admin"], obligation=places, target="12")
    record(users["college_admin_a"], places, quantity=Decimal(2))
    places.refresh_from_db()
    assert (places.target, places.delivered) == (12, 12)
    with pytest.raises(ValidationError) as lowered:
        services.obligation_update(actor=users["ministry_admin"], obligation=places, target=11)
    assert lowered.value.message_dict == {
        "target": ["12 are already delivered; the target cannot be less."]
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": Decimal(0)}, "quantity"),
        ({"quantity": Decimal(-2)}, "quantity"),
        ({"quantity": Decimal("1.5")}, "quantity"),  # places are whole
        ({"quantity": "many"}, "quantity"),
        ({"quantity": "1e40"}, "quantity"),
        ({"quantity": Decimal("0.001")}, "quantity"),
        ({"delivered_on": TODAY + timedelta(days=1)}, "delivered_on"),
        ({"description": "   "}, "description"),
    ],
)
def test_a_refused_delivery_names_the_field_and_writes_nothing(
    partnerships, users, overrides, field
):
    before = audit_count()
    with pytest.raises(ValidationError) as refused:
        record(users["ministry_admin"], partnerships.places, **overrides)
    assert field in refused.value.message_dict
    partnerships.places.refresh_from_db()
    assert partnerships.places.delivered == Decimal(4)
    assert Delivery.objects.filter(obligation=partnerships.places).count() == 1
    assert audit_count() == before


def test_every_problem_of_a_delivery_is_reported_at_once(partnerships, users):
    with pytest.raises(ValidationError) as refused:
        record(
            users["ministry_admin"], partnerships.places, quantity=Decimal(0),
            delivered_on=TODAY + timedelta(days=3), description="",
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"quantity", "delivered_on", "description"}


def test_money_may_be_delivered_in_fractions_and_today_is_not_the_future(partnerships, users):
    record(
        users["ministry_admin"], partnerships.equipment, quantity=Decimal("1250000.50"),
        delivered_on=TODAY,
    )  # fmt: skip
    partnerships.equipment.refresh_from_db()
    assert partnerships.equipment.delivered == Decimal("1250000.50")


@pytest.mark.parametrize(
    ("content", "extension"),
    [(PDF, ".pdf"), (PNG, ".png"), (b"\xff\xd8\xff\xe0" + b"0" * 20, ".jpg")],
)
def test_evidence_files_are_stored_under_their_true_type(partnerships, users, content, extension):
    upload = SimpleUploadedFile("scan.html", content, content_type="text/html")
    delivery = record(users["enterprise_hr"], partnerships.places, evidence_file=upload)
    assert delivery.evidence_file.name.endswith(extension)
    assert delivery.evidence_file.read() == content


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"GIF89a....", b""],
    ids=["html", "gif", "empty"],
)
def test_evidence_that_is_not_pdf_jpeg_or_png_is_refused(partnerships, users, content):
    upload = SimpleUploadedFile("evidence.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        record(users["enterprise_hr"], partnerships.places, evidence_file=upload)
    assert "evidence_file" in refused.value.message_dict
    assert Delivery.objects.filter(obligation=partnerships.places).count() == 1


def test_evidence_over_10_mb_is_refused(partnerships, users):
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError) as refused:
        record(users["enterprise_hr"], partnerships.places, evidence_file=upload)
    assert "10 MB" in refused.value.message_dict["evidence_file"][0]


def test_removing_a_delivery_recomputes_and_deletes_its_file(
    partnerships, users, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("act.pdf", PDF, "application/pdf")
    delivery = record(users["enterprise_hr"], partnerships.places, evidence_file=upload)
    storage, name, pk = delivery.evidence_file.storage, delivery.evidence_file.name, delivery.pk
    with django_capture_on_commit_callbacks(execute=True):
        obligation = services.delivery_remove(actor=users["college_admin_a"], delivery=delivery)
    assert obligation.delivered == Decimal(4)
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(
        model="agreements.Delivery", action="delete", object_id=str(pk)
    ).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("ministry_admin", True),
        ("enterprise_hr", True),  # the promising party
        ("college_admin_a", True),  # the beneficiary
        ("analyst", False),
        ("college_admin_b", False),
        ("university_admin", False),
        ("student", False),
        ("guidance_organiser", False),
    ],
)
def test_who_may_record_a_delivery(partnerships, users, role, allowed):
    if allowed:
        record(users[role], partnerships.places)
        return
    with pytest.raises(PermissionDenied):
        record(users[role], partnerships.places)
    assert Delivery.objects.filter(obligation=partnerships.places).count() == 1


def test_a_joint_obligation_may_be_recorded_by_any_party(world, partnerships, users):
    Agreement.objects.filter(pk=partnerships.memorandum.pk).update(status="active")
    joint = Obligation.objects.create(
        agreement=partnerships.memorandum, kind="jobs", target=Decimal(2),
        due_on=date(2027, 1, 1),
    )  # fmt: skip
    record(users["enterprise_hr"], joint, quantity=Decimal(1))
    record(users["college_admin_b"], joint, quantity=Decimal(1))
    joint.refresh_from_db()
    assert joint.delivered == Decimal(2)
    with pytest.raises(PermissionDenied):
        record(users["college_admin_a"], joint, quantity=Decimal(1))


# --------------------------------------------------------------------------- obligations


def create(user, agreement, **overrides):
    fields = {"kind": "mentors", "target": Decimal(2), "due_on": date(2027, 5, 1)}
    return services.obligation_create(actor=user, agreement=agreement, **{**fields, **overrides})


def test_a_party_adds_an_obligation_with_an_audit_entry(world, partnerships, users):
    patron = partnerships.places.party
    obligation = create(
        users["enterprise_hr"], partnerships.patronage, party=patron,
        beneficiary=world.college_a, description=" Welding mentors ",
    )  # fmt: skip
    assert obligation.delivered == 0
    assert obligation.description == "Welding mentors"
    entry = AuditEntry.objects.get(model="agreements.Obligation", object_id=str(obligation.pk))
    assert entry.action == "create"
    assert entry.changes["target"] == [None, "2.00"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target": Decimal(0)}, "target"),
        ({"target": Decimal(-5)}, "target"),
        ({"target": Decimal("2.5")}, "target"),  # mentors are whole
        ({"kind": "cakes"}, "kind"),
    ],
)
def test_an_obligation_is_refused_naming_the_field(partnerships, users, overrides, field):
    count = Obligation.objects.count()
    with pytest.raises(ValidationError) as refused:
        create(users["ministry_admin"], partnerships.patronage, **overrides)
    assert field in refused.value.message_dict
    assert Obligation.objects.count() == count


def test_the_promising_party_and_the_beneficiary_belong_to_the_agreement(
    world, partnerships, users
):
    other_party = partnerships.memorandum.parties.first()
    with pytest.raises(ValidationError) as refused:
        create(
            users["ministry_admin"], partnerships.patronage, party=other_party,
            beneficiary=world.college_b,
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"party", "beneficiary"}


def test_closed_agreements_take_no_new_obligations(partnerships, users):
    Agreement.objects.filter(pk=partnerships.patronage.pk).update(status="terminated")
    partnerships.patronage.refresh_from_db()
    with pytest.raises(ApplicationError):
        create(users["ministry_admin"], partnerships.patronage)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("ministry_admin", True),
        ("enterprise_hr", True),
        ("college_admin_a", True),
        ("analyst", False),
        ("college_admin_b", False),
        ("university_admin", False),
        ("student", False),
    ],
)
def test_who_may_add_an_obligation(partnerships, users, role, allowed):
    if allowed:
        assert create(users[role], partnerships.patronage).pk
    else:
        with pytest.raises(PermissionDenied):
            create(users[role], partnerships.patronage)


def test_an_update_audits_what_changed_and_keeps_what_was_delivered(partnerships, users):
    places = partnerships.places
    services.obligation_update(
        actor=users["college_admin_a"], obligation=places, target=Decimal(12), items=" x "
    )
    places.refresh_from_db()
    assert (places.target, places.delivered, places.items) == (Decimal(12), Decimal(4), "x")
    entry = AuditEntry.objects.get(model="agreements.Obligation", action="update")
    assert entry.changes == {"target": ["10.00", "12.00"], "items": ["", "x"]}
    with pytest.raises(ValidationError) as refused:
        services.obligation_update(actor=users["ministry_admin"], obligation=places, delivered=1)
    assert "delivered" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.obligation_update(actor=users["analyst"], obligation=places, target=Decimal(1))


# --------------------------------------------------------------------------- progress


def test_overdue_means_past_due_and_short_of_the_target(partnerships):
    assert selectors.obligation_row(partnerships.mentors, TODAY).is_overdue
    assert not selectors.obligation_row(partnerships.places, TODAY).is_overdue
    assert not selectors.obligation_row(partnerships.equipment, TODAY).is_overdue
    mentors = partnerships.mentors
    assert not selectors.is_overdue(mentors, mentors.due_on)  # due today: not yet
    assert selectors.is_overdue(mentors, mentors.due_on + timedelta(days=1))
    mentors.delivered = mentors.target
    assert not selectors.is_overdue(mentors, TODAY)  # delivered in full, even if late


@pytest.mark.parametrize(
    ("role", "overdue"),
    [
        ("ministry_admin", ["mentors"]),
        ("analyst", ["mentors"]),
        ("college_admin_a", ["mentors"]),
        ("enterprise_hr", ["mentors"]),
        ("college_admin_b", []),
        ("university_admin", []),
        ("student", []),
    ],
)
def test_overdue_obligations_per_role(partnerships, users, role, overdue):
    found = selectors.overdue_obligations(user=users[role], today=TODAY)
    assert [o.kind for o in found] == overdue


def test_expiring_agreements_are_signed_or_active_and_end_within_90_days(partnerships, users):
    ministry = users["ministry_admin"]

    def numbers(today):
        return [a.number for a in selectors.expiring_agreements(user=ministry, today=today)]

    assert numbers(TODAY) == ["M-001"]
    assert numbers(date(2027, 1, 15) - timedelta(days=90)) == ["M-001"]  # the 90th day
    assert numbers(date(2027, 1, 15) - timedelta(days=91)) == []
    assert numbers(date(2027, 1, 16)) == []  # already ended
    assert numbers(date(2027, 10, 15)) == ["P-001"]
    Agreement.objects.filter(number="M-001").update(status="terminated")
    assert numbers(TODAY) == []


def test_an_agreements_progress_is_the_mean_of_its_obligations(partnerships, users):
    data = selectors.agreement_obligations(
        user=users["enterprise_hr"], agreement=partnerships.patronage
    )
    summary = data["summary"]
    # places 4/10, mentors 0/3, equipment 0/5,000,000: (40 + 0 + 0) / 3
    assert (summary.obligations, summary.met, summary.overdue, summary.percent) == (3, 0, 1, 13)
    assert [total.kind for total in summary.by_kind] == [
        "internship_places",
        "mentors",
        "equipment",
    ]
    assert data["may_add"] and all(row.may_record for row in data["rows"])
    assert [d.description for d in data["timeline"]] == ["Spring internships"]
    analyst = selectors.agreement_obligations(
        user=users["analyst"], agreement=partnerships.patronage
    )
    assert not analyst["may_add"] and not any(row.may_record for row in analyst["rows"])


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("ministry_admin", True),
        ("analyst", True),
        ("enterprise_hr", True),
        ("college_admin_a", True),
        ("college_admin_b", False),
        ("university_admin", False),
        ("student", False),
    ],
)
def test_an_obligation_is_found_only_in_scope(partnerships, users, role, visible):
    pk = partnerships.mentors.pk
    if visible:
        assert selectors.obligation_get(user=users[role], obligation_id=pk).pk == pk
    else:
        with pytest.raises(ObjectDoesNotExist):
            selectors.obligation_get(user=users[role], obligation_id=pk)


# --------------------------------------------------------------------------- profiles


def test_a_partners_profile_adds_up_what_it_promised_across_colleges(
    world, partnerships, second_patronage, users
):
    data = selectors.partner_progress(
        user=users["enterprise_hr"], enterprise_id=world.enterprise.pk
    )
    totals = {total.kind: total for total in data["summary"].by_kind}
    places = totals["internship_places"]
    assert (places.obligations, places.promised, places.delivered) == (2, 15, 9)
    assert places.percent == 60
    assert totals["equipment"].promised == Decimal(5_000_000)
    assert data["summary"].obligations == 4
    assert data["summary"].met == 1
    colleges = {group["institution"]: group["summary"] for group in data["by_college"]}
    assert set(colleges) == {world.college_a, world.college_b}
    assert (colleges[world.college_b].met, colleges[world.college_b].percent) == (1, 100)
    assert colleges[world.college_a].overdue == 1
    assert [a.number for a in data["agreements"]] == ["M-001", "P-002", "P-001"]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("ministry_admin", True),
        ("analyst", True),
        ("enterprise_hr", True),
        ("college_admin_a", False),
        ("university_admin", False),
        ("student", False),
        ("guidance_organiser", False),
    ],
)
def test_a_partners_profile_is_seen_by_national_roles_and_its_own_hr(
    world, partnerships, users, role, visible
):
    if visible:
        selectors.partner_progress(user=users[role], enterprise_id=world.enterprise.pk)
    else:
        with pytest.raises(ObjectDoesNotExist):
            selectors.partner_progress(user=users[role], enterprise_id=world.enterprise.pk)


def test_another_enterprises_hr_does_not_see_the_profile(world, partnerships):
    other = UserFactory.enterprise_hr(EnterpriseFactory.create(region=world.region_a))
    with pytest.raises(ObjectDoesNotExist):
        selectors.partner_progress(user=other, enterprise_id=world.enterprise.pk)
    assert selectors.partner_progress(user=other, enterprise_id=other.enterprise_id)["rows"] == []


def test_a_colleges_profile_lists_patrons_partners_memoranda_and_obligations(
    world, partnerships, users
):
    foreign = InstitutionFactory.create(
        kind="foreign_partner", country="CN", region=None, name_en="Harbin College"
    )
    memorandum = Agreement.objects.create(
        number="M-002", kind="memorandum", status="active", title="Welding exchange"
    )
    Party.objects.create(
        agreement=memorandum, kind="institution", role="partner", institution=world.college_a
    )
    Party.objects.create(
        agreement=memorandum, kind="foreign_institution", role="partner", institution=foreign,
        country="CN",
    )  # fmt: skip
    data = selectors.college_progress(
        user=users["college_admin_a"], institution_id=world.college_a.pk
    )
    assert [p["party"].enterprise for p in data["patrons"]] == [world.enterprise]
    patron = data["patrons"][0]["summary"]
    assert (patron.obligations, patron.overdue) == (3, 1)
    assert [p["party"].institution for p in data["partners"]] == [foreign]
    assert data["countries"] == ["CN"]
    assert [a.number for a in data["memoranda"]] == ["M-002"]
    assert {a.number for a in data["agreements"]} == {"P-001", "M-002"}
    assert [row.obligation.kind for row in data["rows"]] == [
        "mentors", "equipment", "internship_places"
    ]  # fmt: skip
    assert data["summary"].overdue == 1


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("ministry_admin", True),
        ("analyst", True),
        ("college_admin_a", True),
        ("college_admin_b", False),
        ("university_admin", False),
        ("enterprise_hr", False),
        ("student", False),
    ],
)
def test_a_colleges_profile_is_seen_by_national_roles_and_its_own_admin(
    world, partnerships, users, role, visible
):
    if visible:
        selectors.college_progress(user=users[role], institution_id=world.college_a.pk)
    else:
        with pytest.raises(ObjectDoesNotExist):
            selectors.college_progress(user=users[role], institution_id=world.college_a.pk)


def test_a_university_admin_sees_the_profile_of_its_branch(world, users):
    data = selectors.college_progress(
        user=users["university_admin"], institution_id=world.branch.pk
    )
    assert data["institution"] == world.branch
