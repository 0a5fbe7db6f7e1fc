"""Enumerations of partnerships, with labels translated in every language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    DOUBLE_DIPLOMA = "double_diploma", _("double-diploma program")
    JOINT_RESEARCH = "joint_research", _("joint research project")
    JOINT_EDUCATION = "joint_education", _("joint educational program")
    BRANCH = "branch", _("university branch")
    PATRONAGE = "patronage", _("patronage")
    MEMORANDUM = "memorandum", _("memorandum of cooperation")
    DUAL_TRAINING = "dual_training", _("dual-training agreement")
    TARGETED_TRAINING = "targeted_training", _("targeted-training agreement")
    INVESTMENT = "investment", _("public-private investment")
    INTERNATIONAL = "international", _("international partnership")
    MOBILITY = "mobility", _("academic mobility")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


# the lifecycle a service enforces: status -> the statuses it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    AgreementStatus.DRAFT: (AgreementStatus.SIGNED, AgreementStatus.TERMINATED),
    AgreementStatus.SIGNED: (
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
        AgreementStatus.TERMINATED,
    ),
    AgreementStatus.ACTIVE: (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED),
    AgreementStatus.EXPIRED: (),
    AgreementStatus.TERMINATED: (),
}


class PartyKind(models.TextChoices):
    INSTITUTION = "institution", _("educational institution")
    ENTERPRISE = "enterprise", _("enterprise")
    FOREIGN_INSTITUTION = "foreign_institution", _("foreign institution")
    MINISTRY = "ministry", _("ministry or state body")


class PartyRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    PARTNER = "partner", _("partner")
    PATRON = "patron", _("patron")
    BENEFICIARY = "beneficiary", _("beneficiary")
    SENDING = "sending", _("sending institution")
    HOST = "host", _("host institution")
    FUNDER = "funder", _("funder")


class ObligationKind(models.TextChoices):
    INTERNSHIP_PLACES = "internship_places", _("internship places")
    MENTORS = "mentors", _("mentors")
    EQUIPMENT = "equipment", _("equipment")
    FUNDING = "funding", _("funding")
    SEATS = "seats", _("state-funded or targeted seats")
    JOBS = "jobs", _("guaranteed jobs")


# what an obligation's target counts
OBLIGATION_UNITS = {
    ObligationKind.INTERNSHIP_PLACES: _("places"),
    ObligationKind.MENTORS: _("mentors"),
    ObligationKind.EQUIPMENT: _("tenge"),
    ObligationKind.FUNDING: _("tenge"),
    ObligationKind.SEATS: _("seats"),
    ObligationKind.JOBS: _("jobs"),
}


class PersonKind(models.TextChoices):
    STUDENT = "student", _("student")
    EDUCATOR = "educator", _("educator")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("outgoing (from Kazakhstan)")
    INCOMING = "incoming", _("incoming (to Kazakhstan)")


class MobilityFunding(models.TextChoices):
    STATE_SCHOLARSHIP = "state_scholarship", _("Kazakhstan state scholarship")
    HOST_SCHOLARSHIP = "host_scholarship", _("host country scholarship or quota")
    ENTERPRISE = "enterprise", _("enterprise")
    PROGRAM = "program", _("exchange program")
    SELF = "self", _("self-funded")


class MobilityStatus(models.TextChoices):
    """A record's status, computed from its dates (selectors_mobility.status_conditions)."""

    PLANNED = "planned", _("planned")
    ABROAD = "abroad", _("abroad now")
    COMPLETED = "completed", _("period over, return not recorded")
    RETURNED = "returned", _("returned")
