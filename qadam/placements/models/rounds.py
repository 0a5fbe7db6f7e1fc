"""A round, its offers and the quotas a ministry sets on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.constraints import bound_constraints
from qadam.common.localized import localized
from qadam.common.models import Job, TimeStampedModel
from qadam.placements import choices
from qadam.placements.rules import (
    APPEAL_DAYS,
    MAX_CHOICES,
    OFFER_BOUNDS,
    QUOTA_BOUNDS,
    ROUND_BOUNDS,
)
from qadam.registry.models import (
    Enterprise,
    Institution,
    Occupation,
    Region,
    Specialty,
)


class PlacementRound(TimeStampedModel):
    """One term's round: draft -> open -> closed -> matched -> published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for applications")
        CLOSED = "closed", _("closed")
        MATCHED = "matched", _("matched")
        PUBLISHED = "published", _("published")

    name = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    term = models.CharField(_("term"), max_length=60)
    # None: a national round run by the ministry; else a round of one institution's students
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placement_rounds",
    )
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # fixes the tie-breaking lottery: the same inputs and seed give the same placements
    lottery_seed = models.PositiveIntegerField(_("lottery seed"))
    max_choices = models.PositiveSmallIntegerField(
        _("offers a student may rank"), default=MAX_CHOICES
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal after publication"), default=APPEAL_DAYS
    )
    # bumped by every change to applications or assessments: a match run refuses to
    # write results computed from inputs that changed under it
    inputs_version = models.PositiveIntegerField(default=0, editable=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    job = models.ForeignKey(
        Job,
        verbose_name=_("last run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("placement round")
        verbose_name_plural = _("placement rounds")
        ordering = ["-id"]
        constraints = [*bound_constraints("placement_round", ROUND_BOUNDS)]

    def __str__(self) -> str:
        return f"{localized(self)} ({self.term})"


class Offer(TimeStampedModel):
    """Seats an enterprise offers in one round, and how it ranks its applicants."""

    Kind = choices.OfferKind
    ScoringRule = choices.ScoringRule

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="offers"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("title (Russian)"), max_length=200)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DUAL)
    specialties = models.ManyToManyField(
        Specialty, verbose_name=_("specialties accepted"), related_name="offers"
    )
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation (ISCO-08)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    address = models.CharField(_("address"), max_length=255)
    seats = models.PositiveIntegerField(_("seats"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    mentors = models.TextField(_("mentors"), blank=True, help_text=_("One name per line."))
    scoring_rule = models.CharField(
        _("scoring rule"), max_length=10, choices=ScoringRule.choices, default=ScoringRule.GRADES
    )
    # percentages of the weighted rule; they add up to 100
    weight_grades = models.PositiveSmallIntegerField(_("weight of grades, %"), default=0)
    weight_fit = models.PositiveSmallIntegerField(_("weight of specialty fit, %"), default=0)
    weight_distance = models.PositiveSmallIntegerField(_("weight of distance, %"), default=0)
    weight_test = models.PositiveSmallIntegerField(_("weight of the test, %"), default=0)
    # targeted training: the job the graduate is guaranteed, and for how long they commit
    position = models.CharField(_("guaranteed position"), max_length=200, blank=True)
    salary_min = models.PositiveIntegerField(_("salary from, KZT a month"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to, KZT a month"), null=True, blank=True)
    work_years = models.PositiveSmallIntegerField(
        _("years the graduate commits to work"), null=True, blank=True
    )
    # the previous round's offer this one carries the remaining seats of
    source_offer = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # written by the match: seats taken, and the lowest admitted score when all are taken
    filled = models.PositiveIntegerField(_("seats filled"), default=0, editable=False)
    cutoff = models.FloatField(_("lowest admitted score"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="offer_ends_after_start",
                violation_error_message=_("The training must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_max__gte=models.F("salary_min")),
                name="offer_salary_band_ordered",
                violation_error_message=_("The top of the salary band is below its bottom."),
            ),
            *bound_constraints("offer", OFFER_BOUNDS),
        ]
        indexes = [models.Index(fields=["enterprise", "round"], name="offer_enterprise_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {localized(self, 'title')}"

    @property
    def weights(self) -> tuple[int, int, int, int]:
        return (self.weight_grades, self.weight_fit, self.weight_distance, self.weight_test)


# what an enterprise fills in when it publishes an offer (forms and services share it)
OFFER_EDITABLE_FIELDS = (
    "title",
    "title_kk",
    "title_en",
    "kind",
    "specialties",
    "occupation",
    "region",
    "address",
    "seats",
    "starts_on",
    "ends_on",
    "mentors",
    "scoring_rule",
    "weight_grades",
    "weight_fit",
    "weight_distance",
    "weight_test",
    "position",
    "salary_min",
    "salary_max",
    "work_years",
)


class Quota(TimeStampedModel):
    """A ministry's minimum and/or maximum of one class of applicants across a group of a
    round's offers (those in one region, or all). The match splits it among the group's
    offers by their seats and keeps it as ADR 0013 says."""

    Applicants = choices.QuotaApplicants

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="quotas"
    )
    # None: every offer of the round
    offer_region = models.ForeignKey(
        Region,
        verbose_name=_("offers in region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicants = models.CharField(_("applicants"), max_length=12, choices=Applicants.choices)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("applicants' home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_seats = models.PositiveIntegerField(_("at least"), null=True, blank=True)
    max_seats = models.PositiveIntegerField(_("at most"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_seats__isnull=False) | models.Q(max_seats__isnull=False),
                name="quota_has_a_bound",
                violation_error_message=_("Set a minimum, a maximum or both."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_seats__isnull=True)
                | models.Q(max_seats__isnull=True)
                | models.Q(max_seats__gte=models.F("min_seats")),
                name="quota_bounds_ordered",
                violation_error_message=_("The maximum is below the minimum."),
            ),
            models.CheckConstraint(
                condition=models.Q(applicants="home_region", home_region__isnull=False)
                | (~models.Q(applicants="home_region") & models.Q(home_region__isnull=True)),
                name="quota_home_region_for_region_applicants",
                violation_error_message=_(
                    "A quota for applicants from a region names that region, and only it does."
                ),
            ),
            *bound_constraints("quota", QUOTA_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_applicants_display()}"
