"""What students do in a round: their ranked applications, the placements the match
gives them, and the targeted-training contracts those become."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.constraints import bound_constraints
from qadam.common.models import TimeStampedModel
from qadam.placements import choices
from qadam.placements.models.rounds import Offer, PlacementRound
from qadam.placements.rules import (
    CONTRACT_BOUNDS,
    MAX_CHOICES,
)
from qadam.registry.models import (
    Enterprise,
    Institution,
    Student,
)


class Application(models.Model):
    """One offer a student ranks; rank 1 is their first choice."""

    # no single-column indexes: the composite ones below lead with each of these columns,
    # and two million rows a round make every redundant index slow to write
    round = models.ForeignKey(
        PlacementRound, on_delete=models.CASCADE, related_name="applications", db_index=False
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="applications",
        db_index=False,
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="applications",
        db_index=False,
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES)]
    )
    # set by an upheld appeal: the match uses it instead of the offer's rule
    score_corrected = models.FloatField(_("corrected score"), null=True, blank=True)
    # uploaded by the enterprise before the match
    test_score = models.FloatField(
        _("test score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    enterprise_rank = models.PositiveIntegerField(
        _("enterprise's ranking"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "student", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "rank"], name="application_one_offer_per_rank"
            ),
            models.UniqueConstraint(fields=["student", "offer"], name="application_offer_once"),
        ]
        indexes = [models.Index(fields=["offer", "student"], name="application_offer_idx")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.offer_id} (#{self.rank})"


class Placement(TimeStampedModel):
    """The match's outcome for one applicant of a round (placed or not)."""

    class Status(models.TextChoices):
        UNPLACED = "unplaced", _("not placed")
        PENDING = "pending", _("awaiting the enterprise")
        ACCEPTED = "accepted", _("accepted by the enterprise")
        DECLINED = "declined", _("declined by the enterprise")

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="placements"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="placements"
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="placements",
    )
    rank = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    lottery = models.PositiveIntegerField(_("lottery number"))
    # the student's score at each offer they ranked, in rank order: explains the outcome
    scores = models.JSONField(_("scores"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="placement_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(offer__isnull=True, status="unplaced")
                | models.Q(offer__isnull=False, status__in=["pending", "accepted", "declined"]),
                name="placement_status_matches_offer",
                violation_error_message=_(
                    "A placement names an offer unless the student is unplaced."
                ),
            ),
        ]
        indexes = [models.Index(fields=["offer", "status"], name="placement_offer_idx")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.offer_id or '—'}"


class TrainingContract(TimeStampedModel):
    """A targeted-training contract: training, then the guaranteed job for the committed years."""

    Status = choices.ContractStatus

    placement = models.OneToOneField(
        Placement, verbose_name=_("placement"), on_delete=models.PROTECT, related_name="contract"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="contracts"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="contracts"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    position = models.CharField(_("guaranteed position"), max_length=200)
    salary_min = models.PositiveIntegerField(_("salary from, KZT a month"))
    salary_max = models.PositiveIntegerField(_("salary to, KZT a month"))
    work_years = models.PositiveSmallIntegerField(_("years the graduate commits to work"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TRAINING
    )
    signed_on = models.DateField(_("signed on"))
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("training contract")
        verbose_name_plural = _("training contracts")
        ordering = ["-signed_on", "-id"]
        # the order of the dates (contract_errors in rules.py says it to the user)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_max__gte=models.F("salary_min")),
                name="contract_salary_band_ordered",
                violation_error_message=_("The top of the salary band is below its bottom."),
            ),
            models.CheckConstraint(
                condition=models.Q(employed_on__isnull=True)
                | models.Q(employed_on__gte=models.F("signed_on")),
                name="contract_employed_after_signing",
                violation_error_message=_("Employment cannot start before the contract is signed."),
            ),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("employed_on")),
                name="contract_completed_after_employment",
                violation_error_message=_(
                    "The contract cannot be completed before employment starts."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(terminated_on__isnull=True)
                | models.Q(terminated_on__gte=models.F("signed_on")),
                name="contract_terminated_after_signing",
                violation_error_message=_("The contract cannot be terminated before it is signed."),
            ),
            *bound_constraints("contract", CONTRACT_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} @ {self.enterprise_id}: {self.position}"
