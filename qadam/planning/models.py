"""Workforce planning: megaprojects' staffing plans, scenarios, and the allocation runs that
turn a scenario's gap into state-funded seats. Data and constraints only: the ranges of the
inputs are rules.py's, enforced here again by CHECK constraints."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qadam.common.constraints import bound_constraints
from qadam.common.localized import localized
from qadam.common.models import Job, TimeStampedModel
from qadam.placements.models import Offer
from qadam.planning.choices import Phase, PlanLevel
from qadam.planning.rules import ADJUSTMENT_BOUNDS, REQUIREMENT_BOUNDS, SCENARIO_BOUNDS
from qadam.registry.models import Enterprise, Occupation, Program, Region, Specialty


class Megaproject(TimeStampedModel):
    """A national project that recruits from every region, e.g. the first NPP."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    # the operator whose HR declares the staffing plans
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="megaprojects",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("megaproject")
        verbose_name_plural = _("megaprojects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {localized(self)}"


class MegaprojectContractor(TimeStampedModel):
    """An enterprise building or running a megaproject for its operator: trainees under its
    targeted contracts count toward the megaproject too."""

    megaproject = models.ForeignKey(
        Megaproject,
        verbose_name=_("megaproject"),
        on_delete=models.CASCADE,
        related_name="contractors",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("contractor"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("contractor of a megaproject")
        verbose_name_plural = _("contractors of megaprojects")
        ordering = ["megaproject", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["megaproject", "enterprise"], name="megaproject_contractor_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.megaproject_id}: {self.enterprise_id}"


class MegaprojectOffer(TimeStampedModel):
    """A targeted-training offer tied to a line of a megaproject's staffing plan (a specialty
    or an occupation, at a level): the trainees it contracts are committed supply to it.
    The line is named, not a row id, so it survives a new version of the plan."""

    offer = models.OneToOneField(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="megaproject_tie"
    )
    megaproject = models.ForeignKey(
        Megaproject,
        verbose_name=_("megaproject"),
        on_delete=models.CASCADE,
        related_name="tied_offers",
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), null=True, blank=True, on_delete=models.PROTECT
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.CharField(_("qualification level"), max_length=24, choices=PlanLevel.choices)

    class Meta:
        verbose_name = _("offer toward a megaproject")
        verbose_name_plural = _("offers toward megaprojects")
        ordering = ["megaproject", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(specialty__isnull=False) | models.Q(occupation__isnull=False),
                name="megaproject_offer_names_a_line",
                violation_error_message=_("Name a specialty or an occupation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} -> {self.megaproject_id}"


class StaffingPlan(TimeStampedModel):
    """Headcount a megaproject needs by specialty or occupation, level, phase and year."""

    class Source(models.TextChoices):
        TEMPLATE = "template", _("NPP template")
        IMPORT = "import", _("spreadsheet import")

    megaproject = models.ForeignKey(
        Megaproject,
        verbose_name=_("megaproject"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    name = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # the template's parameters, so a plan can be explained and rebuilt
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")
        ordering = ["-id"]

    def __str__(self) -> str:
        return localized(self)


class StaffingRequirement(models.Model):
    """People needed in one year; by a TVET specialty, or by an ISCO-08 occupation."""

    plan = models.ForeignKey(
        StaffingPlan,
        verbose_name=_("staffing plan"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), null=True, blank=True, on_delete=models.PROTECT
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.CharField(_("qualification level"), max_length=24, choices=PlanLevel.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    year = models.PositiveSmallIntegerField(pgettext_lazy("calendar year", "year"))
    headcount = models.PositiveIntegerField(_("headcount"))

    class Meta:
        verbose_name = _("staffing requirement")
        verbose_name_plural = _("staffing requirements")
        ordering = ["year", "phase", "id"]
        indexes = [models.Index(fields=["plan", "year"], name="requirement_plan_year_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(specialty__isnull=False) | models.Q(occupation__isnull=False),
                name="requirement_names_specialty_or_occupation",
                violation_error_message=_("Name a specialty or an occupation."),
            ),
            *bound_constraints("requirement", REQUIREMENT_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.phase} {self.level}: {self.headcount}"


class Scenario(TimeStampedModel):
    """Everything a projection and an allocation depend on; runs snapshot it."""

    name = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # the academic year that ends in base_year is the pipeline's starting point; the seats
    # funded now are admitted in its autumn
    base_year = models.PositiveSmallIntegerField(_("intake year"))
    horizon_years = models.PositiveSmallIntegerField(_("years projected"), default=14)
    plans = models.ManyToManyField(
        StaffingPlan, verbose_name=_("staffing plans"), blank=True, related_name="scenarios"
    )
    # seats and money
    total_seats = models.PositiveIntegerField(_("state-funded seats to allocate"))
    seat_cost_per_year = models.PositiveIntegerField(_("cost of a seat per year, tenge"))
    budget = models.BigIntegerField(_("budget for the whole programs, tenge"))
    min_technical_share = models.FloatField(_("least technical share"))
    region_floor_share = models.FloatField(_("least share of last year's seats each region keeps"))
    capacity_growth = models.FloatField(_("growth of a program's first-year capacity"))
    # the pipeline
    progression_rate = models.FloatField(_("yearly progression rate"))
    dropout_rate = models.FloatField(_("yearly drop-out rate"))
    labour_market_share = models.FloatField(_("graduates entering the labour market"))
    retention = models.FloatField(_("entrants staying in their region"))
    mobility = models.FloatField(_("graduates of other regions a megaproject can recruit"))
    returning_graduates = models.PositiveIntegerField(
        _("engineers returning from study abroad per year")
    )
    # regional demand
    employment_thousands = models.PositiveIntegerField(_("employed population, thousands"))
    tvet_job_share = models.FloatField(_("jobs needing a TVET qualification"))
    replacement_rate = models.FloatField(_("yearly retirement replacement"))
    growth_rate = models.FloatField(_("yearly employment growth"))
    # what filling demand is worth
    job_value = models.FloatField(_("value of a filled job, million tenge"))
    megaproject_priority = models.FloatField(_("megaproject priority"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # bumped by every change to the scenario, its plans or its demand edits: a run shows
    # whether it still reflects the inputs
    inputs_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("planning scenario")
        verbose_name_plural = _("planning scenarios")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progression_rate__gte=0.0)
                & models.Q(dropout_rate__gte=0.0)
                & models.Q(progression_rate__lte=1.0 - models.F("dropout_rate")),
                name="scenario_rates_within_one",
                violation_error_message=_(
                    "The progression and dropout rates are each from 0 to 1 and together at most 1."
                ),
            ),
            *bound_constraints("scenario", SCENARIO_BOUNDS),
        ]

    def __str__(self) -> str:
        return localized(self)


class DemandAdjustment(models.Model):
    """A planner's edit of the regional demand a scenario derives from the registry."""

    scenario = models.ForeignKey(
        Scenario,
        verbose_name=_("scenario"),
        on_delete=models.CASCADE,
        related_name="demand_adjustments",
    )
    specialty = models.ForeignKey(Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT)
    # None: every region
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    factor = models.FloatField(_("factor"))
    note = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("demand adjustment")
        verbose_name_plural = _("demand adjustments")
        ordering = ["specialty__code", "region__kato"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "specialty", "region"], name="adjustment_once_per_cell"
            ),
            *bound_constraints("adjustment", ADJUSTMENT_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.specialty_id} x{self.factor:g}"


class AllocationRun(TimeStampedModel):
    """One projection, gap and seat allocation of a scenario, with its inputs snapshot."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    inputs_version = models.PositiveIntegerField(default=0)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    job = models.ForeignKey(
        Job, verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.scenario} #{self.pk}"


class SeatAllocation(models.Model):
    """A program's new state-funded seats in one run, and where their graduates go."""

    run = models.ForeignKey(
        AllocationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="seats"
    )
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT)
    seats = models.PositiveIntegerField(_("seats"))
    # seats = gap_seats + secondary_seats: the ones that close the projected gap, then the
    # rest of the state order by the scenario's secondary rule (the state order is a mandate)
    gap_seats = models.PositiveIntegerField(_("seats closing the gap"), default=0)
    secondary_seats = models.PositiveIntegerField(_("seats by the secondary rule"), default=0)
    last_year_seats = models.PositiveIntegerField(_("last year's seats"))
    proportional_seats = models.PositiveIntegerField(_("seats by last year's shares"))
    capacity = models.PositiveIntegerField(_("most new seats"))
    graduate_yield = models.FloatField(_("labour-market entrants per seat"))
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    to_region = models.FloatField(_("graduates for the region's demand"))
    to_megaprojects = models.FloatField(_("graduates for megaprojects"))
    # the demand cells its graduates fill: [{"cell": index into the run's cells, "people": x}]
    fills = models.JSONField(_("demand filled"), default=list, blank=True)

    class Meta:
        verbose_name = _("seat allocation")
        verbose_name_plural = _("seat allocations")
        ordering = ["run", "program"]
        constraints = [
            models.UniqueConstraint(fields=["run", "program"], name="seat_allocation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.seats}"
