"""Placement rounds: enterprises' offers, students' ranked applications, the matched
placements and the targeted-training contracts they become. Data and constraints only.

The models by what they hold: rounds.py (rounds, offers, quotas), people.py (applications,
placements, contracts), certificates.py and appeals.py."""

from qadam.placements.models.appeals import Appeal
from qadam.placements.models.certificates import CertificateDocuments, RoundCertificate
from qadam.placements.models.people import Application, Placement, TrainingContract
from qadam.placements.models.rounds import OFFER_EDITABLE_FIELDS, Offer, PlacementRound, Quota
from qadam.placements.rules import MAX_CHOICES

__all__ = [
    "MAX_CHOICES",
    "OFFER_EDITABLE_FIELDS",
    "Appeal",
    "Application",
    "CertificateDocuments",
    "Offer",
    "Placement",
    "PlacementRound",
    "Quota",
    "RoundCertificate",
    "TrainingContract",
]
