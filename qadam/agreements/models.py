"""Partnerships: agreements with their parties, documents and obligations, deliveries
against those obligations, and academic mobility. Data and constraints only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    Direction,
    MobilityFunding,
    ObligationKind,
    PartyKind,
    PartyRole,
    PersonKind,
)
from qadam.agreements.rules import COUNT, DELIVERY_BOUNDS, MONEY_KINDS, OBLIGATION_BOUNDS
from qadam.common.constraints import bound_constraints
from qadam.common.models import TimeStampedModel
from qadam.registry.models import Educator, Enterprise, Institution, Student


class Agreement(TimeStampedModel):
    """One signed (or draft) agreement; its number is the natural key imports upsert on."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    termination_reason = models.CharField(_("reason for termination"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "status"], name="agreement_kind_status_idx"),
            models.Index(fields=["status", "ends_on"], name="agreement_status_ends_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Party(models.Model):
    """A side of an agreement: a registry institution or enterprise, or a named body."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    # a ministry or a foreign body without a registry record
    name = models.CharField(_("name"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, default="KZ")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institution__isnull=False)
                | models.Q(enterprise__isnull=False)
                | ~models.Q(name=""),
                name="party_is_named",
                violation_error_message=_(
                    "A party is an institution, an enterprise or an organisation with a name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.institution or self.enterprise or self.name)


class Document(models.Model):
    """A signed copy or annex (PDF) of an agreement."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="agreements/%Y/%m/")
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Obligation(TimeStampedModel):
    """What a party promised under an agreement: a target by a due date."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ObligationKind.choices)
    # the party that promised; None: the agreement's parties jointly
    party = models.ForeignKey(
        Party,
        verbose_name=_("promised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
    )
    # the college or university that benefits
    beneficiary = models.ForeignKey(
        Institution,
        verbose_name=_("beneficiary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations_received",
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    items = models.TextField(_("items"), blank=True)  # equipment: what is promised
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    due_on = models.DateField(_("due on"))
    # the sum of its deliveries, kept by the services so progress needs no aggregate
    delivered = models.DecimalField(_("delivered"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["due_on"], name="obligation_due_idx"),
            models.Index(fields=["beneficiary", "kind"], name="obligation_beneficiary_idx"),
        ]
        # the rules' ranges (rules/obligations.py), so the database refuses what they refuse
        constraints = [
            *bound_constraints("obligation", OBLIGATION_BOUNDS),
            models.CheckConstraint(
                condition=models.Q(kind__in=sorted(MONEY_KINDS))
                | models.Q(target__gte=COUNT.low, target__lte=COUNT.high),
                name="obligation_counted_target_range",
                violation_error_message=_("A counted obligation's target is out of its range."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number}: {self.kind} {self.delivered}/{self.target}"


class Delivery(models.Model):
    """Something delivered against an obligation: how much, when, and the evidence."""

    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=2)
    delivered_on = models.DateField(_("delivered on"))
    description = models.CharField(_("what was delivered"), max_length=255)
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="deliveries/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["delivered_on", "id"]
        constraints = [*bound_constraints("delivery", DELIVERY_BOUNDS)]

    def __str__(self) -> str:
        return f"{self.delivered_on}: {self.quantity}"


class Mobility(TimeStampedModel):
    """A student's or educator's study or work period abroad (or in Kazakhstan from abroad)."""

    person_kind = models.CharField(_("person"), max_length=10, choices=PersonKind.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    full_name = models.CharField(_("full name"), max_length=255)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    student = models.ForeignKey(
        Student, verbose_name=_("student"), null=True, blank=True, on_delete=models.SET_NULL
    )
    educator = models.ForeignKey(
        Educator, verbose_name=_("educator"), null=True, blank=True, on_delete=models.SET_NULL
    )
    home_institution = models.ForeignKey(
        Institution,
        verbose_name=_("home institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobility_sent",
    )
    host_institution = models.ForeignKey(
        Institution,
        verbose_name=_("host institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobility_hosted",
    )
    home_country = models.CharField(_("home country"), max_length=2, default="KZ")
    host_country = models.CharField(_("host country"), max_length=2)
    program = models.CharField(_("program"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=20, choices=MobilityFunding.choices)
    scholarship = models.BooleanField(_("on a scholarship"), default=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mobility",
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic mobility")
        verbose_name_plural = _("academic mobility")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["direction", "host_country"], name="mobility_direction_idx"),
            models.Index(fields=["home_institution"], name="mobility_home_idx"),
            models.Index(fields=["host_institution"], name="mobility_host_idx"),
            # the list's order: its first page without sorting 55,000 records
            models.Index(fields=["-starts_on", "-id"], name="mobility_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="mobility_ends_after_start",
                violation_error_message=_("The stay cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.home_country} -> {self.host_country})"


class ReminderSent(models.Model):
    """One day's reminder e-mail to one user, so the daily command never sends it twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    day = models.DateField(_("day"))
    expiring = models.PositiveIntegerField(_("agreements expiring"))
    overdue = models.PositiveIntegerField(_("obligations overdue"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.user_id}"
