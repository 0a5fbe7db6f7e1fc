"""Enumerations of the colleges' modernisation, with labels translated in every language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    REPUBLICAN = "republican", _("republican budget")
    LOCAL = "local", _("local budget")
    PATRON = "patron", _("patron")
    PPP = "ppp", _("PPP investor")
    OWN = "own", _("college's own funds")


# sources that name the enterprise paying (a patron or a PPP investor)
FUNDED_BY_ENTERPRISE = frozenset({FundingSource.PATRON, FundingSource.PPP})


class FacilityKind(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    LABORATORY = "laboratory", _("laboratory")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    UNDER_WAY = "under_way", _("under way")
    COMPLETED = "completed", _("completed")


class InvestmentStatus(models.TextChoices):
    PLEDGED = "pledged", _("pledged")
    CONTRACTED = "contracted", _("contracted")
    INVESTED = "invested", _("invested")
    CANCELLED = "cancelled", _("cancelled")
