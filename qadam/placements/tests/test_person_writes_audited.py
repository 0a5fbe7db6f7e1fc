"""Every service that writes a record about a person (a student's ranking, a placement's
decision, a contract) leaves an audit entry naming the actor and what changed."""

from datetime import date

from qadam.common.models import AuditEntry
from qadam.placements import services
from qadam.placements.tests.test_services import graduate, published, rank
from qadam.registry.tests.factories import UserFactory


def entries(label, pk):
    return list(
        AuditEntry.objects.filter(model=label, object_id=str(pk))
        .order_by("id")
        .values_list("action", "actor_username", "changes")
    )


def test_a_students_ranking_is_audited_on_their_record(world, users, open_round):
    student = world.students_a[0]
    rank(users["student"], open_round, open_round.weld, open_round.pipe)
    services.application_remove(
        actor=users["student"], placement_round=open_round.round, offer_id=open_round.weld.pk
    )
    written = entries("registry.Student", student.pk)
    assert [(action, actor) for action, actor, _changes in written] == [
        ("update", "student"),
        ("update", "student"),
    ]
    assert all("ranking" in str(changes) for _action, _actor, changes in written)


def test_accepting_and_advancing_a_contract_are_audited(world, users, open_round):
    placement = published(world, users, open_round)
    hr = UserFactory.enterprise_hr(open_round.pipe.enterprise, username="pipe-hr")
    contract = services.placement_accept(actor=hr, placement=placement).contract
    graduate(users, world.students_a[0])
    services.contract_advance(actor=hr, contract=contract, status="employed", on=date(2028, 7, 1))

    [(action, actor, changes)] = entries("placements.Placement", placement.pk)
    assert (action, actor, changes["status"][1]) == ("update", "pipe-hr", "accepted")
    created, employed = entries("placements.TrainingContract", contract.pk)
    assert created[:2] == ("create", "pipe-hr") and created[2]["student_id"] == [
        None,
        world.students_a[0].pk,
    ]
    assert employed[:2] == ("update", "pipe-hr")
    assert employed[2]["status"] == ["training", "employed"]
    assert employed[2]["employed_on"] == [None, "2028-07-01"]


def test_declining_a_placement_is_audited_with_its_reason(world, users, open_round):
    placement = published(world, users, open_round)
    hr = UserFactory.enterprise_hr(open_round.pipe.enterprise, username="pipe-hr")
    services.placement_decline(actor=hr, placement=placement, reason="No medical clearance")
    [(action, actor, changes)] = entries("placements.Placement", placement.pk)
    assert (action, actor) == ("update", "pipe-hr")
    assert changes["status"][1] == "declined"
    assert changes["decline_reason"] == ["", "No medical clearance"]
