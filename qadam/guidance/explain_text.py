"""Why a specialty is recommended to a pupil, as translated sentences.

Pure functions of plain values (the pupil's strongest scales, the specialty's fit and its
figures in the pupil's region); no database. Scale names and nicknames come from the
instrument's metadata, already in the pupil's language.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

if TYPE_CHECKING:  # the results' shape only: this module reads no database
    from qadam.guidance.selectors import Results

SCALE_MAX = 5


class ScaleLike(Protocol):
    """A scale as the results show it (`selectors.ScaleScore` fits)."""

    @property
    def name(self) -> str: ...

    @property
    def nickname(self) -> str: ...

    @property
    def score(self) -> float: ...


def format_score(value: float) -> str:
    """A scale score with one decimal in the active language's format: 4.0, 3.6."""
    return number_format(round(value, 1), decimal_pos=1)  # number_format cuts, not rounds


def format_fit(value: float) -> str:
    """A fit (Pearson's r, -1..1) with two decimals: 0.93."""
    return number_format(round(value, 2), decimal_pos=2)


def format_count(value: int) -> str:
    return number_format(value, force_grouping=True)


def scale_phrase(scale: ScaleLike, *, with_maximum: bool = False) -> str:
    """«Realistic (Doer, 5.0 of 5)», or without the maximum «Investigative (Thinker, 4.0)»."""
    values = {
        "name": scale.name,
        "nickname": scale.nickname,
        "score": format_score(scale.score),
        "maximum": SCALE_MAX,
    }
    if with_maximum:
        return _("%(name)s (%(nickname)s, %(score)s of %(maximum)s)") % values
    return _("%(name)s (%(nickname)s, %(score)s)") % values


def interests_sentence(top_scales: Sequence[ScaleLike]) -> str:
    """The pupil's two strongest interests (the first letters of the Holland code)."""
    if not top_scales:
        return ""
    first = scale_phrase(top_scales[0], with_maximum=True)
    if len(top_scales) == 1:
        return _("Your strongest interest is %(first)s.") % {"first": first}
    return _("Your strongest interests are %(first)s and %(second)s.") % {
        "first": first,
        "second": scale_phrase(top_scales[1]),
    }


# which self-rated skill speaks to which interest: shown in the explanation, never scored
SKILL_SCALES = {
    "tools": {"R"},
    "numbers": {"I", "C"},
    "people": {"S", "E"},
    "computers": {"I", "C", "R"},
}
SKILL_NAMES = {
    "tools": gettext_lazy("working with tools"),
    "numbers": gettext_lazy("working with numbers"),
    "people": gettext_lazy("working with people"),
    "computers": gettext_lazy("working with computers"),
}
STRONG_SKILL = 4


def skills_sentence(skills: Mapping[str, int], top_codes: str) -> str:
    """The pupil's strong self-rated skills (4 or 5 of 5) that fit their top interests."""
    strong = [
        f"{SKILL_NAMES[name]} ({value}/{SCALE_MAX})"
        for name, value in skills.items()
        if name in SKILL_SCALES and value >= STRONG_SKILL and SKILL_SCALES[name] & set(top_codes)
    ]
    if not strong:
        return ""
    return _("You rate yourself good at %(skills)s, which this work needs.") % {
        "skills": ", ".join(strong)
    }


def fit_sentence(specialty: str, fit: float) -> str:
    return _("%(specialty)s matches that profile (fit %(fit)s of 1).") % {
        "specialty": specialty,
        "fit": format_fit(fit),
    }


def region_sentence(
    *, region: str, state_funded_seats: int, dual_places: int, enterprises: int
) -> str:
    """Seats, dual-training places and enterprises of the sector in the pupil's region."""
    if state_funded_seats:
        seats = ngettext(
            "%(count)s state-funded first-year seat",
            "%(count)s state-funded first-year seats",
            state_funded_seats,
        ) % {"count": format_count(state_funded_seats)}
    else:
        seats = _("no state-funded first-year seats")
    if dual_places:
        places = ngettext(
            "%(count)s dual-training place this term",
            "%(count)s dual-training places this term",
            dual_places,
        ) % {"count": format_count(dual_places)}
    else:
        places = _("no dual-training places published this term")
    if enterprises:
        firms = ngettext(
            "%(count)s enterprise of the sector",
            "%(count)s enterprises of the sector",
            enterprises,
        ) % {"count": format_count(enterprises)}
    else:
        firms = _("no enterprise of the sector")
    return _("In %(region)s: %(seats)s, %(places)s, %(enterprises)s.") % {
        "region": region,
        "seats": seats,
        "places": places,
        "enterprises": firms,
    }


def recommendation_sentence(
    *,
    top_scales: Sequence[ScaleLike],
    specialty: str,
    fit: float,
    region: str,
    state_funded_seats: int,
    dual_places: int,
    enterprises: int,
    skills: Mapping[str, int] | None = None,
    top_codes: str = "",
) -> str:
    """Interests, fit and regional outlook of one recommended specialty, e.g. «Your
    strongest interests are Realistic (Doer, 5.0 of 5) and Investigative (Thinker, 4.0).
    Electrician matches that profile (fit 0.93 of 1). In Almaty Region: 120 state-funded
    first-year seats, 45 dual-training places this term, 14 enterprises of the sector.»"""
    parts = [
        interests_sentence(top_scales),
        skills_sentence(skills or {}, top_codes),
        fit_sentence(specialty, fit),
        region_sentence(
            region=region,
            state_funded_seats=state_funded_seats,
            dual_places=dual_places,
            enterprises=enterprises,
        ),
    ]
    return " ".join(part for part in parts if part)


def distance_text(km: float) -> str:
    """A college's distance from the pupil's region: «in your region», «about 240 km»."""
    if km == 0:
        return _("in your region")
    if not math.isfinite(km):
        return _("distance unknown")
    return _("about %(km)s km") % {"km": format_count(round(km))}


# --------------------------------------------------------------------------- result rows

LANGUAGE_NAMES = {
    "kk": gettext_lazy("Kazakh"),
    "ru": gettext_lazy("Russian"),
    "en": gettext_lazy("English"),
}


@dataclass(frozen=True)
class CollegeText:
    name: str
    region: str
    distance: str
    languages: str
    seats: int


@dataclass(frozen=True)
class RecommendationText:
    code: str
    specialty: str
    fit: str
    sentence: str
    colleges: list[CollegeText]


def language_names(codes: Sequence[str]) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in codes)


def recommendation_texts(results: "Results") -> list[RecommendationText]:
    """Each recommended specialty of `results` as the pupil reads it (page and PDF)."""
    region = results.session.region.name
    return [
        RecommendationText(
            code=outlook.specialty.code,
            specialty=outlook.specialty.name,
            fit=format_fit(outlook.fit),
            sentence=recommendation_sentence(
                top_scales=results.top_scales[:2],
                specialty=outlook.specialty.name,
                fit=outlook.fit,
                region=region,
                state_funded_seats=outlook.state_funded_seats,
                dual_places=outlook.dual_places,
                enterprises=outlook.enterprises,
                skills=results.session.skills,
                top_codes=results.session.holland_code[:2],
            ),
            colleges=[
                CollegeText(
                    name=college.name,
                    region=college.region,
                    distance=distance_text(college.distance_km),
                    languages=language_names(college.languages),
                    seats=college.state_funded_seats,
                )
                for college in outlook.colleges
            ],
        )
        for outlook in results.recommendations
    ]
