"""`qadam seed` gives the small country its modernisation: projects with funding and
milestones, patron lines that never exceed their obligations and whose deliveries are the
obligations' own, seed 002's partners investing in Pavlodar's university, and the stats."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from qadam.accounts.models import User
from qadam.common.audit import row_of
from qadam.modernisation import rules
from qadam.modernisation.models import EquipmentLine, Investment, Milestone, Project
from qadam.modernisation.seeding.data import SEED_002_PARTNERS
from qadam.registry.models import Enterprise

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def country(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", profile="small", seed=42, verbosity=0, stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_projects_have_lines_by_source_and_milestones(country, db):
    assert Project.objects.count() >= 5
    college = User.objects.get(username="college").institution_id
    assert Project.objects.filter(college_id=college).exists()
    for project in Project.objects.all():
        assert project.college.kind == "college"
        assert project.lines.exists() and project.milestones.count() == 4
    sources = set(EquipmentLine.objects.values_list("source", flat=True))
    assert {"republican", "local", "patron", "ppp"} <= sources


def test_every_seeded_line_obeys_the_rules(country, db):
    for line in EquipmentLine.objects.select_related("project", "investment"):
        row = {**row_of(line), "college_id": line.project.college_id}
        investment = row_of(line.investment) if line.investment else None
        assert rules.line_errors(row, investment=investment) == {}, line.pk


def test_patron_lines_stay_within_their_obligations_and_share_their_deliveries(country, db):
    patron = EquipmentLine.objects.filter(source="patron")
    assert patron.exists()
    for obligation_id, total in patron.values_list("obligation_id").annotate(t=Sum("cost")):
        line = patron.filter(obligation_id=obligation_id).first()
        assert line is not None and line.obligation is not None
        assert total <= line.obligation.target
    for line in patron.exclude(delivered_on=None).select_related("delivery"):
        assert line.delivery is not None and line.delivery.quantity == line.cost


def test_the_demo_enterprise_pays_for_lines(country, db):
    enterprise = User.objects.get(username="enterprise").enterprise_id
    assert EquipmentLine.objects.filter(investor_id=enterprise).exists()


def test_seed_002s_partners_invest_in_pavlodars_university(country, db):
    names = {name for name, *_rest in SEED_002_PARTNERS}
    invested = Investment.objects.filter(investor__name__in=names).select_related(
        "institution__region", "agreement"
    )
    assert invested.count() == len(names)
    for investment in invested:
        assert investment.institution.kind == "university"
        assert investment.institution.region.kato == "55"
        assert investment.agreement.kind == "investment"
    assert Enterprise.objects.count() == 180  # renamed, not added


def test_some_milestones_are_overdue_and_stats_report_the_programme(country, db):
    assert Milestone.objects.filter(done_on=None).exists()
    out = StringIO()
    call_command("stats", json=True, stdout=out)
    stats = json.loads(out.getvalue())
    assert stats["colleges_in_modernisation"] == Project.objects.count()
    committed = EquipmentLine.objects.aggregate(t=Sum("cost"))["t"] or Decimal(0)
    assert stats["modernisation_committed_tenge"] == int(committed)
    assert 0 < stats["modernisation_delivered_tenge"] < stats["modernisation_committed_tenge"]
