"""Quotas a ministry sets (ADR 0013): the rules, who may set them, the match that keeps them,
and the round page and API that show what each placed and cost."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qadam.common.models import AuditEntry
from qadam.placements import services
from qadam.placements.explain_text import explanation_sentence
from qadam.placements.matching import run_match
from qadam.placements.models import Placement, PlacementRound, Quota
from qadam.placements.selectors import placement_explanations
from qadam.registry.tests.factories import UserFactory

RURAL = Quota.Applicants.RURAL


def _apply_and_close(world, users, rounds) -> dict:
    """students_b[0] (4.90) and the student user (4.50, rural) both want weld's one seat."""
    student_b = world.students_b[0]
    student_b.grade_average = Decimal("4.90")
    student_b.save()
    mine = world.students_a[0]
    mine.rural = True
    mine.save()
    applicants = {
        "student": users["student"],
        "student_b": UserFactory.student_user(student_b, username="student_b"),
    }
    services.application_rank_set(
        actor=applicants["student"],
        placement_round=rounds.round,
        offer_ids=[rounds.weld.pk, rounds.pipe.pk],
    )
    services.application_rank_set(
        actor=applicants["student_b"], placement_round=rounds.round, offer_ids=[rounds.weld.pk]
    )
    services.round_close(actor=users["ministry_admin"], placement_round=rounds.round)
    return applicants


def _rural_reserve(users, rounds, **fields) -> Quota:
    return services.quota_create(
        actor=users["ministry_admin"],
        placement_round=rounds.round,
        offer_region=rounds.weld.region,
        **({"min_seats": 1, "applicants": RURAL} | fields),
    )


def test_a_rural_reserve_takes_the_seat_and_says_what_it_cost(world, users, open_round):
    _apply_and_close(world, users, open_round)
    quota = _rural_reserve(users, open_round)
    summary = run_match(round_id=open_round.round.pk, actor=users["ministry_admin"])
    placed = {p.student_id: p for p in Placement.objects.filter(round=open_round.round)}
    assert placed[world.students_a[0].pk].offer_id == open_round.weld.pk
    assert placed[world.students_b[0].pk].offer_id is None
    assert summary["blocking_pairs"] == 0
    [row] = summary["quotas"]["each"]
    assert row["id"] == quota.pk
    assert (row["placed"], row["placed_without"], row["displaced"], row["helped"]) == (1, 0, 1, 1)
    assert summary["quotas"]["all"] == {"displaced": 1, "helped": 1}


def test_the_student_a_quota_kept_out_is_told_so(world, users, open_round):
    _apply_and_close(world, users, open_round)
    _rural_reserve(users, open_round)
    run_match(round_id=open_round.round.pk, actor=users["ministry_admin"])
    placement = Placement.objects.get(round=open_round.round, student=world.students_b[0])
    [why] = placement_explanations(placement=placement)
    assert why.explanation.reason == "quota"
    sentence = explanation_sentence(
        why.explanation, offer_title="Weld", scoring_rule="grades", lottery=placement.lottery
    )
    assert "under a quota the ministry set" in sentence


def test_the_round_page_shows_each_quota_with_its_figures(world, users, open_round, client_for):
    _apply_and_close(world, users, open_round)
    quota = _rural_reserve(users, open_round)
    page = client_for(users["ministry_admin"]).get(f"/placements/rounds/{open_round.round.pk}/")
    assert b'data-testid="quotas"' in page.content
    assert b"not matched with this quota yet" in page.content
    run_match(round_id=open_round.round.pk, actor=users["ministry_admin"])
    page = client_for(users["ministry_admin"]).get(f"/placements/rounds/{open_round.round.pk}/")
    html = page.content.decode()
    assert f'data-quota="{quota.pk}"' in html
    assert 'data-testid="displaced">1<' in html
    # an analyst sees the counts masked (1 is "<5"); a student sees the quota, not figures
    html = client_for(users["analyst"]).get(f"/placements/rounds/{open_round.round.pk}/").content
    assert b'data-testid="displaced">&lt;5<' in html


def test_setting_a_quota_is_audited_and_invalidates_a_running_match(users, open_round):
    before = PlacementRound.objects.get(pk=open_round.round.pk).inputs_version
    quota = _rural_reserve(users, open_round, max_seats=1)
    assert PlacementRound.objects.get(pk=open_round.round.pk).inputs_version == before + 1
    entry = AuditEntry.objects.get(model="placements.Quota", object_id=str(quota.pk))
    assert entry.actor_username == "ministry"
    services.quota_delete(actor=users["ministry_admin"], quota=quota)
    assert not Quota.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(quota.pk), action="delete").exists()


@pytest.mark.parametrize("role", ["college_admin_a", "analyst", "enterprise_hr", "student"])
def test_only_the_ministry_sets_quotas(users, open_round, role):
    with pytest.raises(PermissionDenied):
        services.quota_create(
            actor=users[role], placement_round=open_round.round, applicants=RURAL, min_seats=1
        )


def test_a_published_round_keeps_its_quotas(users, published):
    with pytest.raises(Exception, match="published"):
        _rural_reserve(users, published)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"min_seats": None}, "min_seats", "Set a minimum, a maximum or both."),
        ({"min_seats": 3, "max_seats": 2}, "max_seats", "The maximum is below the minimum."),
        (
            {"applicants": Quota.Applicants.HOME_REGION},
            "home_region",
            "Choose the region the applicants come from.",
        ),
        ({"min_seats": 600_000}, "min_seats", "Must be from 0 to 500000."),
    ],
)
def test_a_malformed_quota_is_refused_beside_its_field(users, open_round, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        _rural_reserve(users, open_round, **fields)
    assert any(message in m for m in refused.value.message_dict[field])


def test_a_cap_may_not_overlap_another_quota_at_shared_offers(world, users, open_round):
    _rural_reserve(users, open_round, min_seats=None, max_seats=3)
    for fields in ({"max_seats": 1}, {"min_seats": 1}):
        with pytest.raises(ValidationError) as refused:
            services.quota_create(
                actor=users["ministry_admin"],
                placement_round=open_round.round,
                applicants=Quota.Applicants.DISABILITY,
                **fields,
            )
        assert "cannot keep both" in str(refused.value)
    # elsewhere it may; minimums may overlap; the same applicants twice at the same offers not
    services.quota_create(
        actor=users["ministry_admin"],
        placement_round=open_round.round,
        applicants=Quota.Applicants.DISABILITY,
        offer_region=open_round.pipe.region,
        min_seats=1,
    )
    services.quota_create(
        actor=users["ministry_admin"],
        placement_round=open_round.round,
        applicants=Quota.Applicants.RURAL,
        offer_region=open_round.pipe.region,
        min_seats=1,
    )
    with pytest.raises(ValidationError, match="already has a quota"):
        _rural_reserve(users, open_round)


def test_the_quotas_page_sets_and_removes_a_quota(users, open_round, client_for):
    client = client_for(users["ministry_admin"])
    url = f"/placements/rounds/{open_round.round.pk}/quotas/"
    refused = client.post(url, {"applicants": "rural", "min_seats": "3", "max_seats": "2"})
    assert b"The maximum is below the minimum." in refused.content
    done = client.post(url, {"applicants": "rural", "min_seats": "1"}, follow=True)
    assert b"The quota is set" in done.content
    quota = Quota.objects.get()
    client.post(f"/placements/quotas/{quota.pk}/delete/")
    assert not Quota.objects.exists()
    assert (
        client_for(users["college_admin_a"]).post(url, {"applicants": "rural"}).status_code == 403
    )


def test_the_api_sets_lists_and_removes_quotas(users, open_round, client_for):
    client = client_for(users["ministry_admin"])
    base = f"/api/v1/placements/rounds/{open_round.round.pk}/quotas"
    bad = client.post(base, {"applicants": "rural"}, content_type="application/json")
    assert bad.status_code == 422
    assert "Set a minimum, a maximum or both." in bad.content.decode()
    made = client.post(
        base,
        {"applicants": "home_region", "home_region_id": open_round.weld.region_id, "max_seats": 4},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    listed = client_for(users["student"]).get(base).json()
    assert [(q["applicants"], q["max_seats"], q["figures"]) for q in listed] == [
        ("home_region", 4, {})
    ]
    forbidden = client_for(users["college_admin_a"]).delete(
        f"/api/v1/placements/quotas/{made.json()['id']}"
    )
    assert forbidden.status_code == 403
    assert client.delete(f"/api/v1/placements/quotas/{made.json()['id']}").status_code == 204


def test_a_round_under_quotas_is_certified_with_them_and_verifies(world, users, open_round):
    """The certificate fingerprints the quotas as the engine consumed them; `--verify`
    re-runs the match under them from the stored inputs alone (without them the plain
    match would place students_b[0] instead), and names a quota changed since."""
    from qadam.placements.certificate.documents import unpack
    from qadam.placements.certificate.verify import round_verify

    _apply_and_close(world, users, open_round)
    quota = _rural_reserve(users, open_round)
    run_match(round_id=open_round.round.pk, actor=users["ministry_admin"])
    certificate = open_round.round.certificates.get()
    constraints = unpack(certificate.documents.inputs)["constraints"]
    assert sorted(constraints["offers"]["reserved"]) == [0, 1]  # one seat of the region's
    verification = round_verify(round_id=open_round.round.pk)
    assert verification.ok, verification.first_difference
    Quota.objects.filter(pk=quota.pk).update(min_seats=None, max_seats=1)
    verification = round_verify(round_id=open_round.round.pk)
    checks = {check.name: check.ok for check in verification.checks}
    assert checks["the engine re-run on the stored inputs gives the certified result"]
    assert not checks["the database's inputs are the certified ones"]
    assert "constraints" in verification.first_difference
