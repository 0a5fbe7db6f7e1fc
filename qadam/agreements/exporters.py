"""The partnership lists as XLSX (see qadam.common.exports): the register, academic mobility
and the overdue page, each through its page's selectors and filter declaration
(agreements.filters), so the file holds the rows the page shows the user."""

from collections.abc import Iterator, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qadam.accounts.models import User
from qadam.agreements import selectors, selectors_mobility, selectors_obligations
from qadam.agreements.charts import country_name
from qadam.agreements.choices import MobilityStatus
from qadam.agreements.filters import AgreementFilters, MobilityFilters
from qadam.agreements.models import Agreement, Mobility
from qadam.agreements.selectors_obligations import ObligationRow
from qadam.common.exports import CHUNK, Table, exporter, queryset_table, yes_no
from qadam.common.filters import NoFilters

# --------------------------------------------------------------------------- the register

REGISTER_HEADER = (
    _lazy("number"),
    _lazy("kind"),
    _lazy("title"),
    _lazy("status"),
    _lazy("signed on"),
    _lazy("starts on"),
    _lazy("ends on"),
    _lazy("parties"),
    _lazy("countries"),
    _lazy("reason for termination"),
)


@exporter("agreements.register", title=_lazy("Agreements"), filters=AgreementFilters)
def register(user: User, filters: AgreementFilters) -> Table:
    """The agreements the user sees with the register's filters, with their parties."""
    queryset = selectors.agreement_list(user=user, filters=filters)
    return queryset_table(REGISTER_HEADER, queryset, _agreement_row)


def _agreement_row(agreement: Agreement) -> tuple[object, ...]:
    parties = list(agreement.parties.all())  # prefetched by the selector, chunk by chunk
    countries = sorted({party.country for party in parties})
    return (
        agreement.number,
        agreement.get_kind_display(),
        agreement.title,
        agreement.get_status_display(),
        agreement.signed_on,
        agreement.starts_on,
        agreement.ends_on,
        "; ".join(f"{party} ({party.get_role_display()})" for party in parties),
        ", ".join(country_name(code) for code in countries),
        agreement.termination_reason,
    )


# --------------------------------------------------------------------------- mobility

MOBILITY_HEADER = (
    _lazy("full name"),
    _lazy("IIN"),
    _lazy("person"),
    _lazy("direction"),
    _lazy("home institution"),
    _lazy("home country"),
    _lazy("host institution"),
    _lazy("host country"),
    _lazy("program"),
    _lazy("starts on"),
    _lazy("ends on"),
    _lazy("funding"),
    _lazy("on a scholarship"),
    _lazy("status"),
    _lazy("returned on"),
    _lazy("agreement"),
)


@exporter("agreements.mobility", title=_lazy("Academic mobility"), filters=MobilityFilters)
def mobility(user: User, filters: MobilityFilters) -> Table:
    """The records the list's table shows the user by name. Analysts see the page's national
    figures only, never a name, and other roles read no record: neither has this list."""
    if not selectors_mobility.mobility_reads_records(user=user):
        raise PermissionDenied(_("Your role does not read mobility records by name."))
    queryset = selectors_mobility.mobility_list(user=user, filters=filters)
    return queryset_table(MOBILITY_HEADER, queryset, _mobility_row)


def _mobility_row(record: Mobility) -> tuple[object, ...]:
    home, host = record.home_institution, record.host_institution
    status = record.mobility_status  # type: ignore[attr-defined]
    return (
        record.full_name,
        record.iin,
        record.get_person_kind_display(),
        record.get_direction_display(),
        home.name if home else "",
        record.home_country,
        host.name if host else "",
        record.host_country,
        record.program,
        record.starts_on,
        record.ends_on,
        record.get_funding_display(),
        yes_no(record.scholarship),
        MobilityStatus(status).label if status else "",
        record.returned_on,
        record.agreement.number if record.agreement else "",
    )


# --------------------------------------------------------------------------- overdue

# one sheet for the page's two tables: an expiring agreement leaves the obligation's columns
# empty, an overdue obligation the agreement's kind, status, end and days left
AGREEMENT_COLUMNS = (
    _lazy("agreement"),
    _lazy("title"),
    _lazy("kind"),
    _lazy("status"),
    _lazy("ends on"),
    _lazy("days left"),
)
OBLIGATION_COLUMNS = (
    _lazy("obligation"),
    _lazy("description"),
    _lazy("promised by"),
    _lazy("beneficiary"),
    _lazy("delivered"),
    _lazy("promised"),
    _lazy("unit"),
    _lazy("progress, %"),
    _lazy("due on"),
)
OVERDUE_HEADER = (_lazy("section"), *AGREEMENT_COLUMNS, *OBLIGATION_COLUMNS)


@exporter("agreements.overdue", title=_lazy("Overdue and expiring"), filters=NoFilters)
def overdue(user: User, filters: NoFilters) -> Table:
    """The overdue page: the agreements that expire within EXPIRING_DAYS (soonest first),
    then the obligations overdue (oldest first), in the user's scope; the first column says
    which of the page's tables a row is from."""
    today = timezone.localdate()
    expiring = selectors_obligations.expiring_agreements(user=user, today=today)
    obligations = selectors_obligations.overdue_obligations(user=user, today=today)

    def rows() -> Iterator[Sequence[object]]:
        for agreement in expiring.iterator(chunk_size=CHUNK):
            yield _expiring_row(agreement, today)
        for obligation in obligations.iterator(chunk_size=CHUNK):
            yield _overdue_row(selectors_obligations.obligation_row(obligation, today))

    return Table(
        header=OVERDUE_HEADER,
        rows=rows(),
        total=lambda: expiring.count() + obligations.count(),
    )


def _expiring_row(agreement: Agreement, today: date) -> tuple[object, ...]:
    ends_on = agreement.ends_on  # never empty: the selector reads those ending soon
    days_left = (ends_on - today).days if ends_on else None
    facts = (
        agreement.number,
        agreement.title,
        agreement.get_kind_display(),
        agreement.get_status_display(),
        ends_on,
        days_left,
    )
    return (_("agreement expires"), *facts, *[None] * len(OBLIGATION_COLUMNS))


def _overdue_row(row: ObligationRow) -> tuple[object, ...]:
    obligation, agreement = row.obligation, row.obligation.agreement
    party = obligation.party
    details = "; ".join(text for text in (obligation.description, obligation.items) if text)
    facts = (
        obligation.get_kind_display(),
        details,
        str(party) if party else _("the parties jointly"),
        obligation.beneficiary.name if obligation.beneficiary else "",
        obligation.delivered,
        obligation.target,
        row.unit,
        row.percent,
        obligation.due_on,
    )
    blank = [None] * (len(AGREEMENT_COLUMNS) - 2)
    return (_("obligation overdue"), agreement.number, agreement.title, *blank, *facts)
