"""A round's certificate: the round trip, a changed score named, the anonymised export
re-run by an outside implementation (the `matching` package), the pages that show it."""

import gzip
import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from matching.games import HospitalResident

from qadam.placements.certificate.documents import unpack
from qadam.placements.certificate.verify import round_verify
from qadam.placements.identity import applicant_number
from qadam.placements.matching import run_match
from qadam.placements.models import Application, Placement, RoundCertificate
from qadam.registry.models import Student


def _certificate(placement_round) -> RoundCertificate:
    return placement_round.certificates.order_by("-number").get()


def test_a_match_is_certified_and_verifies(random_round, capsys):
    run_match(round_id=random_round.pk)
    certificate = _certificate(random_round)
    assert re.fullmatch(r"[0-9a-f]{64}", certificate.fingerprint)
    assert certificate.short == certificate.fingerprint[:12]
    call_command("match", "--round", str(random_round.pk), "--verify")
    out = capsys.readouterr().out
    assert "DIFFERS" not in out
    assert "Verified in" in out and certificate.short in out


def test_the_same_inputs_give_the_same_input_and_result_fingerprints(random_round):
    run_match(round_id=random_round.pk)
    run_match(round_id=random_round.pk)
    first, second = random_round.certificates.order_by("number")
    assert (first.inputs_sha256, first.result_sha256) == (
        second.inputs_sha256,
        second.result_sha256,
    )
    assert first.fingerprint != second.fingerprint  # the time is certified too


def test_a_score_changed_after_certification_is_named(random_round):
    run_match(round_id=random_round.pk)
    inputs = unpack(_certificate(random_round).documents.inputs)
    student_id = inputs["students"]["student"][0]  # lottery number 1: checked first
    applications = inputs["applications"]
    applicant, rank = applications["applicant"][0], applications["rank"][0]
    certified_score = applications["score"][0]
    student = Student.objects.get(pk=student_id)
    high = (student.grade_average or 0) > 3
    student.grade_average = Decimal("2.00") if high else Decimal("5.00")
    student.save()
    verification = round_verify(round_id=random_round.pk)
    assert not verification.ok
    expected = f"application of applicant {applicant_number(applicant)}, rank {rank}: score "
    assert verification.first_difference.startswith(expected)
    assert verification.first_difference.endswith(f", {certified_score!r} at certification")
    with pytest.raises(CommandError, match=re.escape(expected)):
        call_command("match", "--round", str(random_round.pk), "--verify")


def test_the_stored_documents_alone_reproduce_the_result(random_round):
    """The re-run reads only the stored inputs: it holds even after the database changed."""
    run_match(round_id=random_round.pk)
    Application.objects.filter(round=random_round).update(test_score=1)
    Student.objects.filter(applications__round=random_round).update(grade_average=Decimal("3.00"))
    checks = {check.name: check.ok for check in round_verify(round_id=random_round.pk).checks}
    assert checks["the engine re-run on the stored inputs gives the certified result"]
    assert checks["the stored inputs are the certified ones"]
    assert not checks["the database's inputs are the certified ones"]


def test_a_placement_changed_in_the_database_is_named(random_round):
    run_match(round_id=random_round.pk)
    placement = Placement.objects.filter(round=random_round, offer__isnull=False).first()
    assert placement is not None
    Placement.objects.filter(pk=placement.pk).update(offer=None, status="unplaced", rank=None)
    verification = round_verify(round_id=random_round.pk)
    assert verification.first_difference == (
        f"placement of student {placement.student_id}: — now, {placement.offer_id} at certification"
    )


def test_a_round_without_a_certificate_says_so(random_round):
    with pytest.raises(CommandError, match="has no certificate"):
        call_command("match", "--round", str(random_round.pk), "--verify")


def _anonymised(placement_round) -> dict:
    return json.loads(gzip.decompress(bytes(_certificate(placement_round).documents.anonymised)))


def _lists(flat: list[int], counts: list[int]) -> list[list[int]]:
    starts = [sum(counts[:k]) for k in range(len(counts))]
    return [flat[start : start + count] for start, count in zip(starts, counts, strict=True)]


def test_an_outside_implementation_rerunning_the_anonymised_inputs_agrees(random_round):
    run_match(round_id=random_round.pk)
    document = _anonymised(random_round)
    offers, students = document["offers"], document["students"]
    rankings = _lists(students["ranking"], students["applications"])
    priorities = _lists(offers["priority"], offers["applicants"])
    game = HospitalResident.create_from_dictionaries(
        {k: ranking for k, ranking in enumerate(rankings, start=1)},
        {k: priority for k, priority in enumerate(priorities, start=1)},
        {k: seats for k, seats in enumerate(offers["seats"], start=1)},
    )
    solution = game.solve(optimal="resident")
    theirs = {
        resident.name: hospital.name
        for hospital, residents in solution.items()
        for resident in residents
    }
    ours = {k: offer for k, offer in enumerate(document["assignment"], start=1) if offer}
    assert theirs == ours
    assert len(ours) == Placement.objects.filter(round=random_round, offer__isnull=False).count()


def test_the_anonymised_inputs_hold_no_personal_data(random_round):
    run_match(round_id=random_round.pk)
    raw = gzip.decompress(bytes(_certificate(random_round).documents.anonymised)).decode()
    document = json.loads(raw)
    students = Student.objects.filter(applications__round=random_round).distinct()
    for student in students:
        for personal in (student.iin, student.last_name, student.first_name):
            assert personal not in raw
    assert set(document) == {"format", "about", "constraints", "offers", "students", "assignment"}
    assert set(document["students"]) == {"applications", "ranking"}
    assert set(document["offers"]) == {"seats", "applicants", "priority"}
    # numbers 1..n, not registry ids
    assert sorted(set(document["offers"]["priority"])) == list(range(1, students.count() + 1))
    assert len(document["assignment"]) == students.count()


def test_the_student_page_says_the_result_is_verifiable(published, users, client_for):
    certificate = _certificate(published.round)
    page = client_for(users["student"]).get(
        reverse("placements:my_ranking", args=[published.round.pk])
    )
    text = page.content.decode()
    assert 'data-testid="verifiable"' in text and certificate.short in text
    assert certificate.fingerprint not in text.replace(f'title="{certificate.fingerprint}"', "")


@pytest.mark.parametrize(("role", "status"), [("ministry_admin", 200), ("student", 403)])
def test_only_the_coordinator_downloads_the_anonymised_inputs(
    published, users, client_for, role, status
):
    url = reverse("placements:round_certificate_export", args=[published.round.pk])
    response = client_for(users[role]).get(url)
    assert response.status_code == status
    if status == 200:
        document = json.loads(gzip.decompress(response.content))
        assert document["assignment"]
