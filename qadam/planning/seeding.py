"""The national dataset's planning: NPP-1 with the template's plan, two scenarios, two runs.

The operator is the registry seeding's named NPP operator in Almaty Region (the NPP's region,
on Lake Balkhash), and the demo login "megaproject" speaks for it. The scenarios differ by
the 10,000 seats the state added this year (source 004): 153,000 against 163,000.
"""

from collections.abc import Callable
from datetime import date

from django.db.models import Count
from django.utils import timezone

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.placements.models import Offer, Placement, TrainingContract
from qadam.planning import npp_template
from qadam.planning.models import Megaproject, MegaprojectContractor, Scenario
from qadam.planning.pipeline import build_pipeline
from qadam.planning.runs import run_allocation
from qadam.planning.services import (
    megaproject_create,
    plan_create_from_template,
    run_prepare,
    scenario_copy,
    scenario_create,
    scenario_update,
)
from qadam.registry.models import Enterprise, Region
from qadam.registry.seeding.organisations import NPP_OPERATOR

NPP_REGION_KATO = "19"  # Almaty Region
CONTRACTORS = 5  # enterprises building NPP-1 for its operator (demo data)
SIGNED_ON = date(2026, 10, 1)  # the targeted contracts of the autumn round
BASE_YEAR = 2027  # the intake the seats funded this year admit


def _operator(region: Region) -> Enterprise | None:
    named = Enterprise.objects.filter(name=NPP_OPERATOR["name"], region=region).first()
    nuclear = Enterprise.objects.filter(sector="nuclear").order_by("id")
    return named or nuclear.filter(region=region).first() or nuclear.first()


def _contract_trainees(megaproject: Megaproject) -> None:
    """NPP-1's contractors and its trainees under targeted contracts: the enterprises with
    the most targeted-training trainees of the specialties its plan needs (its own region
    first) build it for the operator, and accept them, so the megaproject's pipeline and the
    runs count committed trainees. The demo enterprise keeps its trainees to accept."""
    feeds = set().union(*(line.feeds for line in build_pipeline(megaproject, intake_year=0).lines))
    demo = User.objects.filter(username="enterprise").values_list("enterprise_id", flat=True)
    waiting = Placement.objects.filter(
        status=Placement.Status.PENDING,
        offer__kind=Offer.Kind.TARGETED,
        student__program__specialty_id__in=feeds,
    ).exclude(offer__enterprise_id__in=demo)
    counts = (
        waiting.values("offer__enterprise_id", "offer__enterprise__region_id")
        .annotate(n=Count("id"))
        .order_by("-n", "offer__enterprise_id")
    )
    ranked = sorted(
        counts, key=lambda c: c["offer__enterprise__region_id"] != megaproject.region_id
    )
    contractors = [c["offer__enterprise_id"] for c in ranked[:CONTRACTORS]]
    contractors = [e for e in contractors if e != megaproject.enterprise_id]
    MegaprojectContractor.objects.bulk_create(
        MegaprojectContractor(megaproject=megaproject, enterprise_id=e) for e in contractors
    )
    enterprises = [
        *contractors,
        *([megaproject.enterprise_id] if megaproject.enterprise_id else []),
    ]
    accepted = list(
        waiting.filter(offer__enterprise_id__in=enterprises).select_related("offer", "student")
    )
    Placement.objects.filter(pk__in=[p.pk for p in accepted]).update(
        status=Placement.Status.ACCEPTED, decided_at=timezone.now()
    )
    TrainingContract.objects.bulk_create(_contract(p, p.offer) for p in accepted if p.offer)


def _contract(placement: Placement, offer: Offer) -> TrainingContract:
    """A contract on the offer's terms, as placement_accept makes it."""
    salary_min = offer.salary_min or 250_000
    return TrainingContract(
        placement=placement,
        student=placement.student,
        enterprise_id=offer.enterprise_id,
        institution_id=placement.student.institution_id,
        position=offer.position or offer.title,
        salary_min=salary_min,
        salary_max=max(offer.salary_max or salary_min, salary_min),
        work_years=offer.work_years or 3,
        signed_on=SIGNED_ON,
    )


def _run(scenario: Scenario, planner: User) -> None:
    run = run_prepare(scenario=scenario, actor=planner)
    run_allocation(run_id=run.pk)


def _spaced(number: int) -> str:
    """153 000: thousands as Russian and Kazakh write them (a no-break space)."""
    return f"{number:,}".replace(",", "\u00a0")


def seed_planning(
    *,
    planner: User,
    password: str,
    total_seats: int,
    progress: Callable[[str], None] = lambda step: None,
) -> tuple[Megaproject, User | None]:
    """NPP-1, its template plan, the scenarios and their runs; returns the operator's login."""
    region = Region.objects.get(kato=NPP_REGION_KATO)
    operator = _operator(region)
    megaproject = megaproject_create(
        actor=planner,
        code="NPP-1",
        name="АЭС: два энергоблока с водо-водяными реакторами",
        name_kk="АЭС: екі су-су реакторлы энергоблок",
        name_en="Nuclear power plant: two pressurised-water units",
        region=region,
        enterprise=operator,
        description="Kazakhstan's first NPP (sources 000, 001).",
    )
    plan = plan_create_from_template(
        actor=planner,
        megaproject=megaproject,
        name="Шаблон АЭС-1 (значения по умолчанию)",
        name_kk="АЭС-1 үлгісі (әдепкі мәндер)",
        name_en="NPP-1 template (defaults)",
        parameters=npp_template.NppParameters(),
    )
    _contract_trainees(megaproject)
    base = scenario_create(
        actor=planner,
        name=f"Госзаказ {BASE_YEAR}: {_spaced(total_seats)} мест",
        name_kk=f"{BASE_YEAR} жылғы мемлекеттік тапсырыс: {_spaced(total_seats)} орын",
        name_en=f"State order {BASE_YEAR}: {total_seats:,} seats",
        base_year=BASE_YEAR,
        plans=[plan],
        total_seats=total_seats,
    )
    more_seats = round(total_seats * 163 / 153)  # this year's 10,000 more, at scale
    added = more_seats - total_seats
    more = scenario_copy(
        actor=planner,
        scenario=base,
        name=f"{_spaced(more_seats)} мест (+{_spaced(added)})",
        name_kk=f"{_spaced(more_seats)} орын (+{_spaced(added)})",
        name_en=f"{more_seats:,} seats (+{added:,})",
    )
    more = scenario_update(
        actor=planner,
        scenario=more,
        total_seats=more_seats,
        budget=round(base.budget * more_seats / total_seats),
    )
    progress("planning runs")
    for scenario in (base, more):
        _run(scenario, planner)
    login = None
    if operator is not None:
        login = user_create(
            username="megaproject", password=password, role=Role.ENTERPRISE_HR, enterprise=operator
        )
    return megaproject, login
