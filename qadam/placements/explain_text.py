"""Why a student did not get an offer they ranked higher, as one translated sentence.

Pure functions of an engine `Explanation` and the offer's title and scoring rule. Scores of
the grade and weighted rules are points; under the enterprise's own ranking a score of -k
means "ranked k-th" and `UNRANKED_SCORE` means the enterprise did not rank the applicant.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qadam.engines.placement import Explanation
from qadam.engines.placement_scoring import UNRANKED_SCORE

RANKING = "ranking"  # Offer.ScoringRule.RANKING, without importing the models
MAX_DECIMALS = 4  # scores are rounded to 4 decimals by the scoring engine


def format_score(value: float) -> str:
    """Points with as many decimals as the value has (at least one, at most four), in the
    active language's number format: 68.0, 71.25."""
    decimals = next(
        (d for d in range(1, MAX_DECIMALS) if abs(round(value, d) - value) < 1e-9),
        MAX_DECIMALS,
    )
    return number_format(value, decimal_pos=decimals)


def is_ranked(score: float) -> bool:
    return score > UNRANKED_SCORE


def position(score: float) -> int:
    """The enterprise's ranking position behind a ranking-rule score (-3.0 -> 3)."""
    return round(-score)


def score_text(score: float, scoring_rule: str) -> str:
    """A score as a person reads it: points, or a position in the enterprise's ranking."""
    if scoring_rule != RANKING:
        return format_score(score)
    if not is_ranked(score):
        return _("not ranked by the enterprise")
    return _("position %(position)s in the enterprise's ranking") % {"position": position(score)}


def explanation_sentence(
    explanation: Explanation, *, offer_title: str, scoring_rule: str, lottery: int
) -> str:
    """One sentence: why the offer `offer_title` went to others (see `Explanation.reason`)."""
    seats = explanation.capacity
    values = {"title": offer_title, "seats": seats, "lottery": lottery}
    if explanation.reason == "no_seats":
        return _("«%(title)s» had no seats.") % values
    if explanation.reason == "quota":
        return (
            _(
                "«%(title)s» is under a quota the ministry set: its seats reserved for a group "
                "of applicants went to that group, or the quota's limit for your group was "
                "reached there."
            )
            % values
        )
    if scoring_rule == RANKING and is_ranked(explanation.cutoff):
        return _ranking_sentence(explanation, values)
    if scoring_rule == RANKING and not is_ranked(explanation.student_score):
        # the last admitted applicant was not ranked either: only a tie is possible
        return (
            ngettext(
                "«%(title)s» filled its %(seats)s seat; the last admitted applicant was not "
                "ranked by the enterprise, nor were you; ties go to the applicant with the "
                "lower lottery number (yours is %(lottery)s).",
                "«%(title)s» filled its %(seats)s seats; the last admitted applicant was not "
                "ranked by the enterprise, nor were you; ties go to the applicant with the "
                "lower lottery number (yours is %(lottery)s).",
                seats,
            )
            % values
        )
    values["cutoff"] = format_score(explanation.cutoff)
    values["score"] = format_score(explanation.student_score)
    if explanation.reason == "tie":
        return (
            ngettext(
                "«%(title)s» filled its %(seats)s seat; the lowest admitted score was %(cutoff)s, "
                "the same as yours; ties go to the applicant with the lower lottery number "
                "(yours is %(lottery)s).",
                "«%(title)s» filled its %(seats)s seats; the lowest admitted score was %(cutoff)s, "
                "the same as yours; ties go to the applicant with the lower lottery number "
                "(yours is %(lottery)s).",
                seats,
            )
            % values
        )
    return (
        ngettext(
            "«%(title)s» filled its %(seats)s seat; the lowest admitted score was %(cutoff)s, "
            "yours was %(score)s.",
            "«%(title)s» filled its %(seats)s seats; the lowest admitted score was %(cutoff)s, "
            "yours was %(score)s.",
            seats,
        )
        % values
    )


def _ranking_sentence(explanation: Explanation, values: dict[str, object]) -> str:
    """The enterprise's own ranking admitted applicants down to a position."""
    values = {**values, "cutoff": position(explanation.cutoff)}
    seats = explanation.capacity
    if explanation.reason == "tie":
        return (
            ngettext(
                "«%(title)s» filled its %(seats)s seat; the last admitted applicant was at "
                "position %(cutoff)s of the enterprise's ranking, the same as you; ties go to the "
                "applicant with the lower lottery number (yours is %(lottery)s).",
                "«%(title)s» filled its %(seats)s seats; the last admitted applicant was at "
                "position %(cutoff)s of the enterprise's ranking, the same as you; ties go to the "
                "applicant with the lower lottery number (yours is %(lottery)s).",
                seats,
            )
            % values
        )
    if not is_ranked(explanation.student_score):
        return (
            ngettext(
                "«%(title)s» filled its %(seats)s seat with applicants the enterprise ranked, "
                "down to position %(cutoff)s; the enterprise did not rank you.",
                "«%(title)s» filled its %(seats)s seats with applicants the enterprise ranked, "
                "down to position %(cutoff)s; the enterprise did not rank you.",
                seats,
            )
            % values
        )
    values["score"] = position(explanation.student_score)
    return (
        ngettext(
            "«%(title)s» filled its %(seats)s seat; the enterprise's ranking admitted applicants "
            "down to position %(cutoff)s, and you were at position %(score)s.",
            "«%(title)s» filled its %(seats)s seats; the enterprise's ranking admitted applicants "
            "down to position %(cutoff)s, and you were at position %(score)s.",
            seats,
        )
        % values
    )
