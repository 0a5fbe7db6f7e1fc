"""A round's certificate: its fingerprint is public to whoever sees the round once it is
published (and to its coordinator from the match on); the anonymised inputs only to the
coordinator, who hands them to an outside auditor."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.placements import policies
from qadam.placements.models import CertificateDocuments, PlacementRound, RoundCertificate


def round_certificate(*, user: User, placement_round: PlacementRound) -> RoundCertificate | None:
    """The round's latest certificate, when `user` (who may see the round) may see it."""
    coordinator = policies.may_coordinate_round(user, placement_round)
    if not coordinator and placement_round.status != PlacementRound.Status.PUBLISHED:
        return None
    return placement_round.certificates.order_by("-number").first()


def certificate_anonymised(*, user: User, placement_round: PlacementRound) -> bytes:
    """The latest certificate's anonymised inputs (gzip JSON); the coordinator only."""
    if not policies.may_coordinate_round(user, placement_round):
        raise PermissionDenied(_("Only the round's coordinator may do this."))
    documents = (
        CertificateDocuments.objects.filter(certificate__round=placement_round)
        .order_by("-certificate__number")
        .only("anonymised")
        .first()
    )
    if documents is None:
        raise CertificateDocuments.DoesNotExist
    return bytes(documents.anonymised)
