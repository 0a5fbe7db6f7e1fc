from django.db import models
from django.utils.translation import gettext_lazy as _


class UpskillingKind(models.TextChoices):
    COURSE = "course", _("course")
    INTERNSHIP = "internship", _("internship at an enterprise")


class CourseForm(models.TextChoices):
    """Where a course is taken."""

    ENTERPRISE = "enterprise", _("at an enterprise")
    ABROAD = "abroad", _("abroad")
    ONLINE = "online", _("online")
    CENTRE = "centre", _("at a centre of excellence")


class UpskillingStatus(models.TextChoices):
    """An educator's standing against the upskilling period (settings)."""

    CURRENT = "current", _("upskilled within the period")
    OVERDUE = "overdue", _("overdue")


class ShareGrouping(models.TextChoices):
    REGION = "region", _("region")
    INSTITUTION = "institution", _("college")
    SECTOR = "sector", _("sector (the college's profile)")
