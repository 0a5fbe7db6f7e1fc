"""factory_boy factories for placement rounds and offers."""

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from qadam.placements.models import Offer, PlacementRound
from qadam.registry.tests.factories import EnterpriseFactory


class RoundFactory(DjangoModelFactory[PlacementRound]):
    """A national round (no institution) with a fixed lottery seed."""

    class Meta:
        model = PlacementRound

    name = factory.Sequence(lambda n: f"Round {n}")
    term = "Spring 2027"
    status = PlacementRound.Status.DRAFT
    lottery_seed = 7


class OfferFactory(DjangoModelFactory[Offer]):
    """A dual-training offer scored by grades; pass `specialties=[...]` to accept some."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"Welder trainee {n}")
    region = factory.SelfAttribute("enterprise.region")
    address = "1 Industrial St"
    seats = 1
    starts_on = date(2027, 2, 1)
    ends_on = date(2027, 6, 30)

    @factory.post_generation
    def specialties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.specialties.set(extracted)
