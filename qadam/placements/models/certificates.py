"""A match's certificate and its documents (ADR 0012)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qadam.common.models import TimeStampedModel
from qadam.placements.models.rounds import PlacementRound


class RoundCertificate(TimeStampedModel):
    """A match's fingerprint: SHA-256 of its canonical inputs and of its result, the engine
    version and the time. Anyone holding the documents can recompute it (`qadam match
    --verify`); a correction after an appeal is a new certificate of the same round."""

    class Reason(models.TextChoices):
        MATCH = "match", _("the match")
        CORRECTION = "correction", _("a correction after an appeal")

    round = models.ForeignKey(
        PlacementRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.CharField(
        _("reason"), max_length=12, choices=Reason.choices, default=Reason.MATCH
    )
    certified_at = models.DateTimeField(_("certified at"))
    engine_version = models.CharField(_("engine version"), max_length=60)
    inputs_sha256 = models.CharField(_("fingerprint of the inputs"), max_length=64)
    result_sha256 = models.CharField(_("fingerprint of the result"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)

    class Meta:
        verbose_name = _("round certificate")
        verbose_name_plural = _("round certificates")
        ordering = ["round", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="certificate_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} #{self.number} {self.short}"

    @property
    def short(self) -> str:
        """The first 12 hex digits: what a student's page shows."""
        return self.fingerprint[:12]


class CertificateDocuments(models.Model):
    """The certified documents, gzip-compressed canonical JSON: the inputs as they were at
    certification (a later change in the database is found and named against them), the
    result, and the anonymised inputs an outside auditor re-runs."""

    certificate = models.OneToOneField(
        RoundCertificate, primary_key=True, on_delete=models.CASCADE, related_name="documents"
    )
    inputs = models.BinaryField()
    result = models.BinaryField()
    anonymised = models.BinaryField()

    class Meta:
        verbose_name = _("certified documents")
        verbose_name_plural = _("certified documents")

    def __str__(self) -> str:
        return f"documents of certificate {self.certificate_id}"
