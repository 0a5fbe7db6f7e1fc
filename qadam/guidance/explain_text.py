"""Why a specialty is recommended to a pupil, as translated sentences.

Pure functions of plain values (the pupil's strongest scales, the specialty's fit and its
figures in the pupil's region); no database. Scale names and nicknames come from the
instrument's metadata, already in the pupil's language.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.template.defaultfilters import floatformat
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
    """A scale score with one decimal in the active language's format: 4.0, 3.6. Rounded
    half up as the page's `floatformat` rounds it (Python's round() rounds 2.25 to 2.2), so
    the PDF and the page show the same score."""
    return str(floatformat(value, 1))


def format_fit(value: float) -> str:
    """A fit (Pearson's r, -1..1) with two decimals: 0.93 (rounded as the page rounds it)."""
    return str(floatformat(value, 2))


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


def region_sentence(*, region: str, dual_places: int, enterprises: int) -> str:
    """Dual-training places and enterprises of the sector in the pupil's region."""
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
    return _("In %(region)s: %(places)s, %(enterprises)s.") % {
        "region": region,
        "places": places,
        "enterprises": firms,
    }


def about(value: float) -> int:
    """A projection as a person would say it: whole below 100, else two significant
    digits (1,234 -> 1,200)."""
    if value < 100:
        return round(value)
    digits = math.floor(math.log10(value)) - 1
    return int(round(value, -digits))


def outlook_sentence(
    *, region: str, graduation_year: int, projected_openings: float, state_funded_seats: int
) -> str:
    """What the pupil's region will need when they could graduate, and this year's seats:
    «By 2030, when you could graduate, Atyrau Region will need about 120 people with this
    specialty a year; 45 state-funded first-year seats this year.»"""
    openings = about(projected_openings)
    if openings:
        need = ngettext(
            "By %(year)s, when you could graduate, %(region)s will need about %(count)s "
            "person with this specialty a year",
            "By %(year)s, when you could graduate, %(region)s will need about %(count)s "
            "people with this specialty a year",
            openings,
        ) % {"year": graduation_year, "region": region, "count": format_count(openings)}
    else:
        need = _(
            "By %(year)s, when you could graduate, planning expects almost no openings for "
            "this specialty in %(region)s"
        ) % {"year": graduation_year, "region": region}
    if state_funded_seats:
        seats = ngettext(
            "%(count)s state-funded first-year seat this year",
            "%(count)s state-funded first-year seats this year",
            state_funded_seats,
        ) % {"count": format_count(state_funded_seats)}
    else:
        seats = _("no state-funded first-year seats this year")
    return _("%(need)s; %(seats)s.") % {"need": need, "seats": seats}


def ranking_sentence(*, interest_only: bool, outlook_weight: float) -> str:
    """How the list is ranked, with the weight of each part."""
    if interest_only:
        return _(
            "Ranked by how well each specialty fits your interests, whatever your region needs."
        )
    return _(
        "Ranked by how well each specialty fits your interests (%(fit)s%%) and by how many "
        "people your region will need in it when you could graduate (%(outlook)s%%): "
        "planning's projection of openings and this year's state-funded seats."
    ) % {"fit": round(100 * (1 - outlook_weight)), "outlook": round(100 * outlook_weight)}


def recommendation_sentence(
    *,
    top_scales: Sequence[ScaleLike],
    specialty: str,
    fit: float,
    region: str,
    dual_places: int,
    enterprises: int,
    skills: Mapping[str, int] | None = None,
    top_codes: str = "",
) -> str:
    """Interests, fit and the sector in the pupil's region of one recommended specialty,
    e.g. «Your strongest interests are Realistic (Doer, 5.0 of 5) and Investigative
    (Thinker, 4.0). Electrician matches that profile (fit 0.93 of 1). In Almaty Region:
    45 dual-training places this term, 14 enterprises of the sector.»"""
    parts = [
        interests_sentence(top_scales),
        skills_sentence(skills or {}, top_codes),
        fit_sentence(specialty, fit),
        region_sentence(region=region, dual_places=dual_places, enterprises=enterprises),
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
    score: str
    sentence: str
    outlook: str  # what the region will need when the pupil could graduate
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
            score=format_fit(outlook.score),
            sentence=recommendation_sentence(
                top_scales=results.top_scales[:2],
                specialty=outlook.specialty.name,
                fit=outlook.fit,
                region=region,
                dual_places=outlook.dual_places,
                enterprises=outlook.enterprises,
                skills=results.session.skills,
                top_codes=results.session.holland_code[:2],
            ),
            outlook=outlook_sentence(
                region=region,
                graduation_year=outlook.graduation_year,
                projected_openings=outlook.projected_openings,
                state_funded_seats=outlook.state_funded_seats,
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
