"""The audit log's filters: what the page keeps, what it reports as malformed."""

from datetime import date

import pytest

from qadam.common.audit_filters import AuditFilters


def test_valid_filters_survive_the_round_trip_through_the_query_string():
    query = {
        "record_type": "registry.Student",
        "record_id": "123",
        "actor": "ministry",
        "action": "update",
        "date_from": "2025-03-01",
        "date_to": "2025-03-31",
    }
    filters, malformed = AuditFilters.parse(query)
    assert malformed == []
    assert (filters.record_id, filters.date_from) == (123, date(2025, 3, 1))
    assert filters.as_query() == query


@pytest.mark.parametrize(
    ("query", "malformed"),
    [
        ({"date_from": "2025-02-29"}, ["date_from"]),  # not a leap year
        ({"date_to": "31.03.2025"}, ["date_to"]),  # the machine format only
        ({"record_id": "0"}, ["record_id"]),
        ({"record_id": "9" * 20}, ["record_id"]),  # beyond the database's integers
        ({"record_type": "Student"}, ["record_type"]),
        ({"actor": "a\tb"}, ["actor"]),
        ({"action": "bulk_load", "actor": "\x00"}, ["actor"]),
        ({"date_from": "  ", "record_id": ""}, []),  # empty is no filter, not malformed
    ],
)
def test_malformed_values_are_named_and_left_out(query, malformed):
    filters, found = AuditFilters.parse(query)
    assert found == malformed
    assert set(filters.as_query()).isdisjoint(malformed)


def test_the_last_day_of_the_calendar_has_no_upper_bound():
    assert AuditFilters(date_to=date.max).before() is None
    assert AuditFilters(date_to=date(2025, 3, 31)).before().isoformat() == (
        "2025-04-01T00:00:00+05:00"
    )
