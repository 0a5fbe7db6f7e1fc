"""The national picture: published targets (edited by the ministry, audited), the figures
computed from the data (kept so the page and the API answer at once) and yearly snapshots
(the trend over academic years). Data and constraints only."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.models import TimeStampedModel


class KpiTarget(TimeStampedModel):
    """One published target: its value and where and when it was published."""

    key = models.CharField(_("indicator"), max_length=40, unique=True)
    value = models.FloatField(_("target"))
    # in Russian; Kazakh and English beside it (common/localized.py, ADR 0010)
    source = models.CharField(_("source (Russian)"), max_length=500)
    source_kk = models.CharField(_("source (Kazakh)"), max_length=500, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=500, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_date = models.DateField(_("published on"))
    # optional targets per region: {ISO 3166-2 code: value}; none are published today
    regional_targets = models.JSONField(_("targets by region"), default=dict, blank=True)

    class Meta:
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="kpi_target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.key


class KpiFigures(models.Model):
    """The actuals as last computed from the data, with the fingerprint of the data they were
    computed from (figures.py refreshes them when it changes)."""

    computed_at = models.DateTimeField(_("computed at"))
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    fingerprint = models.CharField(max_length=500)
    # {key: {"actual": number | None, "by_region": {iso: number},
    #        "by_college": {institution id: number}}}
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("computed national figures")
        verbose_name_plural = _("computed national figures")
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"


class KpiSnapshot(models.Model):
    """One indicator's figures for one academic year, as taken at that year's snapshot."""

    key = models.CharField(_("indicator"), max_length=40)
    # the year the academic year starts in: 2025 is 2025/26
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    actual = models.FloatField(_("actual"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    by_region = models.JSONField(_("by region"), default=dict, blank=True)
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("yearly snapshot")
        verbose_name_plural = _("yearly snapshots")
        ordering = ["key", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "academic_year"], name="kpi_snapshot_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.academic_year}"
