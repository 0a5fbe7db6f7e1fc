"""The national dataset's joint KZ–RU training programme (`qadam seed`, after the
partnerships, whose Russian universities take part).

Seed 003: the two presidents proposed "a joint training program for technical personnel for
the regions of both countries". One programme: a college in each of six Kazakh regions on
the Russian border and the demo college, five Russian technical universities of the border
regions, quotas for 2026–2028 per region and specialty, and the 2026 intake: at each college
a cohort for its own region and one for the Russian region across the border, drawn from the
first-year students of the college's biggest technical program (the demo student in the
demo college's), and the exchanges to Russia of participants. A few hundred rows in
bulk: well under a second.
"""

from collections.abc import Callable
from datetime import date

from django.db.models import Count, Q

from qadam.accounts.models import User
from qadam.agreements.models import Mobility
from qadam.joint.choices import KAZAKHSTAN, MemberStatus, ParticipantRole, ProgrammeStatus
from qadam.joint.models import (
    Cohort,
    CohortMember,
    JointProgramme,
    Participant,
    ProgrammeMobility,
    Quota,
)
from qadam.registry.models import Institution, Program, Student

# KATO of a border region -> the Russian region across the border (ISO 3166-2:RU)
BORDER = {
    "55": "RU-OMS",  # Pavlodar: Omsk
    "63": "RU-ALT",  # East Kazakhstan: Altai Krai
    "59": "RU-NVS",  # North Kazakhstan: Novosibirsk (by the Omsk railway)
    "39": "RU-CHE",  # Kostanay: Chelyabinsk
    "27": "RU-ORE",  # West Kazakhstan: Orenburg
    "15": "RU-ORE",  # Aktobe: Orenburg
}
DEMO_PAIR = "RU-NVS"
RUSSIAN_UNIVERSITIES = (
    "Omsk State Transport University",
    "Polzunov Altai State Technical University",
    "Novosibirsk State Technical University",
    "South Ural State University",
    "Orenburg State University",
)
YEARS = (2026, 2027, 2028)
INTAKE = 2026
JOINED = date(2026, 9, 1)
HOME_SEATS, ACROSS_SEATS = 25, 15  # a year's quota per region and specialty
HOME_COHORT, ACROSS_COHORT = 20, 10  # students seeded into the 2026 intake
MOBILITY_LINKS = 40
MODELS = (ProgrammeMobility, CohortMember, Cohort, Quota, Participant, JointProgramme)


def _colleges(demo_college_id: int | None) -> list[Institution]:
    """The biggest college of each border region (by students), then the demo college."""
    colleges: list[Institution] = []
    sized = Institution.objects.filter(kind="college").annotate(size=Count("students"))
    for kato in BORDER:
        college = sized.filter(region__kato=kato).order_by("-size", "id").first()
        if college is not None:
            colleges.append(college)
    if demo_college_id and demo_college_id not in {c.pk for c in colleges}:
        colleges.append(Institution.objects.get(pk=demo_college_id))
    return colleges


def _program(college: Institution, demo_student: Student | None) -> Program | None:
    """The college's technical program with the most first-year students (the demo
    student's, at the demo college)."""
    demo = demo_student is not None and demo_student.institution_id == college.pk
    if demo and demo_student is not None and demo_student.program_id is not None:
        return demo_student.program
    return (
        Program.objects.filter(institution=college, specialty__is_technical=True)
        .annotate(first_year=Count("students", filter=Q(students__year_of_study=1)))
        .order_by("-first_year", "id")
        .first()
    )


def _students(program: Program, demo_student: Student | None) -> list[int]:
    ids = list(
        Student.objects.filter(program=program, year_of_study=1)
        .order_by("id")
        .values_list("id", flat=True)[: HOME_COHORT + ACROSS_COHORT]
    )
    if demo_student is not None and demo_student.program_id == program.pk:
        ids = [demo_student.pk, *(pk for pk in ids if pk != demo_student.pk)]
    return ids[: HOME_COHORT + ACROSS_COHORT]


def _demo_student() -> Student | None:
    user = User.objects.filter(username="student").select_related("student").first()
    return user.student if user is not None else None


def seed_joint_programme(*, progress: Callable[[str], None]) -> dict[str, int]:
    """The programme with its participants, quotas, 2026 cohorts and exchanges, inside the
    caller's transaction; returns the counts of what it wrote."""
    progress("joint KZ–RU programme")
    programme = JointProgramme.objects.create(
        code="KZ-RU-TECH",
        name="Совместная программа подготовки технических кадров для регионов Казахстана и России",
        name_kk="Қазақстан мен Ресей өңірлері үшін техникалық кадрларды бірлесіп даярлау "
        "бағдарламасы",
        name_en="Joint training programme for technical personnel for the regions of "
        "Kazakhstan and Russia",
        description="Proposed by the presidents of Russia and Kazakhstan on 12 November 2025 "
        "(TASS). Demo data.",
        status=ProgrammeStatus.ACTIVE,
        starts_on=date(2026, 9, 1),
        ends_on=date(2030, 6, 30),
    )
    demo_college = User.objects.filter(username="college").values_list("institution_id", flat=True)
    demo_student = _demo_student()
    colleges = _colleges(next(iter(demo_college), None))
    russian = {
        institution.name_en: institution
        for institution in Institution.objects.filter(
            country="RU", name_en__in=RUSSIAN_UNIVERSITIES
        ).order_by("id")
    }
    partners = [russian[name] for name in RUSSIAN_UNIVERSITIES if name in russian]
    Participant.objects.bulk_create(
        [
            Participant(programme=programme, institution=c, role=ParticipantRole.TRAINING)
            for c in colleges
        ]
        + [
            Participant(programme=programme, institution=u, role=ParticipantRole.HOST)
            for u in partners
        ]
    )
    quotas: dict[tuple[int, str, int], Quota] = {}
    cohorts: list[tuple[Cohort, list[int]]] = []
    for k, college in enumerate(colleges):
        program = _program(college, demo_student)
        if program is None:
            continue
        kato = college.region.kato if college.region else ""
        across = BORDER.get(kato, DEMO_PAIR)
        partner = partners[k % len(partners)] if partners else None
        students = _students(program, demo_student)
        for region_id, ru_region, seats, members in (
            (college.region_id, "", HOME_SEATS, students[:HOME_COHORT]),
            (None, across, ACROSS_SEATS, students[HOME_COHORT:]),
        ):
            for year in YEARS:
                key = (year, str(region_id or ru_region), program.specialty_id)
                if key in quotas:
                    quotas[key].seats += seats
                else:
                    quotas[key] = Quota(
                        programme=programme,
                        year=year,
                        region_id=region_id,
                        ru_region=ru_region,
                        specialty_id=program.specialty_id,
                        seats=seats,
                    )
            cohort = Cohort(
                programme=programme,
                intake_year=INTAKE,
                institution=college,
                partner=partner,
                specialty_id=program.specialty_id,
                region_id=region_id,
                ru_region=ru_region,
            )
            cohorts.append((cohort, members))
    Quota.objects.bulk_create(quotas.values())
    Cohort.objects.bulk_create([cohort for cohort, _members in cohorts])
    enrolled = [
        CohortMember(
            cohort=cohort, student_id=student, joined_on=JOINED, status=MemberStatus.STUDYING
        )
        for cohort, ids in cohorts
        for student in ids
    ]
    CohortMember.objects.bulk_create(enrolled)
    institutions = [c.pk for c in colleges] + [u.pk for u in partners]
    exchanges = (
        Mobility.objects.filter(
            Q(home_institution_id__in=institutions) | Q(host_institution_id__in=institutions),
            host_country="RU",
        )
        .order_by("id")
        .values_list("id", flat=True)[:MOBILITY_LINKS]
    )
    links = [ProgrammeMobility(programme=programme, mobility_id=pk) for pk in exchanges]
    ProgrammeMobility.objects.bulk_create(links)
    return {
        "joint_participants": len(colleges) + len(partners),
        "joint_participants_kz": sum(1 for c in colleges if c.country == KAZAKHSTAN),
        "joint_quotas": len(quotas),
        "joint_cohorts": len(cohorts),
        "joint_programme_students": len(enrolled),
        "joint_exchanges": len(links),
    }
