"""IIN and BIN: structure, check digit, and what an IIN says about its holder.

The reference check digit below is written from the algorithm, independently of the code:
digits 1..11 weighted 1..11, summed mod 11; if that is 10, weighted 3..11,1,2; a second 10
means no number with those eleven digits is ever issued.
"""

import contextlib
from datetime import date

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from qadam.registry.identifiers import (
    IdentifierError,
    bins_valid,
    check_digit,
    check_digits_many,
    parse_iin,
    parse_iins,
    validate_bin,
)
from qadam.registry.rules import iin_derived


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English; the last tests ask for kk and ru."""
    with translation.override("en"):
        yield


FIRST_WEIGHTS = range(1, 12)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def reference_check_digit(first_eleven: str) -> int | None:
    digits = [int(c) for c in first_eleven]
    remainder = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS, strict=True)) % 11
    return None if remainder == 10 else remainder


# Worked by hand:
# 9005153012: 9*1+0+0+5*4+1*5+5*6+3*7+0+1*9+2*10+3*11 = 147; 147 mod 11 = 4.
# 9005153009-0: first pass 9+20+5+30+21+9*10 = 175, mod 11 = 10; second pass
#   9*3+5*6+1*7+5*8+3*9+9*1 = 140, mod 11 = 8.
# 9005153009-1: first pass 175 + 1*11 = 186, mod 11 = 10; second 140 + 1*2 = 142, mod 11 = 10.
HAND_CHECKED_IINS = [
    # (IIN, birth date, sex)
    ("900515301234", date(1990, 5, 15), "M"),
    ("900515300908", date(1990, 5, 15), "M"),
]
NEVER_ISSUED_FIRST_ELEVEN = "90051530091"
# 0801 4 0 00001: 0+8*2+0+1*4+4*5+0+0+0+0+0+1*11 = 51; 51 mod 11 = 7.
# 0801 4 0 00080: first 16+4+20+8*10 = 120 mod 11 = 10; second 8*4+1*6+4*7+8*1 = 74 mod 11 = 8.
HAND_CHECKED_BINS = ["080140000017", "080140000808"]


@pytest.mark.parametrize(
    ("first_eleven", "expected"),
    [
        ("90051530123", 4),
        ("90051530090", 8),
        ("90051530091", None),
        ("08014000001", 7),
        ("08014000080", 8),
    ],
)
def test_check_digit_matches_hand_computation(first_eleven, expected):
    assert reference_check_digit(first_eleven) == expected
    assert check_digit(first_eleven) == expected


@pytest.mark.parametrize(("iin", "born", "sex"), HAND_CHECKED_IINS)
def test_valid_iin_gives_birth_date_and_sex(iin, born, sex):
    person = parse_iin(iin)
    assert person.birth_date == born
    assert person.sex == sex


@pytest.mark.parametrize(
    ("century_digit", "year", "sex"),
    [
        (1, 1890, "M"),
        (2, 1890, "F"),
        (3, 1990, "M"),
        (4, 1990, "F"),
        (5, 2090, "M"),
        (6, 2090, "F"),
    ],
)
def test_century_digit_sets_century_and_sex(century_digit, year, sex):
    first_eleven = f"900515{century_digit}0123"
    digit = reference_check_digit(first_eleven)
    assert digit is not None
    person = parse_iin(first_eleven + str(digit))
    assert person.birth_date == date(year, 5, 15)
    assert person.sex == sex


def test_iin_born_on_29_february_of_a_leap_year():
    first_eleven = "0002295" + "0001"
    iin = first_eleven + str(reference_check_digit(first_eleven))
    assert parse_iin(iin).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize("value", ["", "12345", "9005153012345", "90051530123a", "9005 5301234"])
@pytest.mark.parametrize(("check", "label"), [(parse_iin, "IIN"), (validate_bin, "BIN")])
def test_not_twelve_digits_is_refused(check, label, value):
    with pytest.raises(IdentifierError, match=f"{label} must be exactly 12 digits"):
        check(value)


NON_ASCII_DIGITS = {
    "full-width": "９００５１５３０１２３４",
    "arabic-indic": "٩٠٠٥١٥٣٠١٢٣٤",
    "bengali": "৯০০৫১৫৩০১২৩৪",
    "superscript": "90051530123²",
}


@pytest.mark.parametrize("value", NON_ASCII_DIGITS.values(), ids=NON_ASCII_DIGITS.keys())
@pytest.mark.parametrize(("check", "label"), [(parse_iin, "IIN"), (validate_bin, "BIN")])
def test_digits_of_other_scripts_are_refused_as_not_twelve_digits(check, label, value):
    """str.isdigit() accepts them; the check digit arithmetic does not."""
    with pytest.raises(IdentifierError, match=f"{label} must be exactly 12 digits"):
        check(value)


@pytest.mark.parametrize(
    "date_part",
    ["901315", "900230", "000000", "890229", "900532"],  # month 13, 30 Feb, zeros, 1989 not leap
)
def test_iin_with_impossible_date_is_refused(date_part):
    first_eleven = f"{date_part}30123"
    iin = first_eleven + str(reference_check_digit(first_eleven) or 0)
    with pytest.raises(IdentifierError, match=f"IIN date part {date_part} is not a real date"):
        parse_iin(iin)


@pytest.mark.parametrize("century_digit", [0, 7, 8, 9])
def test_iin_with_unknown_century_digit_is_refused(century_digit):
    first_eleven = f"900515{century_digit}0123"
    iin = first_eleven + str(reference_check_digit(first_eleven) or 0)
    with pytest.raises(IdentifierError, match=f"century digit \\(7th\\) is {century_digit}"):
        parse_iin(iin)


@pytest.mark.parametrize("wrong", [d for d in range(10) if d != 4])
def test_iin_with_wrong_check_digit_names_the_expected_digit(wrong):
    with pytest.raises(IdentifierError, match=f"IIN check digit should be 4, not {wrong}"):
        parse_iin(f"90051530123{wrong}")


def test_iin_whose_first_eleven_digits_have_no_check_digit_is_refused():
    with pytest.raises(IdentifierError, match="no check digit is valid"):
        parse_iin(NEVER_ISSUED_FIRST_ELEVEN + "0")


@pytest.mark.parametrize("bin_number", HAND_CHECKED_BINS)
def test_valid_bin_is_accepted(bin_number):
    assert validate_bin(bin_number) == bin_number


@pytest.mark.parametrize("month", ["00", "13", "99"])
def test_bin_with_impossible_month_is_refused(month):
    first_eleven = f"08{month}4000001"
    value = first_eleven + str(reference_check_digit(first_eleven) or 0)
    with pytest.raises(IdentifierError, match=f"BIN registration month {month} must be 01–12"):
        validate_bin(value)


@pytest.mark.parametrize("entity", ["0", "1", "2", "3", "7", "8", "9"])
def test_bin_with_unknown_entity_type_is_refused(entity):
    first_eleven = f"0801{entity}000001"
    value = first_eleven + str(reference_check_digit(first_eleven) or 0)
    with pytest.raises(IdentifierError, match=f"entity-type digit \\(5th\\) is {entity}"):
        validate_bin(value)


@pytest.mark.parametrize("unit", ["5", "9"])
def test_bin_with_unknown_unit_type_is_refused(unit):
    first_eleven = f"08014{unit}00001"
    value = first_eleven + str(reference_check_digit(first_eleven) or 0)
    with pytest.raises(IdentifierError, match=f"unit-type digit \\(6th\\) is {unit}"):
        validate_bin(value)


def test_bin_with_wrong_check_digit_names_the_expected_digit():
    with pytest.raises(IdentifierError, match="BIN check digit should be 7, not 3"):
        validate_bin("080140000013")


def test_iin_of_a_person_is_not_a_bin_and_back():
    # An IIN's 5th digit is a day's tens digit; 15 May: "1" is no entity type.
    with pytest.raises(IdentifierError, match="entity-type"):
        validate_bin("900515301234")


@given(
    born=st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    is_male=st.booleans(),
    serial=st.integers(min_value=0, max_value=9999),
)
def test_generated_iin_round_trips_through_parse_iin(born, is_male, serial):
    century = {18: 1, 19: 3, 20: 5}[born.year // 100] + (0 if is_male else 1)
    first_eleven = f"{born:%y%m%d}{century}{serial:04d}"
    digit = reference_check_digit(first_eleven)
    if digit is None:
        with pytest.raises(IdentifierError):
            parse_iin(first_eleven + "0")
        return
    person = parse_iin(first_eleven + str(digit))
    assert person.birth_date == born
    assert person.sex == ("M" if is_male else "F")
    for wrong in {(digit + 1) % 10, (digit + 7) % 10}:
        with pytest.raises(IdentifierError, match=f"should be {digit}"):
            parse_iin(first_eleven + str(wrong))


@given(st.lists(st.text(alphabet="0123456789", min_size=11, max_size=11), min_size=1, max_size=50))
def test_check_digits_many_agrees_with_check_digit(rows):
    digits = np.array([[int(c) for c in row] for row in rows], dtype=np.int64)
    many = check_digits_many(digits)
    expected = [check_digit(row) for row in rows]
    assert [None if d == -1 else int(d) for d in many] == expected
    assert expected == [reference_check_digit(row) for row in rows]


@given(
    st.one_of(
        st.text(min_size=12, max_size=12),
        st.text(alphabet=st.characters(categories=["Nd"]), min_size=12, max_size=12),
    )
)
@pytest.mark.parametrize("check", [parse_iin, validate_bin])
def test_any_twelve_characters_are_accepted_or_refused_with_identifier_error(check, value):
    """Whatever a user types, the answer is a result or a message, never a crash."""
    with contextlib.suppress(IdentifierError):
        check(value)


def _with_check_digit(first_eleven: str) -> str:
    digit = reference_check_digit(first_eleven)
    return first_eleven + str(digit if digit is not None else 0)


def _changed_digit(value: str, position: int, digit: int) -> str:
    return value[:position] + str(digit) + value[position + 1 :]


# What a column of identifiers holds: well-formed numbers (dates of 1800-2099, any century
# digit, serials), the same with one digit changed, 12 random digits, padded values, and
# any text at all, other scripts' digits included.
WELL_FORMED = st.builds(
    lambda born, century, serial: _with_check_digit(f"{born:%y%m%d}{century}{serial:04d}"),
    st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=9999),
)
BIN_LIKE = st.builds(
    lambda month, entity, unit, serial: _with_check_digit(
        f"{month // 100:02d}{month % 100:02d}{entity}{unit}{serial:05d}"
    ),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=99_999),
)
IDENTIFIER_CELLS = st.one_of(
    WELL_FORMED,
    BIN_LIKE,
    st.builds(
        _changed_digit,
        WELL_FORMED,
        st.integers(min_value=0, max_value=11),
        st.integers(min_value=0, max_value=9),
    ),
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.builds(lambda value, pad: pad + value + pad, WELL_FORMED, st.sampled_from([" ", "\t", ""])),
    st.text(max_size=14),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=12, max_size=12),
)


@given(st.lists(IDENTIFIER_CELLS, max_size=30))
def test_parse_iins_agrees_with_the_rules_iin_derived(values):
    """The import's column-at-once check and the services' rule accept the same IINs and
    read the same birth date and sex from them."""
    people = parse_iins(values)
    for position, value in enumerate(values):
        derived, errors = iin_derived(value)
        assert bool(people.valid[position]) is (not errors), value
        assert people.birth_dates[position] == derived.get("birth_date"), value
        assert people.sexes[position] == derived.get("sex"), value


@given(st.lists(IDENTIFIER_CELLS, max_size=30))
def test_bins_valid_agrees_with_validate_bin(values):
    valid = bins_valid(values)
    for position, value in enumerate(values):
        try:
            validate_bin(value)
        except IdentifierError:
            assert not valid[position], value
        else:
            assert valid[position], value


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", "контрольная цифра"), ("kk", "бақылау цифры")],
)
def test_a_wrong_check_digit_is_explained_in_the_readers_language(language, words):
    first_eleven = "90051530123"
    right = reference_check_digit(first_eleven)
    assert right is not None
    with translation.override(language), pytest.raises(IdentifierError) as refused:
        parse_iin(first_eleven + str((right + 1) % 10))
    assert words in str(refused.value) and f" {right}" in str(refused.value)
    assert "check digit" not in str(refused.value)
