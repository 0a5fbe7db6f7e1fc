"""Every read of the registry, scoped to what the user may see.

Organisations, programs, specialties and occupations are public reference data
(organisations.py); people (students, educators) are personal data: only the roles that
need them see them (people.py); figures.py holds the national totals and statistics.
"""

from qadam.registry.selectors.figures import (
    KIND_ORDER,
    college_state_funded_seats,
    dataset_statistics,
    registry_totals,
)
from qadam.registry.selectors.organisations import (
    INSTITUTIONS_SHOWN,
    enterprise_get,
    enterprise_list,
    institution_get,
    institution_list,
    institution_list_writable,
    institution_options,
    occupation_list,
    program_choices,
    program_get,
    program_list,
    region_list,
    specialty_list,
)
from qadam.registry.selectors.people import (
    STUDENT_GROUPINGS,
    educator_list,
    student_count_total,
    student_counts,
    student_get,
    student_list,
    student_visible,
)

__all__ = [
    "INSTITUTIONS_SHOWN",
    "KIND_ORDER",
    "STUDENT_GROUPINGS",
    "college_state_funded_seats",
    "dataset_statistics",
    "educator_list",
    "enterprise_get",
    "enterprise_list",
    "institution_get",
    "institution_list",
    "institution_list_writable",
    "institution_options",
    "occupation_list",
    "program_choices",
    "program_get",
    "program_list",
    "region_list",
    "registry_totals",
    "specialty_list",
    "student_count_total",
    "student_counts",
    "student_get",
    "student_list",
    "student_visible",
]
