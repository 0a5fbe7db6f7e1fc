"""The joint programme's lists' filters (ADR 0007): a programme's quotas and a cohort's
students are exported by their parent's id; the programme list takes none (NoFilters)."""

from qadam.common.filters import Id, ListFilters


class ProgressFilters(ListFilters):
    """A programme's quotas with their progress (the programme's page lists them all)."""

    programme: Id


class MemberFilters(ListFilters):
    """A cohort's students (the cohort's page lists them all)."""

    cohort: Id
