"""The audit log's filters: what the page keeps, what the export refuses (naming it)."""

from datetime import date

import pytest

from qadam.common.audit_filters import AuditFilters
from qadam.common.filters import FilterError


def test_valid_filters_survive_the_round_trip_through_the_query_string():
    query = {
        "record_type": "registry.Student",
        "record_id": "123",
        "actor": "ministry",
        "action": "update",
        "date_from": "2025-03-01",
        "date_to": "2025-03-31",
    }
    filters = AuditFilters.from_params(query)
    assert (filters.record_id, filters.date_from) == (123, date(2025, 3, 1))
    assert filters.as_query() == query
    assert AuditFilters.from_query(query) == filters


@pytest.mark.parametrize(
    ("query", "malformed"),
    [
        ({"date_from": "2025-02-29"}, "date_from"),  # not a leap year
        ({"date_to": "31.03.2025"}, "date_to"),  # the machine format only
        ({"record_id": "0"}, "record_id"),
        ({"record_id": "9" * 20}, "record_id"),  # beyond the database's integers
        ({"record_type": "Student"}, "record_type"),
        ({"actor": "a\tb"}, "actor"),
        ({"action": "bulk_load", "actor": "\x00"}, "actor"),
        ({"action": "truncate"}, "action"),
    ],
)
def test_a_malformed_value_is_left_out_by_the_page_and_named_by_the_export(query, malformed):
    kept = AuditFilters.from_query(query).as_query()
    assert malformed not in kept
    assert set(kept) == set(query) - {malformed}
    with pytest.raises(FilterError, match=malformed):
        AuditFilters.from_params(query)


def test_an_empty_value_is_no_filter_not_a_malformed_one():
    assert AuditFilters.from_params({"date_from": "  ", "record_id": ""}) == AuditFilters()


def test_the_last_day_of_the_calendar_has_no_upper_bound():
    assert AuditFilters(date_to=date.max).before() is None
    assert AuditFilters(date_to=date(2025, 3, 31)).before().isoformat() == (
        "2025-04-01T00:00:00+05:00"
    )
