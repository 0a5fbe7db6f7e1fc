"""Enumerations of the joint training programmes, with labels translated in every language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KAZAKHSTAN = "KZ"
RUSSIA = "RU"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class ParticipantRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    TRAINING = "training", _("trains students")
    HOST = "host", _("hosts internships and exchanges")


class MemberStatus(models.TextChoices):
    STUDYING = "studying", _("studying")
    GRADUATED = "graduated", _("graduated")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RussianRegion(models.TextChoices):
    """A small reference list of Russian regions (ISO 3166-2:RU) a joint programme may train
    for: those bordering Kazakhstan and the industrial centres of its partner universities."""

    ASTRAKHAN = "RU-AST", _("Astrakhan Oblast")
    VOLGOGRAD = "RU-VGG", _("Volgograd Oblast")
    SARATOV = "RU-SAR", _("Saratov Oblast")
    SAMARA = "RU-SAM", _("Samara Oblast")
    ORENBURG = "RU-ORE", _("Orenburg Oblast")
    CHELYABINSK = "RU-CHE", _("Chelyabinsk Oblast")
    KURGAN = "RU-KGN", _("Kurgan Oblast")
    TYUMEN = "RU-TYU", _("Tyumen Oblast")
    OMSK = "RU-OMS", _("Omsk Oblast")
    NOVOSIBIRSK = "RU-NVS", _("Novosibirsk Oblast")
    ALTAI_KRAI = "RU-ALT", _("Altai Krai")
    ALTAI_REPUBLIC = "RU-AL", _("Altai Republic")
    SVERDLOVSK = "RU-SVE", _("Sverdlovsk Oblast")
    TOMSK = "RU-TOM", _("Tomsk Oblast")
    MOSCOW = "RU-MOW", _("Moscow")
    SAINT_PETERSBURG = "RU-SPE", _("Saint Petersburg")
