"""The sentence that tells a pupil why a specialty is recommended, and its pieces."""

import math
from dataclasses import dataclass

import pytest
from django.utils import translation

from qadam.guidance.explain_text import (
    distance_text,
    format_fit,
    format_score,
    interests_sentence,
    language_names,
    recommendation_sentence,
    region_sentence,
)


@dataclass(frozen=True)
class Scale:
    name: str
    nickname: str
    score: float


REALISTIC = Scale("Realistic", "Doer", 5.0)
INVESTIGATIVE = Scale("Investigative", "Thinker", 4.0)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sentence(**changes) -> str:
    values = {
        "top_scales": [REALISTIC, INVESTIGATIVE],
        "specialty": "Electrician",
        "fit": 0.934,
        "region": "Almaty Region",
        "state_funded_seats": 120,
        "dual_places": 45,
        "enterprises": 14,
    }
    return recommendation_sentence(**{**values, **changes})


def test_the_whole_sentence_names_interests_fit_and_the_region():
    assert sentence() == (
        "Your strongest interests are Realistic (Doer, 5.0 of 5) and Investigative "
        "(Thinker, 4.0). Electrician matches that profile (fit 0.93 of 1). In Almaty Region: "
        "120 state-funded first-year seats, 45 dual-training places this term, 14 enterprises "
        "of the sector."
    )


def test_one_of_each_is_singular_and_none_is_said_plainly():
    assert region_sentence(
        region="Abai Region", state_funded_seats=1, dual_places=1, enterprises=1
    ) == (
        "In Abai Region: 1 state-funded first-year seat, 1 dual-training place this term, "
        "1 enterprise of the sector."
    )
    assert region_sentence(
        region="Abai Region", state_funded_seats=0, dual_places=0, enterprises=0
    ) == (
        "In Abai Region: no state-funded first-year seats, no dual-training places published "
        "this term, no enterprise of the sector."
    )


def test_large_counts_are_grouped():
    assert "1,250 state-funded first-year seats" in sentence(state_funded_seats=1250)


def test_a_single_strong_interest_and_none():
    assert interests_sentence([REALISTIC]) == (
        "Your strongest interest is Realistic (Doer, 5.0 of 5)."
    )
    assert interests_sentence([]) == ""
    assert sentence(top_scales=[]).startswith("Electrician matches that profile")


@pytest.mark.parametrize(
    ("value", "text"), [(3.0, "3.0"), (3.625, "3.6"), (1.0, "1.0"), (4.96, "5.0")]
)
def test_scores_have_one_decimal(value, text):
    assert format_score(value) == text


def test_fits_have_two_decimals_and_may_be_negative():
    assert format_fit(0.9349) == "0.93"
    assert format_fit(0.928) == "0.93"
    assert format_fit(-0.2) == "-0.20"


def test_distances():
    assert distance_text(0.0) == "in your region"
    assert distance_text(239.6) == "about 240 km"
    assert distance_text(1234.0) == "about 1,234 km"
    assert distance_text(math.inf) == "distance unknown"


def test_language_names_and_unknown_codes():
    assert language_names(["kk", "ru", "en"]) == "Kazakh, Russian, English"
    assert language_names(["de"]) == "de"
    assert language_names([]) == ""


def test_russian_uses_its_decimal_comma_and_translated_languages():
    with translation.override("ru"):
        assert format_score(4.5) == "4,5"
        assert language_names(["kk"]) != "Kazakh"


def test_strong_skills_that_fit_the_top_interests_join_the_explanation():
    from django.utils import translation

    from qadam.guidance.explain_text import skills_sentence

    with translation.override("en"):
        sentence = skills_sentence({"tools": 5, "people": 5, "numbers": 2}, "RI")
        assert (
            sentence == "You rate yourself good at working with tools (5/5), which this work needs."
        )
        assert skills_sentence({"tools": 3}, "RI") == ""  # not strong enough
        assert skills_sentence({"people": 5}, "RI") == ""  # not about these interests
