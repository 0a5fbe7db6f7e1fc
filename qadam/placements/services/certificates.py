"""Certificates: a match's fingerprint, written with its result (ADR: docs/adr)."""

from django.db.models import Max
from django.utils import timezone

from qadam.accounts.models import User
from qadam.common.audit import audited_create
from qadam.placements.certificate.seal import ENGINE_VERSION, Sealed, fingerprint
from qadam.placements.models import CertificateDocuments, PlacementRound, RoundCertificate


def certificate_create(
    *,
    actor: User | None,
    placement_round: PlacementRound,
    sealed: Sealed,
    reason: str = RoundCertificate.Reason.MATCH,
) -> RoundCertificate:
    """The round's next certificate, inside the caller's transaction (the one that writes
    the result it certifies). The documents are not audited field by field: the audited
    fingerprints name them."""
    last = placement_round.certificates.aggregate(top=Max("number"))["top"] or 0
    at = timezone.now()
    certificate = RoundCertificate(
        round=placement_round,
        number=last + 1,
        reason=reason,
        certified_at=at,
        engine_version=ENGINE_VERSION,
        inputs_sha256=sealed.inputs_sha256,
        result_sha256=sealed.result_sha256,
        fingerprint=fingerprint(
            round_id=placement_round.pk,
            inputs_sha256=sealed.inputs_sha256,
            result_sha256=sealed.result_sha256,
            engine_version=ENGINE_VERSION,
            at=at,
        ),
    )
    audited_create(actor=actor, instance=certificate)
    CertificateDocuments.objects.create(
        certificate=certificate,
        inputs=sealed.inputs,
        result=sealed.result,
        anonymised=sealed.anonymised,
    )
    return certificate
