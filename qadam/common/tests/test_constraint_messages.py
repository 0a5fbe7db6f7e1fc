"""A database constraint that refuses a value says why in the reader's language, never by its
name ("Constraint “event_ends_after_start” is violated")."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

CHECKS = [
    (model, constraint)
    for model in apps.get_models()
    if model.__module__.startswith("qadam.")
    for constraint in model._meta.constraints
    if isinstance(constraint, models.CheckConstraint)
]


def test_the_check_constraints_are_found():
    assert len(CHECKS) > 30


@pytest.mark.parametrize(
    ("model", "constraint"), CHECKS, ids=[constraint.name for _, constraint in CHECKS]
)
def test_every_check_constraint_explains_itself_in_kk_ru_and_en(model, constraint):
    said = {}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            said[language] = constraint.get_violation_error_message()
    assert constraint.name not in said["en"], said["en"]
    assert said["kk"] != said["en"] and said["ru"] != said["en"], said
