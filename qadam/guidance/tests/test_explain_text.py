"""The sentence that tells a pupil why a specialty is recommended, and its pieces."""

import math
from dataclasses import dataclass

import pytest
from django.utils import translation

from qadam.guidance.explain_text import (
    distance_text,
    format_count,
    format_fit,
    format_score,
    interests_sentence,
    language_names,
    outlook_sentence,
    ranking_sentence,
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
        "dual_places": 45,
        "enterprises": 14,
    }
    return recommendation_sentence(**{**values, **changes})


def test_the_whole_sentence_names_interests_fit_and_the_region():
    assert sentence() == (
        "Your strongest interests are Realistic (Doer, 5.0 of 5) and Investigative "
        "(Thinker, 4.0). Electrician matches that profile (fit 0.93 of 1). In Almaty Region: "
        "45 dual-training places this term, 14 enterprises of the sector."
    )


def test_one_of_each_is_singular_and_none_is_said_plainly():
    assert region_sentence(region="Abai Region", dual_places=1, enterprises=1) == (
        "In Abai Region: 1 dual-training place this term, 1 enterprise of the sector."
    )
    assert region_sentence(region="Abai Region", dual_places=0, enterprises=0) == (
        "In Abai Region: no dual-training places published this term, no enterprise of the sector."
    )


def outlook(**changes) -> str:
    values = {
        "region": "Atyrau Region",
        "graduation_year": 2030,
        "projected_openings": 118.4,
        "state_funded_seats": 45,
    }
    return outlook_sentence(**{**values, **changes})


def test_the_outlook_names_the_year_the_regions_need_and_this_years_seats():
    assert outlook() == (
        "By 2030, when you could graduate, Atyrau Region will need about 120 people with this "
        "specialty a year; 45 state-funded first-year seats this year."
    )


def test_the_outlook_rounds_like_a_person_and_says_none_plainly():
    assert "about 1 person with this specialty a year; 1 state-funded first-year seat this" in (
        outlook(projected_openings=0.6, state_funded_seats=1)
    )
    assert "about 1,300 people" in outlook(projected_openings=1_264.0)
    assert "about 57 people" in outlook(projected_openings=57.2)
    assert outlook(projected_openings=0.2, state_funded_seats=0) == (
        "By 2030, when you could graduate, planning expects almost no openings for this "
        "specialty in Atyrau Region; no state-funded first-year seats this year."
    )


def test_the_ranking_says_its_weights_or_that_it_is_interest_alone():
    assert "fits your interests (70%)" in ranking_sentence(interest_only=False, outlook_weight=0.3)
    assert "(30%)" in ranking_sentence(interest_only=False, outlook_weight=0.3)
    assert "%" not in ranking_sentence(interest_only=True, outlook_weight=0.3)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_outlook_and_the_ranking_are_sentences_in_kazakh_and_russian(language):
    with translation.override(language):
        text = outlook(projected_openings=1_264.0)
        ranking = ranking_sentence(interest_only=False, outlook_weight=0.3)
        figure = format_count(1_300)  # in the language's own grouping
    assert "2030" in text and "Atyrau Region" in text and figure in text and "45" in text
    assert "70%" in ranking and "30%" in ranking


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


@pytest.mark.parametrize(("language", "shown"), [("en", "2.3"), ("ru", "2,3"), ("kk", "2,3")])
def test_the_pdf_rounds_a_score_as_the_page_does(language, shown):
    from django.template import Context, Template

    from qadam.guidance.explain_text import format_score

    with translation.override(language):
        page = Template("{{ s|floatformat:1 }}").render(Context({"s": 2.25}))
        assert format_score(2.25) == page == shown  # round() would give 2.2
