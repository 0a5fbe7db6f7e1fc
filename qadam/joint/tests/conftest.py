"""A joint programme over the shared world (see the root conftest.py).

`joint`: programme JP-1 (2026-09-01 – 2030-06-30) with college A (Kazakhstan) and a Russian
university taking part, a 2026 quota of 10 seats for region A and 5 for Omsk in the
specialty of college A's first program; a 2026 cohort at college A for region A with two of
its students, and an empty one for Omsk. College B and the university do not take part.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from qadam.joint.models import Cohort, CohortMember, JointProgramme, Participant, Quota
from qadam.registry.models import Institution
from qadam.registry.tests.factories import InstitutionFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@dataclass(frozen=True)
class Joint:
    programme: JointProgramme
    russian: Institution
    home_quota: Quota
    omsk_quota: Quota
    cohort: Cohort
    omsk_cohort: Cohort
    members: list[CohortMember]


@pytest.fixture
def joint(world) -> Joint:
    programme = JointProgramme.objects.create(
        code="JP-1",
        name="Совместная программа",
        name_en="Joint programme",
        status="active",
        starts_on=date(2026, 9, 1),
        ends_on=date(2030, 6, 30),
    )
    russian = InstitutionFactory.create(
        kind="foreign_partner", country="RU", region=None, name_en="Omsk Technical University"
    )
    Participant.objects.create(programme=programme, institution=world.college_a, role="training")
    Participant.objects.create(programme=programme, institution=russian, role="host")
    specialty = world.programs_a[0].specialty
    home = Quota.objects.create(
        programme=programme, year=2026, region=world.region_a, specialty=specialty, seats=10
    )
    omsk = Quota.objects.create(
        programme=programme, year=2026, ru_region="RU-OMS", specialty=specialty, seats=5
    )
    cohort = Cohort.objects.create(
        programme=programme,
        intake_year=2026,
        institution=world.college_a,
        partner=russian,
        specialty=specialty,
        region=world.region_a,
    )
    omsk_cohort = Cohort.objects.create(
        programme=programme,
        intake_year=2026,
        institution=world.college_a,
        specialty=specialty,
        ru_region="RU-OMS",
    )
    members = [
        CohortMember.objects.create(cohort=cohort, student=student, joined_on=date(2026, 9, 1))
        for student in (world.students_a[0], world.students_a[2])
    ]
    return Joint(programme, russian, home, omsk, cohort, omsk_cohort, members)
