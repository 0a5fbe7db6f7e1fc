"""Database CHECK constraints built from the rules' ranges, so the database refuses what the
rules refuse on SQLite and PostgreSQL alike."""

from collections.abc import Callable, Mapping

from django.db import models
from django.utils.functional import lazy

from qadam.common.rules import Bound


def _escaped(bound: Bound) -> Callable[[], str]:
    return lambda: bound.message().replace("%", "%%")


def bound_constraints(prefix: str, bounds: Mapping[str, Bound]) -> list[models.CheckConstraint]:
    """One `<prefix>_<field>_range` constraint per bounded field (NULL passes)."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__isnull": True})
            | (
                models.Q(**{f"{field}__gte": bound.low}) & models.Q(**{f"{field}__lte": bound.high})
            ),
            name=f"{prefix}_{field}_range",
            # the rules' own words, in the reader's language (the rules refuse first); Django
            # %-formats the message once more, so a "%" in it is doubled
            violation_error_message=lazy(_escaped(bound), str)(),
        )
        for field, bound in bounds.items()
    ]
