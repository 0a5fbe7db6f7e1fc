"""One filter declaration: lenient for a page, strict for an export, typed for the API."""

from typing import Annotated

import pytest

from qadam.common.filters import (
    Country,
    FilterError,
    Flag,
    Id,
    ListFilters,
    Search,
    SmallNumber,
    one_of,
)


class Filters(ListFilters):
    q: Search = ""
    region: Id | None = None
    year: SmallNumber | None = None
    funding: Annotated[str, one_of({"state_order", "paid"})] = ""
    country: Country = ""
    changed_only: Flag = False


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
