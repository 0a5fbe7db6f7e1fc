"""Enumerations of workforce planning, with labels translated in every language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """A megaproject's phases, in the order they begin (IAEA NG-T-3.10)."""

    SITE_PREPARATION = "site_preparation", _("site preparation")
    CONSTRUCTION = "construction", _("construction")
    INSTALLATION = "installation", _("installation")
    COMMISSIONING = "commissioning", _("commissioning")
    OPERATION = "operation", _("operation")


class PlanLevel(models.TextChoices):
    """Qualification levels a staffing plan asks for; colleges train the first two."""

    WORKER = "worker", _("worker")
    MID_LEVEL = "mid_level_specialist", _("mid-level specialist")
    HIGHER = "higher", _("higher education")
