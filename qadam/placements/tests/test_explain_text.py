"""The sentence that tells a student why an offer they ranked higher went to others."""

import pytest
from django.utils import translation

from qadam.engines.placement import Explanation
from qadam.engines.placement_scoring import UNRANKED_SCORE
from qadam.placements.explain_text import explanation_sentence, format_score, score_text


def because(reason, cutoff, score, capacity=12, rank=1):
    return Explanation(
        student=7,
        offer=3,
        rank=rank,
        capacity=capacity,
        cutoff=cutoff,
        student_score=score,
        reason=reason,
    )


def sentence(explanation, rule="grades", title="Welder", lottery=42):
    with translation.override("en"):
        return explanation_sentence(
            explanation, offer_title=title, scoring_rule=rule, lottery=lottery
        )


def test_a_full_offer_names_the_seats_the_cutoff_and_the_score():
    assert sentence(because("full", 71.5, 68.0)) == (
        "«Welder» filled its 12 seats; the lowest admitted score was 71.5, yours was 68.0."
    )


def test_one_seat_is_singular():
    assert sentence(because("full", 90.0, 80.0, capacity=1)).startswith(
        "«Welder» filled its 1 seat;"
    )


def test_a_tie_names_the_lottery_number():
    assert sentence(because("tie", 80.0, 80.0), lottery=42) == (
        "«Welder» filled its 12 seats; the lowest admitted score was 80.0, the same as yours; "
        "ties go to the applicant with the lower lottery number (yours is 42)."
    )


def test_an_offer_without_seats():
    assert sentence(because("no_seats", float("inf"), 50.0, capacity=0)) == (
        "«Welder» had no seats."
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(68.0, "68.0"), (71.5, "71.5"), (71.25, "71.25"), (83.3333, "83.3333"), (0.0, "0.0")],
)
def test_scores_keep_their_decimals(value, text):
    with translation.override("en"):
        assert format_score(value) == text


def test_scores_that_differ_in_the_fourth_decimal_stay_apart():
    text = sentence(because("full", 71.0001, 71.0))
    assert "was 71.0001, yours was 71.0." in text


def test_numbers_follow_the_language():
    with translation.override("ru"):
        assert format_score(68.5) == "68,5"


def test_the_enterprise_ranking_speaks_of_positions():
    text = sentence(because("full", -3.0, -5.0), rule="ranking")
    assert text == (
        "«Welder» filled its 12 seats; the enterprise's ranking admitted applicants down to "
        "position 3, and you were at position 5."
    )
    assert "-3" not in text and "1000000" not in text


def test_an_applicant_the_enterprise_did_not_rank():
    text = sentence(because("full", -12.0, UNRANKED_SCORE), rule="ranking")
    assert text == (
        "«Welder» filled its 12 seats with applicants the enterprise ranked, down to position "
        "12; the enterprise did not rank you."
    )


def test_a_tie_at_the_same_ranking_position():
    text = sentence(because("tie", -4.0, -4.0), rule="ranking", lottery=9)
    assert "position 4 of the enterprise's ranking, the same as you" in text
    assert "(yours is 9)" in text


def test_a_tie_between_applicants_the_enterprise_did_not_rank():
    text = sentence(because("tie", UNRANKED_SCORE, UNRANKED_SCORE), rule="ranking", lottery=5)
    assert "was not ranked by the enterprise, nor were you" in text
    assert "(yours is 5)" in text and "1000000" not in text


@pytest.mark.parametrize(
    ("score", "rule", "text"),
    [
        (71.5, "grades", "71.5"),
        (64.25, "weighted", "64.25"),
        (-2.0, "ranking", "position 2 in the enterprise's ranking"),
        (UNRANKED_SCORE, "ranking", "not ranked by the enterprise"),
    ],
)
def test_score_text(score, rule, text):
    with translation.override("en"):
        assert score_text(score, rule) == text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_language_gives_a_sentence_with_the_title(language):
    with translation.override(language):
        text = explanation_sentence(
            because("full", 71.5, 68.0), offer_title="Сварщик", scoring_rule="grades", lottery=1
        )
    assert "Сварщик" in text
