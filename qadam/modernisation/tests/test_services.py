from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qadam.common.models import AuditEntry
from qadam.modernisation import services
from qadam.modernisation.models import EquipmentLine
from qadam.modernisation.selectors import modernisation_statistics
from qadam.modernisation.tests.conftest import PDF
from qadam.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _patron_line(programme, users, cost: int) -> EquipmentLine:
    return services.line_add(
        actor=users["college_admin_a"],
        project=programme.project_a,
        item="Press",
        quantity=1,
        unit_cost=Decimal(cost),
        source="patron",
        investor=programme.equipment.party.enterprise,
        obligation=programme.equipment,
    )


def test_a_college_adds_a_line_drawn_from_its_patrons_obligation(programme, users):
    line = _patron_line(programme, users, 2_000_000)
    assert line.cost == Decimal(2_000_000)
    assert AuditEntry.objects.filter(model="modernisation.EquipmentLine", object_id=str(line.pk))


def test_lines_may_not_cost_more_than_the_obligation_promised(programme, users):
    # 3,000,000 already drawn of 5,000,000
    with pytest.raises(ValidationError) as raised:
        _patron_line(programme, users, 2_000_001)
    assert "obligation" in raised.value.message_dict


def test_a_line_names_the_patron_that_made_the_obligation(programme, users):
    with pytest.raises(ValidationError) as raised:
        services.line_add(
            actor=users["ministry_admin"],
            project=programme.project_a,
            item="Press",
            quantity=1,
            unit_cost=Decimal(10),
            source="patron",
            investor=EnterpriseFactory.create(),
            obligation=programme.equipment,
        )
    assert "obligation" in raised.value.message_dict


def test_another_college_may_not_plan_this_project(programme, users):
    with pytest.raises(PermissionDenied):
        services.line_add(
            actor=users["college_admin_b"],
            project=programme.project_a,
            item="Press",
            quantity=1,
            unit_cost=Decimal(10),
            source="republican",
        )


def test_delivering_a_patron_line_counts_once_for_the_project_and_the_obligation(programme, users):
    before = modernisation_statistics()
    services.line_deliver(
        actor=users["enterprise_hr"],
        line=programme.patron_line,
        delivered_on=date(2026, 11, 1),
        evidence="act 7",
        evidence_file=SimpleUploadedFile("act.pdf", PDF),
    )
    programme.equipment.refresh_from_db()
    assert programme.equipment.delivered == Decimal(3_000_000)
    delivery = programme.equipment.deliveries.get()
    assert delivery.evidence_file.name.endswith(".pdf")
    line = EquipmentLine.objects.get(pk=programme.patron_line.pk)
    assert line.delivery_id == delivery.pk and line.delivered_on == date(2026, 11, 1)
    after = modernisation_statistics()
    assert (
        after["modernisation_delivered_tenge"] - before["modernisation_delivered_tenge"]
        == 3_000_000
    )
    assert after["modernisation_committed_tenge"] == before["modernisation_committed_tenge"]


def test_a_line_is_delivered_once(programme, users):
    with pytest.raises(ValidationError) as raised:
        services.line_deliver(
            actor=users["ministry_admin"], line=programme.budget_line, delivered_on=date(2026, 6, 1)
        )
    assert "delivered_on" in raised.value.message_dict


def test_evidence_must_be_a_pdf_jpeg_or_png_by_its_content(programme, users):
    with pytest.raises(ValidationError) as raised:
        services.line_deliver(
            actor=users["college_admin_b"],
            line=programme.line_b,
            delivered_on=date(2026, 11, 1),
            evidence_file=SimpleUploadedFile("act.pdf", b"MZ not a pdf"),
        )
    assert "evidence_file" in raised.value.message_dict
    assert EquipmentLine.objects.get(pk=programme.line_b.pk).delivered_on is None


def test_a_budget_line_keeps_its_own_evidence(programme, users):
    line = services.line_deliver(
        actor=users["college_admin_b"],
        line=programme.line_b,
        delivered_on=date(2026, 11, 1),
        evidence_file=SimpleUploadedFile("act.png", b"\x89PNG\r\n\x1a\n...."),
    )
    assert line.evidence_file.name.endswith(f"line-{line.pk}.png")


def test_an_enterprise_delivers_only_the_lines_it_pays_for(programme, users):
    with pytest.raises(PermissionDenied):
        services.line_deliver(
            actor=users["enterprise_hr"], line=programme.line_b, delivered_on=date(2026, 11, 1)
        )


def test_a_milestone_is_done_once_with_its_evidence(programme, users):
    milestone = services.milestone_complete(
        actor=users["college_admin_a"],
        milestone=programme.overdue_a,
        done_on=date(2026, 11, 2),
        evidence_file=SimpleUploadedFile("m.pdf", PDF),
    )
    assert milestone.done_on == date(2026, 11, 2) and milestone.evidence_file
    with pytest.raises(ValidationError):
        services.milestone_complete(
            actor=users["college_admin_a"],
            milestone=programme.overdue_a,
            done_on=date(2026, 11, 3),
        )


def test_only_the_ministry_starts_projects_and_records_investments(world, users):
    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=users["college_admin_a"],
            college=world.college_a,
            starts_on=date(2026, 1, 1),
            ends_on=date(2027, 1, 1),
        )
    project = services.project_create(
        actor=users["ministry_admin"],
        college=world.college_a,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 1, 1),
    )
    assert project.pk
    with pytest.raises(ValidationError):  # a university has no modernisation project
        services.project_create(
            actor=users["ministry_admin"],
            college=world.university,
            starts_on=date(2026, 1, 1),
            ends_on=date(2027, 1, 1),
        )
    investment = services.investment_create(
        actor=users["ministry_admin"],
        investor=world.enterprise,
        institution=world.university,
        amount=Decimal(1_000_000),
        purpose="Laboratory",
        year=2020,
    )
    assert investment.pk
