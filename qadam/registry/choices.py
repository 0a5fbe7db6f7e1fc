"""Enumerations of the registry, with labels translated in every language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class QualificationLevel(models.TextChoices):
    WORKER = "worker", _("worker")
    MID_LEVEL = "mid_level_specialist", _("mid-level specialist")
    APPLIED_BACHELOR = "applied_bachelor", _("applied bachelor")
    HIGHER = "higher", _("higher education")


class Sector(models.TextChoices):
    ENERGY = "energy", _("energy")
    NUCLEAR = "nuclear", _("nuclear")
    CONSTRUCTION = "construction", _("construction")
    MINING = "mining", _("mining")
    METALLURGY = "metallurgy", _("metallurgy")
    OIL_GAS = "oil_gas", _("oil and gas")
    CHEMISTRY = "chemistry", _("chemistry")
    TRANSPORT = "transport", _("transport")
    MECHANICAL = "mechanical", _("mechanical engineering")
    IT = "it", _("information technology")
    AGRICULTURE = "agriculture", _("agriculture")
    SERVICES = "services", _("services")
    HEALTH = "health", _("health")
    EDUCATION = "education", _("education")


class InstitutionKind(models.TextChoices):
    SCHOOL = "school", _("school")
    COLLEGE = "college", _("college")
    UNIVERSITY = "university", _("university")
    FOREIGN_BRANCH = "foreign_branch", _("branch of a foreign university")
    FOREIGN_PARTNER = "foreign_partner", _("foreign partner institution")


class CollegeProfile(models.TextChoices):
    """What a college trains for: it decides which sectors its programs come from."""

    POLYTECHNIC = "polytechnic", _("polytechnic")
    ENERGY = "energy", _("energy")
    OIL_GAS = "oil_gas", _("oil and gas")
    MINING_METALLURGY = "mining_metallurgy", _("mining and metallurgy")
    CONSTRUCTION = "construction", _("construction")
    TRANSPORT = "transport", _("transport")
    IT = "it", _("information technology")
    AGRICULTURE = "agriculture", _("agriculture")
    MEDICAL = "medical", _("medical")
    PEDAGOGICAL = "pedagogical", _("pedagogical")
    SERVICES_ARTS = "services_arts", _("services and arts")


class Ownership(models.TextChoices):
    STATE = "state", _("state")
    PRIVATE = "private", _("private")
    FOREIGN = "foreign", _("foreign")


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("micro")
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")
    LARGE = "large", _("large")


class StudyForm(models.TextChoices):
    DUAL = "dual", _("dual")
    CLASSIC = "classic", _("classic")


class Funding(models.TextChoices):
    STATE_ORDER = "state_order", _("state order")
    PAID = "paid", _("paid")
    TARGETED = "targeted", _("targeted training")
    SCHOLARSHIP = "scholarship", _("scholarship")


class StudentStatus(models.TextChoices):
    ACTIVE = "active", _("studying")
    ACADEMIC_LEAVE = "academic_leave", _("academic leave")
    GRADUATED = "graduated", _("graduated")
    # a graduate working under their targeted-training contract (set by the contract)
    EMPLOYED = "employed", _("graduate in employment")
    EXPELLED = "expelled", _("expelled")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class StudentGrouping(models.TextChoices):
    """How the counts of students are grouped (the counts page, its API and export)."""

    REGION = "region", _("region")
    FUNDING = "funding", _("funding")
    SPECIALTY = "specialty", _("specialty")
    INSTITUTION = "institution", _("institution")
    YEAR_OF_STUDY = "year_of_study", _("year of study")


class QualificationCategory(models.TextChoices):
    """An educator's qualification category: the earlier national categories (without, second,
    first, higher) and those of the Law on the Status of the Teacher (moderator to master)."""

    NONE = "none", _("without category")
    SECOND = "second", _("second category")
    FIRST = "first", _("first category")
    HIGHER = "higher", _("higher category")
    MODERATOR = "moderator", _("educator-moderator")
    EXPERT = "expert", _("educator-expert")
    RESEARCHER = "researcher", _("educator-researcher")
    MASTER = "master", _("educator-master")


class EducationLevel(models.TextChoices):
    """An educator's highest education."""

    TVET = "tvet", _("technical and vocational")
    BACHELOR = "bachelor", _("higher (bachelor or specialist)")
    MASTER = "master", _("master's degree")
    DOCTORATE = "doctorate", _("doctorate (PhD or candidate of sciences)")
