"""A student's appeal against a published result (ADR 0012)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.constraints import bound_constraints
from qadam.common.models import Job, TimeStampedModel
from qadam.placements import choices
from qadam.placements.models.certificates import RoundCertificate
from qadam.placements.models.rounds import Offer, PlacementRound
from qadam.placements.rules import (
    APPEAL_BOUNDS,
)
from qadam.registry.models import (
    Student,
)


class Appeal(TimeStampedModel):
    """A student's appeal against a published result, within the round's window; the
    coordinator upholds it (correcting the input and re-running the match as a job) or
    rejects it, with a reason."""

    Ground = choices.AppealGround
    Status = choices.AppealStatus

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="appeals"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="appeals"
    )
    ground = models.CharField(_("ground"), max_length=12, choices=Ground.choices)
    # the offer the appeal is about: one the student ranked (a wrong score) or one they
    # were kept from (a wrong eligibility decision), with the rank they would give it
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="appeals"
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    statement = models.TextField(_("statement"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    corrected_score = models.FloatField(_("corrected score"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    job = models.ForeignKey(
        Job,
        verbose_name=_("re-run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # written by the re-run: whose placement changed ([student, offer before, offer after])
    # and the certificate the correction was published with
    changes = models.JSONField(_("changed placements"), default=list, blank=True, editable=False)
    certificate = models.ForeignKey(
        RoundCertificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["round", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="upheld", ground="score", corrected_score__isnull=True),
                name="appeal_upheld_score_corrected",
                violation_error_message=_("An upheld appeal against a score sets the score."),
            ),
            *bound_constraints("appeal", APPEAL_BOUNDS),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.student_id}: {self.ground} ({self.status})"
