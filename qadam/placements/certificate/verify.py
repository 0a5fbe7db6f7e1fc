"""`qadam match --round ID --verify`: the certificate checked against its documents, a
re-run of the engine on the stored inputs, and the database as it is now.

A check that fails names the first difference, so a score changed in the database after
certification is found and named ("application of applicant A-000123, rank 2: score 70.0
now, 71.5 at certification")."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from qadam.common.errors import ApplicationError
from qadam.engines import placement, placement_quotas
from qadam.placements.certificate.differences import input_differences, result_differences
from qadam.placements.certificate.documents import (
    Document,
    constraints_document,
    inputs_document,
    problem_of,
    quotas_of,
    result_document,
    sha256,
    unpack,
)
from qadam.placements.certificate.seal import ENGINE_VERSION, fingerprint
from qadam.placements.matching import build_problem, read_round
from qadam.placements.models import Placement, PlacementRound, RoundCertificate
from qadam.placements.quotas import group_quotas, offer_quotas


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    difference: str = ""  # the first difference when not ok


@dataclass(frozen=True)
class Verification:
    certificate: RoundCertificate
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def first_difference(self) -> str:
        return next((c.difference or c.name for c in self.checks if not c.ok), "")


def certificate_latest(placement_round: PlacementRound) -> RoundCertificate | None:
    return placement_round.certificates.order_by("-number").first()


def _inputs_now(placement_round: PlacementRound) -> Document:
    arrays = read_round(placement_round)
    problem = build_problem(arrays)
    return inputs_document(
        round_id=placement_round.pk,
        lottery_seed=placement_round.lottery_seed,
        student_id=arrays.student_id,
        offer_id=arrays.offer_id,
        problem=problem,
        pref_application=arrays.pref_application,
        pref_rank=arrays.pref_rank,
        constraints=constraints_document(
            offer_quotas(arrays, group_quotas(arrays)) if arrays.quotas else None
        ),
    )


def _placements_now(placement_round: PlacementRound) -> Document:
    rows = (
        Placement.objects.filter(round=placement_round)
        .order_by("student_id")
        .values_list("student_id", "offer_id")
    )
    students, offers = zip(*rows, strict=True) if rows else ((), ())
    return {"placements": {"student": list(students), "offer": list(offers)}}


def _rerun(inputs: Document) -> Document:
    problem, student_id, offer_id = problem_of(inputs)
    quotas = quotas_of(inputs)
    result = placement.match(problem) if quotas is None else placement_quotas.match(problem, quotas)
    return result_document(student_id=student_id, offer_id=offer_id, result=result)


def _document_checks(
    certificate: RoundCertificate, inputs_sha256: str, result_sha256: str
) -> list[Check]:
    recomputed = fingerprint(
        round_id=certificate.round_id,
        inputs_sha256=inputs_sha256,
        result_sha256=result_sha256,
        engine_version=certificate.engine_version,
        at=certificate.certified_at,
    )
    return [
        Check(
            _("the stored inputs are the certified ones"),
            inputs_sha256 == certificate.inputs_sha256,
        ),
        Check(
            _("the stored result is the certified one"),
            result_sha256 == certificate.result_sha256,
        ),
        Check(_("the fingerprint covers them"), recomputed == certificate.fingerprint),
    ]


def _compared(
    name: str, document: Document, certified_sha256: str, differences: Callable[[], Iterator[str]]
) -> Check:
    """`document` against the certified one: by fingerprint, and the first difference."""
    if sha256(document) == certified_sha256:
        return Check(name, True)
    return Check(name, False, next(differences(), ""))


def round_verify(*, round_id: int) -> Verification:
    """Check the round's latest certificate; raises ApplicationError when it has none."""
    placement_round = PlacementRound.objects.get(pk=round_id)
    certificate = certificate_latest(placement_round)
    if certificate is None:
        raise ApplicationError(
            _("Round %(round)s has no certificate: match it to certify it.") % {"round": round_id}
        )
    inputs = unpack(certificate.documents.inputs)
    result = unpack(certificate.documents.result)
    checks = _document_checks(certificate, sha256(inputs), sha256(result))
    rerun = _rerun(inputs)
    engine = _("the engine re-run on the stored inputs gives the certified result")
    if certificate.engine_version != ENGINE_VERSION:
        engine += " " + _("(certified by %(version)s)") % {"version": certificate.engine_version}
    checks.append(
        _compared(
            engine, rerun, certificate.result_sha256, lambda: result_differences(rerun, result)
        )
    )
    now = _inputs_now(placement_round)
    checks.append(
        _compared(
            _("the database's inputs are the certified ones"),
            now,
            certificate.inputs_sha256,
            lambda: input_differences(now, inputs),
        )
    )
    placed = _placements_now(placement_round)
    difference = next(result_differences(placed, result), "")
    checks.append(
        Check(_("the database's placements are the certified ones"), not difference, difference)
    )
    return Verification(certificate=certificate, checks=checks)
