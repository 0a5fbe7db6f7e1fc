"""Educators' upskilling: courses and internships at enterprises, each with its certificate.
The educator's own record (category, subjects, education, ...) is the registry's Educator."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.agreements.models import Obligation
from qadam.common.constraints import bound_constraints
from qadam.common.models import TimeStampedModel
from qadam.educators.choices import CourseForm, UpskillingKind
from qadam.educators.rules import UPSKILLING_BOUNDS
from qadam.registry.models import Educator, Enterprise


class Upskilling(TimeStampedModel):
    """One completed course or internship of an educator, with its evidence."""

    educator = models.ForeignKey(
        Educator,
        verbose_name=_("educator"),
        on_delete=models.CASCADE,
        related_name="upskillings",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UpskillingKind.choices)
    title = models.CharField(_("title"), max_length=255)
    provider = models.CharField(_("provider"), max_length=255)
    # a course's form; an internship is at an enterprise by its kind
    form = models.CharField(_("form"), max_length=12, choices=CourseForm.choices, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="educator_upskillings",
    )
    # the patron's obligation that provides the internship (agreements), where there is one
    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("patron's obligation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="educator_upskillings",
    )
    hours = models.PositiveIntegerField(_("hours"))
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    certificate_file = models.FileField(_("certificate"), upload_to="upskilling/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("upskilling")
        verbose_name_plural = _("upskilling")
        ordering = ["-completed_on", "-id"]
        indexes = [
            # an educator's latest upskilling (the lists, the shares, the reminders)
            models.Index(fields=["educator", "completed_on"], name="upskilling_educator_idx"),
        ]
        constraints = [
            *bound_constraints("upskilling", UPSKILLING_BOUNDS),
            models.CheckConstraint(
                condition=models.Q(completed_on__gte=models.F("started_on")),
                name="upskilling_completed_after_start",
                violation_error_message=_("An upskilling cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=UpskillingKind.COURSE) | ~models.Q(form=""),
                name="upskilling_course_has_form",
                violation_error_message=_("A course needs its form."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=UpskillingKind.INTERNSHIP)
                | models.Q(enterprise__isnull=False),
                name="upskilling_internship_has_enterprise",
                violation_error_message=_("An internship needs its enterprise."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.completed_on})"
