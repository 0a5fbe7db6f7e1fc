"""One filter declaration: lenient for a page, strict for an export, typed for the API."""

from datetime import date
from typing import Annotated

import pytest

from qadam.common.filters import (
    Country,
    Day,
    FilterError,
    Flag,
    Id,
    ListFilters,
    NoFilters,
    Search,
    SmallNumber,
    YesNo,
    one_of,
)


class Filters(ListFilters):
    q: Search = ""
    region: Id | None = None
    year: SmallNumber | None = None
    funding: Annotated[str, one_of({"state_order", "paid"})] = ""
    country: Country = ""
    changed_only: Flag = False
    since: Day | None = None
    scholarship: YesNo = None


class RoundFilters(ListFilters):
    round: Id
    q: Search = ""


def test_a_page_drops_malformed_values_and_keeps_the_rest():
    filters = Filters.from_query(
        {
            "q": " Абаев\x00 ",
            "region": "99999999999999999999999",
            "year": "2",
            "funding": "free",
            "country": "ru",
            "changed_only": "on",
            "page": "3",
        }
    )
    assert filters == Filters(q="Абаев", year=2, country="RU", changed_only=True)
    assert filters.as_query() == {"q": "Абаев", "year": "2", "country": "RU", "changed_only": "1"}


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"region": "-1"}, "region"),
        ({"region": "1e3"}, "region"),
        ({"region": str(2**63)}, "region"),
        ({"funding": "free"}, "funding"),
        ({"country": "RUS"}, "country"),
        ({"changed_only": "maybe"}, "changed_only"),
    ],
)
def test_an_export_refuses_a_malformed_value_naming_it(params, named):
    with pytest.raises(FilterError) as raised:
        Filters.from_params(params)
    assert named in raised.value.message


def test_a_required_filter_is_named_when_missing():
    with pytest.raises(FilterError, match="round"):
        RoundFilters.from_params({"q": "x"})
    assert RoundFilters.from_params({"round": "7"}).round == 7


def test_search_text_is_trimmed_capped_and_cleaned():
    assert Filters.from_params({"q": " a\x00b" + "x" * 200}).q == "ab" + "x" * 98


def test_blank_values_mean_no_filter():
    assert Filters.from_params({"region": "", "q": "  ", "funding": ""}) == Filters()


def test_a_blank_value_is_no_filter_even_when_validated_directly():
    """The API validates the query itself: `?region=&funding=` filters nothing."""
    assert Filters.model_validate({"region": "", "funding": " ", "since": ""}) == Filters()


@pytest.mark.parametrize(
    ("raw", "day"),
    [("2025-03-01", date(2025, 3, 1)), ("9999-12-31", date.max), ("1900-01-01", date(1900, 1, 1))],
)
def test_a_day_is_the_machine_format_of_a_date_input(raw, day):
    assert Filters.from_params({"since": raw}).since == day
    assert Filters.from_params({"since": raw}).as_query() == {"since": raw}


@pytest.mark.parametrize("raw", ["2025-02-29", "01.03.2025", "20250301", "0001-01-01", "today"])
def test_a_day_that_is_not_one_the_database_can_bound_is_malformed(raw):
    assert Filters.from_query({"since": raw}).since is None
    with pytest.raises(FilterError, match="since"):
        Filters.from_params({"since": raw})


@pytest.mark.parametrize(
    ("raw", "parsed", "query"),
    [("", None, {}), ("yes", True, {"scholarship": "1"}), ("no", False, {"scholarship": "0"})],
)
def test_a_yes_no_filter_keeps_no_apart_from_all(raw, parsed, query):
    """A select of all / yes / no: "no" filters (and survives the pager's and the export's
    query), a blank one does not; an unticked checkbox (`Flag`) is no filter."""
    filters = Filters.from_query({"scholarship": raw, "changed_only": "off"})
    assert filters.scholarship is parsed
    assert filters.as_query() == query
    assert Filters.from_params(filters.as_query()) == filters


def test_a_malformed_yes_no_is_dropped_by_a_page_and_refused_by_an_export():
    assert Filters.from_query({"scholarship": "perhaps"}).scholarship is None
    with pytest.raises(FilterError, match="scholarship"):
        Filters.from_params({"scholarship": "perhaps"})


def test_the_api_schema_lists_a_choices_values():
    schema = Filters.model_json_schema()["properties"]
    assert schema["funding"]["enum"] == ["", "paid", "state_order"]
    assert "enum" not in schema["q"]


def test_a_list_without_filters_takes_none():
    assert NoFilters.from_params({"region": "1", "page": "2"}).as_query() == {}
