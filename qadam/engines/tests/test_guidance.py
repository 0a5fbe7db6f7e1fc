"""Tests for qadam.engines.guidance (pure numpy, no database)."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from qadam.engines.guidance import (
    SCALES,
    answered_counts,
    blend,
    cronbach_alpha,
    holland_code,
    occupation_fit,
    outlook_index,
    score,
    top_fits,
    top_values,
    z_scores,
)

NAN = np.nan
# Two items per scale, in the order R R I I A A S S E E C C.
SMALL_KEY = np.repeat(np.arange(6), 2)
# The real instrument: 8 items per scale.
KEY48 = np.repeat(np.arange(6), 8)


# --------------------------------------------------------------------------- score


class TestScore:
    def test_hand_computed_two_people_with_missing_answers(self) -> None:
        answers = np.array(
            [
                [1, 2, 3, 3, 5, 4, 2, NAN, NAN, NAN, 1, 1],
                [5, 5, 1, 2, 3, 3, 4, 4, 2, 3, NAN, 5],
            ]
        )
        expected = np.array(
            [
                [1.5, 3.0, 4.5, 2.0, NAN, 1.0],
                [5.0, 1.5, 3.0, 4.0, 2.5, 5.0],
            ]
        )
        np.testing.assert_array_equal(score(answers, SMALL_KEY), expected)

    def test_one_person_vector_gives_six_scores(self) -> None:
        answers = np.array([1, 2, 3, 3, 5, 4, 2, 4, 1, 1, 5, 5], dtype=float)
        result = score(answers, SMALL_KEY)
        assert result.shape == (6,)
        np.testing.assert_array_equal(result, [1.5, 3.0, 4.5, 3.0, 1.0, 5.0])

    def test_accepts_integer_answers_and_letter_keys(self) -> None:
        letters = np.array(list("RRIIAASSEECC"))
        answers = [[1, 3, 2, 2, 5, 5, 4, 2, 1, 2, 3, 4]]
        np.testing.assert_array_equal(score(answers, letters), [[2.0, 2.0, 5.0, 3.0, 1.5, 3.5]])

    def test_items_need_not_be_grouped_by_scale(self) -> None:
        key = np.array([5, 0, 5, 0])
        np.testing.assert_array_equal(score([[1, 2, 3, 4]], key), [[3.0, NAN, NAN, NAN, NAN, 2.0]])

    def test_all_unanswered_gives_nan_everywhere(self) -> None:
        assert np.isnan(score(np.full((3, 12), NAN), SMALL_KEY)).all()

    def test_zero_people(self) -> None:
        assert score(np.empty((0, 12)), SMALL_KEY).shape == (0, 6)


class TestScoreErrors:
    def test_out_of_range_names_item_and_person(self) -> None:
        answers = np.full((2, 48), 3.0)
        answers[0, 7] = 6
        with pytest.raises(ValueError, match=r"^item 7 \(person 0\): 6 is outside 1\.\.5$"):
            score(answers, KEY48)

    def test_first_bad_value_is_named_and_the_rest_counted(self) -> None:
        answers = np.full((3, 48), 3.0)
        answers[1, 40] = 0
        answers[2, 2] = 9
        answers[2, 3] = 7
        with pytest.raises(
            ValueError,
            match=r"^item 40 \(person 1\): 0 is outside 1\.\.5 \(2 more invalid answers\)$",
        ):
            score(answers, KEY48)

    def test_one_person_message_has_no_person(self) -> None:
        answers = np.full(48, 2.0)
        answers[12] = -1
        with pytest.raises(ValueError, match=r"^item 12: -1 is outside 1\.\.5$"):
            score(answers, KEY48)

    def test_non_integer_is_refused(self) -> None:
        answers = np.full((1, 48), 2.0)
        answers[0, 30] = 2.5
        with pytest.raises(ValueError, match=r"^item 30 \(person 0\): 2\.5 is not a whole number$"):
            score(answers, KEY48)

    def test_infinity_is_refused(self) -> None:
        answers = np.full(12, 2.0)
        answers[4] = np.inf
        with pytest.raises(ValueError, match=r"^item 4: inf is outside 1\.\.5$"):
            score(answers, SMALL_KEY)

    @pytest.mark.parametrize(
        ("key", "message"),
        [
            (np.zeros(11, dtype=int), r"item_scale must have shape \(12,\)"),
            (np.array([0] * 11 + [6]), r"item 11: scale index 6 is outside 0\.\.5"),
            (np.array([0] * 11 + [-1]), r"item 11: scale index -1 is outside 0\.\.5"),
            (np.array(list("RRIIAASSEECX")), r"unknown scale letter \(item 11: 'X'\)"),
            (np.full(12, 0.5), r"item_scale must hold integers"),
        ],
    )
    def test_bad_item_scale(self, key: np.ndarray, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            score(np.full(12, 3.0), key)

    def test_three_dimensional_answers_are_refused(self) -> None:
        with pytest.raises(ValueError, match=r"1-D .* or 2-D"):
            score(np.full((2, 2, 12), 3.0), SMALL_KEY)


def test_answered_counts() -> None:
    answers = np.array(
        [
            [1, 2, 3, 3, 5, 4, 2, NAN, NAN, NAN, 1, 1],
            [NAN] * 12,
        ]
    )
    np.testing.assert_array_equal(
        answered_counts(answers, SMALL_KEY), [[2, 2, 2, 1, 0, 2], [0, 0, 0, 0, 0, 0]]
    )
    np.testing.assert_array_equal(answered_counts(answers[0], SMALL_KEY), [2, 2, 2, 1, 0, 2])


# --------------------------------------------------------------------------- Holland code


class TestHollandCode:
    def test_top_three_in_order(self) -> None:
        scores = np.array([[1.0, 4.5, 2.0, 3.5, 4.0, 1.5], [5.0, 1.0, 1.0, 1.0, 2.0, 3.0]])
        assert holland_code(scores) == ["IES", "RCE"]

    def test_ties_follow_the_order_of_scales(self) -> None:
        assert holland_code(np.full((1, 6), 3.0)) == ["RIA"]
        # S and I tie for first, then E and C tie for third.
        assert holland_code([[1.0, 4.0, 2.0, 4.0, 3.0, 3.0]]) == ["ISE"]
        # Differences below 1e-9 are rounding noise and count as ties.
        assert holland_code([[1.0, 1.0, 1.0, 2.0, 2.0 + 1e-12, 1.0]]) == ["SER"]

    def test_one_profile_returns_a_list_of_one(self) -> None:
        assert holland_code(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 4.5])) == ["ECS"]

    def test_nan_scales_are_skipped(self) -> None:
        assert holland_code([[NAN, 2.0, NAN, 1.0, NAN, 5.0]]) == ["CIS"]
        assert holland_code([[NAN, 2.0, NAN, NAN, NAN, 5.0]]) == ["CI"]
        assert holland_code([[NAN] * 6]) == [""]

    def test_wrong_shape(self) -> None:
        with pytest.raises(ValueError, match="shape"):
            holland_code(np.ones((2, 5)))


# --------------------------------------------------------------------------- fit


class TestOccupationFit:
    def test_matches_numpy_corrcoef(self) -> None:
        rng = np.random.default_rng(7)
        person = rng.uniform(1, 5, 6)
        profiles = rng.uniform(1, 7, (40, 6))
        expected = [np.corrcoef(person, row)[0, 1] for row in profiles]
        np.testing.assert_allclose(occupation_fit(person, profiles), expected, atol=1e-12)

    def test_hand_computed(self) -> None:
        person = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        profiles = np.array(
            [
                [6.0, 5.0, 4.0, 3.0, 2.0, 1.0],  # reversed: -1
                [2.0, 4.0, 6.0, 8.0, 10.0, 12.0],  # same shape on another scale: +1
                [1.0, 2.0, 3.0, 3.0, 2.0, 1.0],  # symmetric hump: 0
                [1.0, 1.0, 1.0, 1.0, 1.0, 2.0],
            ]
        )
        # Last row: person deviations -2.5..2.5, profile deviations (-1/6 x5, 5/6);
        # r = (5/6 * 2.5 + 1/6 * 2.5) / sqrt(17.5 * 5/6) = 2.5 / sqrt(14.583...)
        expected = [-1.0, 1.0, 0.0, 2.5 / math.sqrt(17.5 * 5 / 6)]
        np.testing.assert_allclose(occupation_fit(person, profiles), expected, atol=1e-12)

    def test_flat_and_nan_profiles_give_nan(self) -> None:
        person = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 4.0])
        profiles = np.array(
            [
                [0.1] * 6,  # flat, with a mean that is not exact in binary
                [3.0] * 6,
                [1.0, 2.0, NAN, 4.0, 5.0, 6.0],
                [1.0, 2.0, 3.0, 4.0, 5.0, 4.0],
            ]
        )
        fit = occupation_fit(person, profiles)
        assert np.isnan(fit[:3]).all()
        assert fit[3] == pytest.approx(1.0)

    def test_flat_or_nan_person_gives_all_nan(self) -> None:
        profiles = np.array([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2.0, 1.0, 1.0, 1.0, 1.0, 1.0]])
        assert np.isnan(occupation_fit([3.0] * 6, profiles)).all()
        assert np.isnan(occupation_fit([1.0, 2.0, NAN, 4.0, 5.0, 6.0], profiles)).all()

    def test_single_profile_row_and_shapes(self) -> None:
        fit = occupation_fit([1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12])
        assert fit.shape == (1,)
        assert occupation_fit([1, 2, 3, 4, 5, 6], np.empty((0, 6))).shape == (0,)
        with pytest.raises(ValueError, match="person must be"):
            occupation_fit([1, 2, 3], np.ones((2, 6)))


class TestTopFits:
    PERSON = np.array([5.0, 1.0, 1.0, 1.0, 1.0, 3.0])

    def test_sorted_by_fit_with_stable_ties(self) -> None:
        profiles = np.array(
            [
                [1.0, 5.0, 5.0, 5.0, 5.0, 3.0],  # 0: exact opposite, -1
                [6.0, 2.0, 2.0, 2.0, 2.0, 4.0],  # 1: same shape, +1
                [3.0] * 6,  # 2: flat, NaN, never returned
                [2.0, 1.0, 1.0, 1.0, 1.0, 1.0],  # 3: partial
                [10.0, 2.0, 2.0, 2.0, 2.0, 6.0],  # 4: same shape, +1 (tie with 1)
            ]
        )
        fit = occupation_fit(self.PERSON, profiles)
        assert fit[1] == pytest.approx(fit[4])
        np.testing.assert_array_equal(top_fits(self.PERSON, profiles, 10), [1, 4, 3, 0])
        np.testing.assert_array_equal(top_fits(self.PERSON, profiles, 2), [1, 4])
        assert top_fits(self.PERSON, profiles, 0).shape == (0,)

    def test_negative_k(self) -> None:
        with pytest.raises(ValueError, match="k must be >= 0"):
            top_fits(self.PERSON, np.ones((2, 6)), -1)


# --------------------------------------------------------------------------- reliability


class TestCronbachAlpha:
    # Four people answering three items of one scale. By hand (ddof=1):
    #   item variances 5/3, 4.75/3, 5/3        -> sum 14.75/3
    #   totals 5, 8, 10, 14 (mean 9.25)        -> variance 42.75/3
    #   alpha = 3/2 * (1 - 14.75/42.75) = 42/42.75 = 56/57
    FOUR_BY_THREE = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5]], dtype=float)

    def test_hand_computed_four_by_three(self) -> None:
        alpha = cronbach_alpha(self.FOUR_BY_THREE, [0, 0, 0])
        assert alpha.shape == (6,)
        assert alpha[0] == pytest.approx(56 / 57, abs=1e-12)
        assert np.isnan(alpha[1:]).all()  # scales with no items

    def test_scales_are_computed_separately(self) -> None:
        answers = np.hstack([self.FOUR_BY_THREE, self.FOUR_BY_THREE[::-1]])
        alpha = cronbach_alpha(answers, [3, 3, 3, 5, 5, 5])
        np.testing.assert_allclose(alpha[[3, 5]], 56 / 57)

    def test_incomplete_rows_are_dropped_per_scale(self) -> None:
        extra = np.array([[NAN, 1, 5, 1, 1, 1]])
        answers = np.vstack([np.hstack([self.FOUR_BY_THREE, self.FOUR_BY_THREE]), extra])
        alpha = cronbach_alpha(answers, [0, 0, 0, 1, 1, 1])
        # Scale R drops the extra person; scale I keeps it, so its alpha changes.
        assert alpha[0] == pytest.approx(56 / 57)
        assert alpha[1] != pytest.approx(56 / 57)

    def test_matches_covariance_formula(self) -> None:
        rng = np.random.default_rng(3)
        answers = rng.integers(1, 6, (50, 48)).astype(float)
        alpha = cronbach_alpha(answers, KEY48)
        for s in range(6):
            cov = np.cov(answers[:, s == KEY48], rowvar=False)
            expected = 8 / 7 * (1 - np.trace(cov) / cov.sum())
            assert alpha[s] == pytest.approx(expected, abs=1e-12)

    def test_undefined_cases_are_nan(self) -> None:
        # One complete person only.
        assert np.isnan(cronbach_alpha(np.array([[1, 2, 3], [NAN, 2, 3]]), [0, 0, 0])[0])
        # A single item in the scale.
        assert np.isnan(cronbach_alpha([[1], [2], [4]], [0])[0])
        # Nobody varies: total variance is zero.
        assert np.isnan(cronbach_alpha(np.full((5, 3), 4.0), [0, 0, 0])[0])

    def test_items_that_disagree_give_negative_alpha(self) -> None:
        answers = np.array([[1, 5, 3], [5, 1, 3], [2, 4, 4], [4, 2, 2]], dtype=float)
        assert cronbach_alpha(answers, [0, 0, 0])[0] < 0

    def test_identical_items_give_exactly_one(self) -> None:
        answers = np.repeat(np.array([[1.0], [3.0], [2.0], [5.0]]), 4, axis=1)
        assert cronbach_alpha(answers, [2, 2, 2, 2])[2] == pytest.approx(1.0)

    def test_validates_answers_and_needs_two_dimensions(self) -> None:
        with pytest.raises(ValueError, match=r"item 1 \(person 2\): 7 is outside"):
            cronbach_alpha([[1, 2], [1, 2], [1, 7]], [0, 0])
        with pytest.raises(ValueError, match="several people"):
            cronbach_alpha([1, 2, 3], [0, 0, 0])


def test_z_scores() -> None:
    mean = np.array([2.0, 3.0, 2.5, 3.0, 2.5, 2.5])
    sd = np.array([1.0, 0.5, 1.0, 0.0, 2.0, NAN])
    result = z_scores([3.0, 2.0, 2.5, 3.0, 4.5, 3.0], mean, sd)
    np.testing.assert_array_equal(result, [1.0, -2.0, 0.0, NAN, 1.0, NAN])
    assert z_scores(np.ones((4, 6)), mean, np.ones(6)).shape == (4, 6)


# --------------------------------------------------------------------------- properties

_likert = st.one_of(st.integers(1, 5).map(float), st.just(NAN))
_profile_value = st.floats(-10, 10, allow_nan=False, allow_subnormal=False)


def _non_flat(v: np.ndarray) -> bool:
    return float(np.ptp(v)) > 0.1


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 8), st.just(48)), elements=_likert))
def test_property_scores_within_likert_range(answers: np.ndarray) -> None:
    result = score(answers, KEY48)
    finite = result[~np.isnan(result)]
    assert ((finite >= 1) & (finite <= 5)).all()
    # A scale is NaN exactly when none of its items was answered.
    np.testing.assert_array_equal(np.isnan(result), answered_counts(answers, KEY48) == 0)
    # Holland codes only use scored scales, in non-increasing order of score.
    for row, code in zip(result, holland_code(result), strict=True):
        values = [row[SCALES.index(letter)] for letter in code]
        assert len(set(code)) == len(code) == min(3, int((~np.isnan(row)).sum()))
        assert values == sorted(values, reverse=True)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, 6, elements=_profile_value),
    hnp.arrays(np.float64, st.tuples(st.integers(1, 20), st.just(6)), elements=_profile_value),
)
def test_property_fit_is_a_correlation(person: np.ndarray, profiles: np.ndarray) -> None:
    fit = occupation_fit(person, profiles)
    finite = fit[~np.isnan(fit)]
    assert ((finite >= -1) & (finite <= 1)).all()


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, 6, elements=_profile_value).filter(_non_flat),
    hnp.arrays(np.float64, (5, 6), elements=_profile_value),
    st.floats(0.1, 100),
    st.floats(-100, 100),
)
def test_property_fit_invariant_to_positive_affine_rescaling(
    person: np.ndarray, profiles: np.ndarray, slope: float, shift: float
) -> None:
    before = occupation_fit(person, profiles)
    after = occupation_fit(slope * person + shift, profiles)
    np.testing.assert_allclose(after, before, atol=1e-9)
    # A negative slope flips the sign.
    np.testing.assert_allclose(
        occupation_fit(-slope * person + shift, profiles), -before, atol=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 12), st.integers(2, 6)),
        elements=st.one_of(st.integers(1, 5).map(float), st.just(NAN)),
    )
)
def test_property_alpha_at_most_one(answers: np.ndarray) -> None:
    alpha = cronbach_alpha(answers, np.zeros(answers.shape[1], dtype=int))
    assert np.isnan(alpha[1:]).all()
    assert np.isnan(alpha[0]) or alpha[0] <= 1.0


# --------------------------------------------------------------------------- instrument data

DATA_DIR = Path(__file__).resolve().parents[2] / "guidance" / "data"


@pytest.mark.skipif(not (DATA_DIR / "riasec48_v1.csv").exists(), reason="no instrument data")
def test_riasec48_item_bank_scores_with_the_engine() -> None:
    with (DATA_DIR / "riasec48_v1.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["item_id"] for r in rows] == [f"{s}{i}" for s in SCALES for i in range(1, 9)]
    assert [int(r["order"]) for r in rows] == list(range(1, 49))
    for r in rows:
        assert r["text_en"] and r["text_ru"] and r["text_kk"]
        # ru and kk are Cyrillic: no Latin letters slipped in.
        assert not re.search("[A-Za-z]", r["text_ru"] + r["text_kk"]), r["item_id"]
    key = np.array([r["scale"] for r in rows])
    answers = np.where(key == "I", 5.0, 1.0)
    assert holland_code(score(answers, key)) == ["IRA"]

    with (DATA_DIR / "riasec48_norms.csv").open(encoding="utf-8", newline="") as f:
        norms = list(csv.DictReader(f))
    assert [r["item_id"] for r in norms] == [r["item_id"] for r in rows]
    meta = json.loads((DATA_DIR / "riasec48_v1.json").read_text(encoding="utf-8"))
    assert [s["code"] for s in meta["scales"]] == list(SCALES)
    assert set(meta["response_scale"]["labels"]) == {"1", "2", "3", "4", "5"}


# --------------------------------------------------------------------------- outlook


def test_outlook_index_is_the_square_root_of_the_share_of_the_largest() -> None:
    index = outlook_index([400.0, 100.0, 0.0, -5.0, np.nan])
    assert index.tolist() == [1.0, 0.5, 0.0, 0.0, 0.0]
    assert outlook_index([0.0, 0.0]).tolist() == [0.0, 0.0]


def test_blend_weighs_the_rescaled_fit_against_the_outlook() -> None:
    fit = np.array([1.0, 0.6, -1.0, np.nan])
    outlook = np.array([0.0, 1.0, 1.0, 1.0])
    combined = blend(fit, outlook, 0.3)
    assert combined[:3] == pytest.approx([0.7, 0.7 * 0.8 + 0.3, 0.3])
    assert math.isnan(combined[3])
    # weight 0: the order of the fits
    assert top_values(blend(fit, outlook, 0.0), 3).tolist() == [0, 1, 2]
    # with the outlook, the second specialty (a good fit with openings) overtakes the first
    assert top_values(combined, 2).tolist() == [1, 0]


def test_blend_refuses_a_weight_outside_zero_to_one_and_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="weight"):
        blend([0.5], [0.5], 1.5)
    with pytest.raises(ValueError, match="same shape"):
        blend([0.5, 0.1], [0.5], 0.3)


def test_top_values_skips_nan_and_keeps_the_lower_index_on_ties() -> None:
    assert top_values([0.2, np.nan, 0.5, 0.5, 0.1], 3).tolist() == [2, 3, 0]
    assert top_values([np.nan], 2).tolist() == []
