"""The seeded educators' records beyond name and post: qualification category, education,
subjects, years in industry, languages and the few foreign managers.

Every share here is an ASSUMPTION for a plausible demo (no published national breakdown was
found): categories lean to the earlier ones among the older educators; masters of vocational
training (мастера производственного обучения) came from industry. Drawn from a random stream
of its own, so the rest of the country is the same with or without these columns.
"""

from dataclasses import dataclass

import numpy as np

# assumption: the national spread of categories (without, 2nd, 1st, higher, moderator, expert,
# researcher, master); under 30 most hold none yet
CATEGORIES = np.array(
    ["none", "second", "first", "higher", "moderator", "expert", "researcher", "master"]
)
CATEGORY_SHARES = np.array([0.22, 0.12, 0.16, 0.12, 0.16, 0.14, 0.06, 0.02])
YOUNG_WITHOUT_CATEGORY = 0.7
# assumption: technical and vocational, bachelor, master, doctorate
EDUCATIONS = np.array(["tvet", "bachelor", "master", "doctorate"])
EDUCATION_SHARES = np.array([0.12, 0.68, 0.18, 0.02])
LANGUAGES = np.array(["kk,ru", "ru", "kk", "kk,ru,en"])
LANGUAGE_SHARES = np.array([0.5, 0.22, 0.25, 0.03])
SUBJECTS = np.array(
    [
        "Специальные дисциплины",
        "Математика",
        "Физика",
        "Казахский язык и литература",
        "Русский язык и литература",
        "Английский язык",
        "История Казахстана",
        "Информатика",
    ]
)
SUBJECT_SHARES = np.array([0.5, 0.08, 0.06, 0.09, 0.07, 0.08, 0.06, 0.06])
VOCATIONAL_TRAINING = "Производственное обучение"
# assumption: one head of department in fifty is a foreign manager (a few dozen nationally)
FOREIGN_AMONG_HEADS = 0.02


@dataclass(frozen=True)
class EducatorColumns:
    category: np.ndarray
    education: np.ndarray
    subjects: np.ndarray
    years_in_industry: np.ndarray
    languages: np.ndarray
    is_foreign_manager: np.ndarray


def _draw(rng: np.random.Generator, values: np.ndarray, shares: np.ndarray, n: int) -> np.ndarray:
    return values[np.searchsorted(np.cumsum(shares / shares.sum())[:-1], rng.random(n))]


def educator_columns(
    rng: np.random.Generator, age: np.ndarray, position: np.ndarray
) -> EducatorColumns:
    """The record's columns for educators of `age` in `position` (index 1: a master of
    vocational training, 2: a head of department)."""
    n = age.size
    category = _draw(rng, CATEGORIES, CATEGORY_SHARES, n)
    young = (age < 30) & (rng.random(n) < YOUNG_WITHOUT_CATEGORY)
    category[young] = "none"
    master = position == 1
    subjects = _draw(rng, SUBJECTS, SUBJECT_SHARES, n)
    subjects[master] = VOCATIONAL_TRAINING
    # years in industry: most teachers a few or none, masters of training many; never more
    # than their working life (the registry's rule: age - 16)
    years = np.where(rng.random(n) < 0.45, 0, rng.geometric(0.18, n))
    years = np.where(master, 2 + rng.geometric(0.1, n), years)
    years = np.minimum(years, np.maximum(age - 17, 0))
    foreign = (position == 2) & (rng.random(n) < FOREIGN_AMONG_HEADS)
    return EducatorColumns(
        category=category,
        education=_draw(rng, EDUCATIONS, EDUCATION_SHARES, n),
        subjects=subjects,
        years_in_industry=years.astype(np.int64),
        languages=_draw(rng, LANGUAGES, LANGUAGE_SHARES, n),
        is_foreign_manager=foreign,
    )
