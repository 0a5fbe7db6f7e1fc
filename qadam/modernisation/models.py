"""The colleges' modernisation: a project per college with its workshops and laboratories,
equipment lines (what, how many, what it costs, who pays), milestones, and the PPP
investments of enterprises in a college's or university's material base. Data and
constraints only (the rules: rules.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.agreements.models import Agreement, Delivery, Obligation
from qadam.common.constraints import bound_constraints
from qadam.common.models import TimeStampedModel
from qadam.modernisation.choices import (
    FacilityKind,
    FundingSource,
    InvestmentStatus,
    ProjectStatus,
)
from qadam.modernisation.rules import INVESTMENT_BOUNDS, LINE_BOUNDS
from qadam.registry.models import Enterprise, Institution


class Project(TimeStampedModel):
    """A college's modernisation project (one per college)."""

    college = models.OneToOneField(
        Institution,
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="modernisation",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("modernisation project")
        verbose_name_plural = _("modernisation projects")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="modernisation_project_ends_after_start",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.college)


class Facility(models.Model):
    """A workshop or laboratory the project equips; its name in kk/ru/en (ADR 0010)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="facilities"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("workshop or laboratory")
        verbose_name_plural = _("workshops and laboratories")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.name


class Investment(TimeStampedModel):
    """A public-private partnership investment in an institution's material base."""

    investor = models.ForeignKey(
        Enterprise,
        verbose_name=_("investor"),
        on_delete=models.PROTECT,
        related_name="ppp_investments",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="ppp_investments",
    )
    # the public-private investment agreement it is made under, when there is one
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ppp_investments",
    )
    amount = models.DecimalField(_("amount, tenge"), max_digits=16, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvestmentStatus.choices,
        default=InvestmentStatus.PLEDGED,
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("PPP investment")
        verbose_name_plural = _("PPP investments")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["-year", "-id"], name="investment_list_idx"),
        ]
        constraints = [*bound_constraints("investment", INVESTMENT_BOUNDS)]

    def __str__(self) -> str:
        return f"{self.investor}: {self.purpose}"


class EquipmentLine(TimeStampedModel):
    """What a project buys: an item, how many, what it costs, and who pays for it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="lines"
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("workshop or laboratory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lines",
    )
    item = models.CharField(_("item"), max_length=200)
    item_kk = models.CharField(_("item (Kazakh)"), max_length=200, blank=True)
    item_en = models.CharField(_("item (English)"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.DecimalField(_("unit cost, tenge"), max_digits=16, decimal_places=2)
    cost = models.DecimalField(_("cost, tenge"), max_digits=16, decimal_places=2)
    source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices)
    # the patron or PPP investor that pays (sources patron and ppp)
    investor = models.ForeignKey(
        Enterprise,
        verbose_name=_("patron or investor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_lines",
    )
    # a patron's equipment obligation that funds it: its delivery counts for both
    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_lines",
    )
    investment = models.ForeignKey(
        Investment,
        verbose_name=_("PPP investment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="modernisation/%Y/%m/", blank=True
    )
    # the obligation's delivery recorded with it (lines an obligation funds)
    delivery = models.OneToOneField(
        Delivery,
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="equipment_line",
    )

    class Meta:
        verbose_name = _("equipment line")
        verbose_name_plural = _("equipment lines")
        ordering = ["project", "id"]
        indexes = [
            models.Index(fields=["investor", "id"], name="line_investor_idx"),
            models.Index(fields=["source", "delivered_on"], name="line_source_idx"),
        ]
        constraints = [
            *bound_constraints("equipment_line", LINE_BOUNDS),
            models.CheckConstraint(
                condition=models.Q(source__in=["patron", "ppp"], investor__isnull=False)
                | models.Q(investor__isnull=True) & ~models.Q(source__in=["patron", "ppp"]),
                name="equipment_line_investor_by_source",
                violation_error_message=_(
                    "A patron's or a PPP investor's line names who pays; other lines do not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} x {self.quantity}"


class Milestone(TimeStampedModel):
    """A step of the project with its due date; done when its evidence is in."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=255, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="modernisation/%Y/%m/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]
        indexes = [
            # the overdue list: open milestones by due date
            models.Index(fields=["done_on", "due_on"], name="milestone_open_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title
