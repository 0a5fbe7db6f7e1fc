"""Enumerations of placement rounds that the rules read as well as the models (rules.py
cannot import models.py: the models build their CHECK constraints from the rules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    DUAL = "dual", _("dual training")
    INTERNSHIP = "internship", _("internship")
    TARGETED = "targeted", _("targeted training with guaranteed employment")


class ScoringRule(models.TextChoices):
    GRADES = "grades", _("grade average")
    WEIGHTED = "weighted", _("weighted: grades, specialty fit, distance, test")
    RANKING = "ranking", _("the enterprise's own ranking")


class ContractStatus(models.TextChoices):
    TRAINING = "training", _("in training")
    EMPLOYED = "employed", _("employed")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")


class AppealGround(models.TextChoices):
    SCORE = "score", _("a wrong score")
    ELIGIBILITY = "eligibility", _("a wrong eligibility decision")


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UPHELD = "upheld", _("upheld")
    REJECTED = "rejected", _("rejected")


class QuotaApplicants(models.TextChoices):
    """The classes of applicants a ministry may set a quota for (ADR 0013)."""

    HOME_REGION = "home_region", _("applicants from a region")
    RURAL = "rural", _("applicants from rural districts")
    DISABILITY = "disability", _("applicants with a disability")
