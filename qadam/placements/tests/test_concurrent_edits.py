"""Two people save one offer at the same moment, each changing other fields: both changes
survive, the round's inputs are marked changed by both, and the audit says exactly what the
database holds."""

import pytest

from qadam.common.models import AuditEntry
from qadam.common.tests.concurrency import postgres_only, race
from qadam.placements import services
from qadam.placements.models import Offer, PlacementRound
from qadam.placements.tests.factories import OfferFactory, RoundFactory
from qadam.registry.tests.factories import SpecialtyFactory, UserFactory

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
ROUNDS = 15


def audited_value(offer, field):
    """The value of `field` as the audit log tells it: the last entry that changed it."""
    entries = AuditEntry.objects.filter(
        model="placements.Offer", object_id=str(offer.pk), changes__has_key=field
    ).order_by("-id")
    return entries[0].changes[field][1] if entries else None


def editor(pk, actor, **change):
    def read():  # as a page or the API does before it saves
        return Offer.objects.select_related("round").get(pk=pk)

    def write(offer):
        services.offer_update(actor=actor, offer=offer, **change)

    return read, write


def test_concurrent_edits_of_different_fields_of_an_offer_both_survive():
    actor = UserFactory.ministry_admin()
    welding, fitting = SpecialtyFactory(), SpecialtyFactory()
    for attempt in range(ROUNDS):
        placement_round = RoundFactory(status=PlacementRound.Status.OPEN)
        offer = OfferFactory(round=placement_round, seats=5, mentors="", specialties=[welding])
        failures = race(
            editor(offer.pk, actor, seats=10 + attempt),
            editor(
                offer.pk,
                actor,
                title=f"Fitter {attempt}",
                mentors="Сейткали Нурлан",
                specialties=[welding, fitting],
            ),
        )
        assert failures == []
        offer.refresh_from_db()
        both = (offer.seats, offer.title, offer.mentors)
        assert both == (10 + attempt, f"Fitter {attempt}", "Сейткали Нурлан")
        assert sorted(offer.specialties.values_list("pk", flat=True)) == [welding.pk, fitting.pk]
        for field in ("seats", "title", "mentors"):
            assert audited_value(offer, field) == getattr(offer, field)
        assert audited_value(offer, "specialties") == [welding.pk, fitting.pk]
        placement_round.refresh_from_db()
        assert placement_round.inputs_version == 2  # a match started before either is stale
