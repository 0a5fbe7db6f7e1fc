"""The joint KZ–RU training programme: its participating institutions on both sides, the
regions of both countries it trains for with annual quotas per specialty, its cohorts and
their students, and the academic-mobility records that belong to it. Data and constraints
only; the rules are rules.py's."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qadam.agreements.models import Agreement, Mobility
from qadam.common.constraints import bound_constraints
from qadam.common.localized import localized
from qadam.common.models import TimeStampedModel
from qadam.joint.choices import MemberStatus, ParticipantRole, ProgrammeStatus, RussianRegion
from qadam.joint.rules import COHORT_BOUNDS, QUOTA_BOUNDS
from qadam.registry.models import Institution, Region, Specialty, Student

# a quota or a cohort trains for a region of Kazakhstan (the registry's) or of Russia
ONE_REGION = (Q(region__isnull=False) & Q(ru_region="")) | (
    Q(region__isnull=True) & ~Q(ru_region="")
)


class JointProgramme(TimeStampedModel):
    """A training programme run jointly by Kazakh and Russian institutions."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # the agreement that founded it (an intergovernmental or inter-university one)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_programmes",
    )

    class Meta:
        verbose_name = _("joint programme")
        verbose_name_plural = _("joint programmes")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="joint_programme_ends_after_start",
                violation_error_message=_("The programme cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {localized(self)}"


class Participant(models.Model):
    """An institution of either country taking part in a programme."""

    programme = models.ForeignKey(
        JointProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="joint_participations",
    )
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["programme", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "institution"],
                name="joint_participant_once",
                violation_error_message=_("This institution already takes part."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.institution)


class Quota(TimeStampedModel):
    """How many students a programme admits in a year for a region and a specialty."""

    programme = models.ForeignKey(
        JointProgramme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="quotas"
    )
    year = models.PositiveSmallIntegerField(_("intake year"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region of Kazakhstan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ru_region = models.CharField(
        _("region of Russia"), max_length=6, choices=RussianRegion.choices, blank=True
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["programme", "year", "id"]
        constraints = [
            *bound_constraints("joint_quota", QUOTA_BOUNDS),
            models.CheckConstraint(
                condition=ONE_REGION,
                name="joint_quota_one_region",
                violation_error_message=_(
                    "Give a region of Kazakhstan or a region of Russia, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "specialty", "region"],
                condition=Q(region__isnull=False),
                name="joint_quota_once_kz",
                violation_error_message=_("This region already has a quota for it that year."),
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "specialty", "ru_region"],
                condition=Q(region__isnull=True),
                name="joint_quota_once_ru",
                violation_error_message=_("This region already has a quota for it that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region or self.ru_region}: {self.seats}"


class Cohort(TimeStampedModel):
    """One year's intake of a programme at one institution, in one specialty, training for
    one region."""

    programme = models.ForeignKey(
        JointProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="cohorts",
    )
    intake_year = models.PositiveSmallIntegerField(_("intake year"))
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="joint_cohorts",
    )
    # the institution across the border that hosts its exchanges, if any
    partner = models.ForeignKey(
        Institution,
        verbose_name=_("partner institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_cohorts_hosted",
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region of Kazakhstan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ru_region = models.CharField(
        _("region of Russia"), max_length=6, choices=RussianRegion.choices, blank=True
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-intake_year", "id"]
        indexes = [
            models.Index(fields=["programme", "intake_year"], name="joint_cohort_programme_idx"),
        ]
        constraints = [
            *bound_constraints("joint_cohort", COHORT_BOUNDS),
            models.CheckConstraint(
                condition=ONE_REGION,
                name="joint_cohort_one_region",
                violation_error_message=_(
                    "Give a region of Kazakhstan or a region of Russia, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_year} {self.specialty.code} {self.institution}"


class CohortMember(TimeStampedModel):
    """A registry student in a cohort (on the learner's record)."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="members"
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="joint_cohorts",
    )
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.STUDYING
    )

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        ordering = ["cohort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "student"],
                name="joint_member_once",
                violation_error_message=_("This student is already in the cohort."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id}: {self.student_id}"


class ProgrammeMobility(models.Model):
    """An academic-mobility record (an exchange) that belongs to a programme; a record
    belongs to one programme at most."""

    programme = models.ForeignKey(
        JointProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="mobility_links",
    )
    mobility = models.OneToOneField(
        Mobility,
        verbose_name=_("academic mobility"),
        on_delete=models.CASCADE,
        related_name="joint_programme_link",
    )

    class Meta:
        verbose_name = _("programme exchange")
        verbose_name_plural = _("programme exchanges")
        ordering = ["programme", "id"]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.mobility_id}"
