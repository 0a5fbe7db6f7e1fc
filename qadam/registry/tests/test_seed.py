"""`seed` builds the small country deterministically and only into an empty registry;
`stats` reports its headline figures."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.models import AuditEntry
from qadam.registry.identifiers import parse_iin
from qadam.registry.models import Educator, Enterprise, Institution, Program, Region, Student
from qadam.registry.selectors import dataset_statistics
from qadam.registry.tests.factories import InstitutionFactory

STATS_KEYS = {
    "regions",
    "colleges",
    "students",
    "college_students",
    "enterprises",
    "universities",
    "foreign_branches",
    "foreign_branch_students",
    "state_funded_first_year_seats",
    "technical_share_of_state_funded",
}


def seed(**options):
    call_command("seed", profile="small", seed=42, verbosity=0, stdout=StringIO(), **options)


def stats_json():
    out = StringIO()
    call_command("stats", json=True, stdout=out)
    return json.loads(out.getvalue())


def iins_in_order():
    return list(Student.objects.order_by("id").values_list("iin", flat=True))


@pytest.mark.slow
def test_small_seed_matches_the_small_profile(db):
    seed()
    stats = dataset_statistics()
    assert stats["colleges"] == 8
    assert stats["college_students"] == 5_560
    assert stats["enterprises"] == 180
    assert stats["foreign_branches"] == 9
    assert stats["foreign_branch_students"] == 40
    assert stats["state_funded_first_year_seats"] == pytest.approx(1_530, rel=0.02)
    assert stats["technical_share_of_state_funded"] == pytest.approx(0.70, abs=0.01)
    assert stats["regions"] == 20
    assert stats["occupations"] == 436
    shown = stats_json()  # the registry's figures, then the apps' (settings.QADAM_STATISTICS)
    assert {key: shown[key] for key in stats} == stats
    assert {"educators_upskilled_3y_share", "joint_programmes"} <= set(shown)


@pytest.mark.slow
def test_seeded_people_have_valid_unique_iins_matching_birth_date_and_sex(db):
    seed()
    for model in (Student, Educator):
        rows = list(model.objects.values_list("iin", "birth_date", "sex"))
        assert rows
        assert len({iin for iin, _born, _sex in rows}) == len(rows)
        for iin, born, sex in rows:
            person = parse_iin(iin)
            assert (person.birth_date, person.sex) == (born, sex), iin


@pytest.mark.slow
def test_seeded_records_obey_the_registry_rules(db):
    seed()
    for program in Program.objects.all():
        assert 0 <= program.state_funded_seats <= program.capacity
    assert not Student.objects.exclude(program__institution=F("institution")).exists()
    for branch in Institution.objects.filter(kind="foreign_branch"):
        assert branch.parent is not None and branch.region is not None
    users = {user.username: user for user in User.objects.all()}
    assert {user.role for user in users.values()} == set(Role)
    assert users["college"].institution.kind == "college"
    assert users["student"].student.institution == users["college"].institution
    assert AuditEntry.objects.filter(action=AuditEntry.Action.BULK_LOAD).count() == 1


@pytest.mark.slow
def test_the_same_seed_builds_the_same_people_and_another_seed_does_not(db):
    seed()
    first = iins_in_order()
    enterprises = list(Enterprise.objects.order_by("id").values_list("bin", "name"))
    seed(reset=True)
    assert iins_in_order() == first
    assert list(Enterprise.objects.order_by("id").values_list("bin", "name")) == enterprises
    assert User.objects.filter(username="ministry").count() == 1
    call_command("seed", profile="small", seed=7, reset=True, verbosity=0, stdout=StringIO())
    assert iins_in_order() != first


def test_seed_into_a_non_empty_registry_without_reset_changes_nothing(db):
    InstitutionFactory()
    before = {m.__name__: m.objects.count() for m in (Region, Institution, Student, User)}
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert {m.__name__: m.objects.count() for m in (Region, Institution, Student, User)} == before


def test_seed_if_empty_does_nothing_when_a_dataset_exists(db):
    InstitutionFactory()
    out = StringIO()
    call_command("seed", profile="small", if_empty=True, stdout=out)
    assert "nothing to do" in out.getvalue()
    assert Student.objects.count() == 0 and Institution.objects.count() == 1


def test_stats_json_has_the_required_keys(world):
    stats = stats_json()
    assert set(stats) >= STATS_KEYS
    assert stats["colleges"] == 2 and stats["college_students"] == 6
    assert stats["state_funded_first_year_seats"] == 60


def test_stats_of_an_empty_registry_are_zero(db):
    stats = stats_json()
    assert all(stats[key] == 0 for key in STATS_KEYS)


def test_stats_as_a_table(world):
    out = StringIO()
    call_command("stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("college students") and line.endswith("6") for line in lines)
    assert any(
        line.startswith("technical share of state funded") and "66.7%" in line for line in lines
    )
