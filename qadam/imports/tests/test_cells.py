"""Cell types, without a database."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from qadam.common.rules import Bound
from qadam.imports.cells import (
    SKIP,
    Choice,
    Date,
    Integer,
    Languages,
    Number,
    Text,
    is_formula,
)
from qadam.imports.identifier_cells import Identifier
from qadam.registry.choices import Funding
from qadam.registry.rules import iin_derived
from qadam.registry.tests.factories import bin_for, iin_for

GOOD_IIN = iin_for(date(2005, 3, 14), "F", 12)


def one(cell, value, required=True, default=None):
    values, errors = cell.parse_many([value], required=required, default=default)
    return values[0], [message for _index, message in errors]


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ("=1+1", True),
        ("+SUM(A1:A9)", True),
        ("-1 500", False),
        ("-", True),
        ("@SUM(A1)", True),
        ("  =HYPERLINK(1)", True),
        ("\tx", True),
        ("-5", False),
        ("+7", False),
        ("-1,5", False),
        ("-1.5e3", False),
        ("abc", False),
        ("a=b", False),
        (5, False),
    ],
)
def test_formula_detection(value, formula):
    assert is_formula(value) is formula


def test_iin_check_digit_message_is_the_registrys():
    wrong = GOOD_IIN[:11] + str((int(GOOD_IIN[11]) + 1) % 10)
    value, errors = one(Identifier("IIN"), wrong)
    assert value is None
    assert errors == [f"IIN check digit should be {GOOD_IIN[11]}, not {wrong[11]}"]
    assert errors == iin_derived(wrong)[1]["iin"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12345", "must be exactly 12 digits"),
        ("051314500123", "not a real date"),
        ("050101700123", "century digit"),
    ],
)
def test_iin_structure_errors(raw, message):
    _value, errors = one(Identifier("IIN"), raw)
    assert message in errors[0]


def test_iin_typed_as_a_number_keeps_its_leading_zero():
    assert GOOD_IIN.startswith("0")
    assert one(Identifier("IIN"), int(GOOD_IIN)) == (GOOD_IIN, [])
    assert one(Identifier("IIN"), float(int(GOOD_IIN))) == (GOOD_IIN, [])


def test_identifiers_are_checked_as_a_whole_column_in_order():
    good = [iin_for(date(2004, 1, 1 + n), "M", n) for n in range(20)]
    wrong = good[0][:11] + ("1" if good[0][11] == "0" else "0")
    raw = [*good, "bad", None, SKIP, wrong]
    values, errors = Identifier("IIN").parse_many(raw, required=True, default=None)
    assert values[:20] == good
    assert [index for index, _message in errors] == [20, 21, 23]
    assert values[22] is None


def test_bin_rules():
    good = bin_for(date(2019, 3, 1), 77)
    assert one(Identifier("BIN"), good) == (good, [])
    wrong_entity = good[:4] + "9" + good[5:]
    assert "entity-type digit" in one(Identifier("BIN"), wrong_entity)[1][0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-01", date(2023, 9, 1)),
        ("01.09.2023", date(2023, 9, 1)),
        ("1.9.2023", date(2023, 9, 1)),
        ("2023-09-01 00:00:00", date(2023, 9, 1)),
        (datetime(2023, 9, 1), date(2023, 9, 1)),
        (date(2023, 9, 1), date(2023, 9, 1)),
    ],
)
def test_dates_people_type(value, expected):
    assert one(Date(), value) == (expected, [])


@pytest.mark.parametrize("value", ["2023-02-30", "09/01/2023", "yesterday", 45000, "1850-01-01"])
def test_bad_dates(value):
    assert one(Date(), value)[0] is None
    assert one(Date(), value)[1]


def test_numbers_with_a_comma_and_spaces():
    cell = Number(places=2, minimum=Decimal("0.01"), maximum=Decimal("1000000"))
    assert one(cell, "1 500,5") == (Decimal("1500.50"), [])
    assert one(cell, 4.2) == (Decimal("4.20"), [])
    assert "decimals" in cell.describe() or cell.describe()
    assert one(cell, "4.255")[1] == ["at most 2 digits after the point"]
    assert one(cell, "0")[1] == ["must be between 0.01 and 1000000"]
    assert one(cell, "1e40")[1]
    assert one(cell, "abc")[1] == ["a number"]


def test_integers_are_parsed_and_their_range_left_to_the_rules():
    cell = Integer(Bound(1, 6))
    assert one(cell, "2") == (2, [])
    assert one(cell, 3.0) == (3, [])
    assert one(cell, "2 000 000 000") == (2_000_000_000, [])
    assert one(cell, "2.5")[1] == ["a whole number"]
    assert cell.describe() == "whole number from 1 to 6"


def test_a_number_without_a_range_takes_any_size():
    cell = Number(places=2, bound=Bound(Decimal("2.00"), Decimal("5.00")))
    assert one(cell, "7,5") == (Decimal("7.50"), [])
    assert one(cell, "1e40") == (Decimal("1e40"), [])  # the rules' range refuses it
    assert one(cell, "4.255")[1] == ["at most 2 digits after the point"]
    assert cell.describe() == "number from 2.00 to 5.00, at most 2 decimals"


def test_blank_cells_take_the_default_or_are_required():
    assert one(Text(5), "  ", required=False, default="") == ("", [])
    assert one(Text(5), None, required=True) == (None, ["a value is required"])
    assert one(Text(3), "abcd")[1] == ["at most 3 characters; this has 4"]


def test_text_pads_codes_typed_as_numbers():
    assert one(Text(2, pad=2), 1) == ("01", [])
    assert one(Text(20), 123.0) == ("123", [])


def test_choices_take_codes_and_labels_in_every_language():
    cell = Choice(Funding)
    assert one(cell, "STATE_ORDER") == ("state_order", [])
    assert one(cell, "state order") == ("state_order", [])
    assert one(cell, "госзаказ") == ("state_order", [])
    assert one(cell, "мемлекеттік тапсырыс") == ("state_order", [])
    assert "use one of: state_order, paid" in one(cell, "free")[1][0]


def test_languages():
    assert one(Languages(), "ru, kk") == ("ru,kk", [])
    assert one(Languages(), "fr")[1]
