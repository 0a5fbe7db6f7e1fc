"""The placement lists' filters, each declared once: its page reads it with `from_query`, its
API endpoint as `Query[...]`, its export with `from_params`, and its selector takes it
(qadam.common.filters, ADR 0007). A list's round or offer is in the page's and the API's
path; its export names it in a required field of the export's declaration."""

from typing import Annotated

from qadam.common.filters import Flag, Id, ListFilters, Search, one_of
from qadam.placements.choices import OfferKind


class OfferFilters(ListFilters):
    """A round's offers (its page, a student's list of offers open to them, the API)."""

    q: Search = ""  # a part of the offer's title (any language) or its enterprise's name
    region: Id | None = None
    specialty: Id | None = None
    kind: Annotated[str, one_of(OfferKind.values)] = ""
    enterprise: Id | None = None
    compatible: Flag = False  # only the offers that accept the signed-in student's specialty


class RoundOfferFilters(OfferFilters):
    """The offers export: the round's offers with the page's filters."""

    round: Id


class PlacementFilters(ListFilters):
    """The placements export: a round's (its page), or one offer's trainees (the offer's)."""

    round: Id | None = None
    offer: Id | None = None


class ApplicantFilters(ListFilters):
    """The applicants export: who applied to the offer."""

    offer: Id
