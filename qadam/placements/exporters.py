"""The placement lists as XLSX (see qadam.common.exports): rounds, a round's offers and
placements, an offer's applicants and trainees, contracts; each through its page's selector,
so the file holds the rows (and the personal data) the page shows the user: an enterprise's
files name applicants by applicant number, with the IIN of accepted trainees only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.common.exports import Table, exporter
from qadam.common.exports import queryset_table as table
from qadam.common.filters import FilterError, NoFilters
from qadam.common.localized import HEADERS, localized, variant_cells
from qadam.placements import policies, selectors
from qadam.placements.filters import (
    ApplicantFilters,
    PlacementFilters,
    RoundOfferFilters,
)
from qadam.placements.identity import applicant_number
from qadam.placements.models import Application, Offer, Placement, PlacementRound
from qadam.placements.models import TrainingContract as Contract


@exporter("placements.rounds", title=_lazy("Placement rounds"), filters=NoFilters)
def rounds(user: User, filters: NoFilters) -> Table:
    header = (
        _lazy("round"),
        _lazy("term"),
        _lazy("scope"),
        _lazy("status"),
        _lazy("offers"),
        _lazy("seats"),
        _lazy("applicants"),
        *HEADERS["name"],
    )
    return table(header, selectors.round_list_with_counts(user=user), _round_row)


def _round_row(r: PlacementRound) -> tuple[object, ...]:
    name = f"{localized(r)} ({_('second round')})" if r.previous_round_id else localized(r)
    scope = r.institution.name if r.institution else _("national")
    counts = (r.offer_count, r.seat_count, r.applicant_count)  # type: ignore[attr-defined]
    return (name, r.term, scope, r.get_status_display(), *counts, *variant_cells(r))


OFFER_HEADER = (
    "#",
    _lazy("offer"),
    _lazy("enterprise"),
    _lazy("kind"),
    _lazy("region"),
    _lazy("seats"),
    _lazy("filled"),
    *HEADERS["title"],
)


@exporter("placements.offers", title=_lazy("Offers"), filters=RoundOfferFilters)
def offers(user: User, filters: RoundOfferFilters) -> Table:
    """The round's offers with its page's filters (`compatible`: a student's list of the
    offers that accept their specialty)."""
    placement_round = selectors.round_get(user=user, round_id=filters.round)
    queryset = selectors.offer_list(user=user, placement_round=placement_round, filters=filters)
    title = f"{_('Offers')} · {localized(placement_round)}"
    return table(OFFER_HEADER, queryset, _offer_row, title=title)


def _offer_row(o: Offer) -> tuple[object, ...]:
    kind = o.get_kind_display()
    filled = o.filled_shown  # type: ignore[attr-defined]  # "<5" for an analyst (selectors)
    title = localized(o, "title")
    cells = (o.pk, title, o.enterprise.name, kind, o.region.name, o.seats, filled)
    return (*cells, *variant_cells(o, "title"))


@exporter("placements.placements", title=_lazy("Placements"), filters=PlacementFilters)
def placements(user: User, filters: PlacementFilters) -> Table:
    """A round's placements (its page), or one offer's placed trainees (the offer's page)."""
    offer = None
    if filters.offer is not None:
        offer = selectors.offer_get(user=user, offer_id=filters.offer)
        placement_round = offer.round
    elif filters.round is not None:
        placement_round = selectors.round_get(user=user, round_id=filters.round)
    else:
        raise FilterError(_("The list needs “%(name)s”.") % {"name": "round"})
    queryset = selectors.placement_list(user=user, placement_round=placement_round, offer=offer)
    header = (
        _lazy("student"),
        _lazy("applicant number"),
        _lazy("IIN"),
        _lazy("offer"),
        _lazy("enterprise"),
        _lazy("choice"),
        _lazy("status"),
        _lazy("reason"),
    )
    named = localized(offer, "title") if offer else localized(placement_round)
    title = f"{_('Placements')} · {named}"
    return table(header, queryset, _placement_row, title=title)


def _placement_row(p: Placement) -> tuple[object, ...]:
    offer, student = p.offer, p.student
    return (
        student.full_name,
        applicant_number(p.application_id),  # type: ignore[attr-defined]
        p.iin_shown,  # type: ignore[attr-defined]  # an enterprise's accepted trainees only
        localized(offer, "title"),
        offer.enterprise.name if offer else "",
        p.rank_shown,  # type: ignore[attr-defined]  # never to an enterprise
        p.get_status_display(),
        p.decline_reason,
    )


@exporter("placements.applicants", title=_lazy("Applicants"), filters=ApplicantFilters)
def applicants(user: User, filters: ApplicantFilters) -> Table:
    """Who applied to an offer: the page shows them to the offer's enterprise (and the
    ministry) only."""
    offer = selectors.offer_get(user=user, offer_id=filters.offer)
    if not policies.may_speak_for_enterprise(user, offer.enterprise_id):
        raise PermissionDenied(_("Only the offer's enterprise sees who applied."))
    header = (
        _lazy("student"),
        _lazy("applicant number"),
        _lazy("IIN"),
        _lazy("specialty"),
        _lazy("their choice"),
        _lazy("test score"),
        _lazy("our ranking"),
    )
    queryset = selectors.offer_applicants(user=user, offer=offer)
    title = f"{_('Applicants')} · {localized(offer, 'title')}"
    return table(header, queryset, _applicant_row, title=title)


def _applicant_row(a: Application) -> tuple[object, ...]:
    student = a.student
    specialty = student.program.specialty.name if student.program else ""
    return (
        student.full_name,
        applicant_number(a.pk),
        a.iin_shown,  # type: ignore[attr-defined]  # an enterprise's accepted trainees only
        specialty,
        a.rank_shown,  # type: ignore[attr-defined]  # never to an enterprise
        a.test_score,
        a.enterprise_rank,
    )


@exporter("placements.contracts", title=_lazy("Training contracts"), filters=NoFilters)
def contracts(user: User, filters: NoFilters) -> Table:
    header = (
        _lazy("student"),
        _lazy("enterprise"),
        _lazy("institution"),
        _lazy("guaranteed position"),
        _lazy("status"),
        _lazy("signed on"),
    )
    return table(header, selectors.contract_list(user=user), _contract_row)


def _contract_row(c: Contract) -> tuple[object, ...]:
    return (
        c.student.full_name,
        c.enterprise.name,
        c.institution.name,
        c.position,
        c.get_status_display(),
        c.signed_on,
    )
