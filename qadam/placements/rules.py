"""The placement rules: pure checks on row-shaped data (a mapping of field attnames to values)
that return field errors. The services call them for every write, so a form, the API and the
service refuse the same data with the same message; the ranges are CHECK constraints too."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from qadam.common.rules import Bound, FieldErrors, add_error, bound_errors, merge
from qadam.placements.choices import (
    AppealGround,
    ContractStatus,
    OfferKind,
    QuotaApplicants,
    ScoringRule,
)
from qadam.registry.choices import StudentStatus

MAX_CHOICES = 20  # the most offers a student may rank in one round
# the registry's statuses of a student whose training has ended with the qualification
TRAINING_ENDED = (StudentStatus.GRADUATED, StudentStatus.EMPLOYED)

# A published result may be appealed for this many days (a round may set 1 to 60).
APPEAL_DAYS = 10
ROUND_BOUNDS = {"max_choices": Bound(1, MAX_CHOICES), "appeal_days": Bound(1, 60)}
# A corrected score on the offers' scales: points 0-100, or the enterprise's ranking as
# -position (a million positions is beyond any offer's applicants).
APPEAL_BOUNDS = {"corrected_score": Bound(-1_000_000, 100), "rank": Bound(1, MAX_CHOICES)}

# Tenge a month. Ten million is beyond any job a graduate is guaranteed (an experienced
# oil-and-gas engineer earns around one million), so more is a slipped digit. The bottom is 0,
# not the minimum wage (85,000 in 2025): that changes every year and would date the rule.
SALARY = Bound(0, 10_000_000)
# Years the graduate commits to work for the enterprise: a state grant's work-off is three
# years; five, the longest commitment accepted so far, stays the limit.
WORK_YEARS = Bound(1, 5)
OFFER_BOUNDS = {
    # One enterprise's intake in one round: the largest employers take a few hundred trainees
    # a term; a four-digit figure is a typo, or a whole sector's demand entered as one offer.
    "seats": Bound(1, 1_000),
    # percentages of the weighted scoring rule
    "weight_grades": Bound(0, 100),
    "weight_fit": Bound(0, 100),
    "weight_distance": Bound(0, 100),
    "weight_test": Bound(0, 100),
    "salary_min": SALARY,
    "salary_max": SALARY,
    "work_years": WORK_YEARS,
}
CONTRACT_BOUNDS = {"salary_min": SALARY, "salary_max": SALARY, "work_years": WORK_YEARS}

# A quota's seats: at most a national round's (about 110,000 seats in 2026) and some margin.
QUOTA_BOUNDS = {"min_seats": Bound(0, 500_000), "max_seats": Bound(0, 500_000)}

# A mentor guides several trainees: a hundred names cover the largest offer (1,000 seats).
MAX_MENTORS = 100
MENTOR_NAME_LENGTH = 150

WEIGHT_FIELDS = ("weight_grades", "weight_fit", "weight_distance", "weight_test")
TARGETED_FIELDS = ("position", "salary_min", "salary_max", "work_years")

# A contract's steps: from each status, the statuses it may become and the date each sets.
CONTRACT_STEPS: dict[str, dict[str, str]] = {
    ContractStatus.TRAINING: {
        ContractStatus.EMPLOYED: "employed_on",
        ContractStatus.TERMINATED: "terminated_on",
    },
    ContractStatus.EMPLOYED: {
        ContractStatus.COMPLETED: "completed_on",
        ContractStatus.TERMINATED: "terminated_on",
    },
}
# the dates a contract in each status has
DATES_NEEDED: dict[str, tuple[str, ...]] = {
    ContractStatus.EMPLOYED: ("employed_on",),
    ContractStatus.COMPLETED: ("employed_on", "completed_on"),
    ContractStatus.TERMINATED: ("terminated_on",),
}


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def round_errors(row: Mapping[str, Any]) -> FieldErrors:
    """A round's numbers within their ranges."""
    return bound_errors(row, ROUND_BOUNDS)


def mentors_errors(text: str) -> FieldErrors:
    """One mentor's name a line: at most MAX_MENTORS names of MENTOR_NAME_LENGTH characters."""
    errors: FieldErrors = {}
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    names = [(number, name) for number, name in lines if name]
    if len(names) > MAX_MENTORS:
        add_error(
            errors,
            "mentors",
            _("List at most %(n)s mentors, one name a line.") % {"n": MAX_MENTORS},
        )
    for number, name in names:
        if len(name) > MENTOR_NAME_LENGTH:
            add_error(
                errors,
                "mentors",
                _("Line %(line)s is longer than %(n)s characters: put one name on each line.")
                % {"line": number, "n": MENTOR_NAME_LENGTH},
            )
            break
    return errors


def _salary_band_errors(row: Mapping[str, Any], errors: FieldErrors) -> None:
    low, high = row.get("salary_min"), row.get("salary_max")
    in_range = "salary_min" not in errors and "salary_max" not in errors
    if in_range and isinstance(low, int) and isinstance(high, int) and high < low:
        add_error(errors, "salary_max", _("The top of the salary band is below its bottom."))


def offer_errors(row: Mapping[str, Any]) -> FieldErrors:
    """An offer: numbers within their ranges, a term that ends after it starts, weights that
    add up to 100 under the weighted rule, the guaranteed job's terms for targeted training,
    an ordered salary band, and a list of mentors' names."""
    errors = bound_errors(row, OFFER_BOUNDS)
    starts, ends = _date(row.get("starts_on")), _date(row.get("ends_on"))
    if starts and ends and ends <= starts:
        add_error(errors, "ends_on", _("The term must end after it starts."))
    if row.get("scoring_rule") == ScoringRule.WEIGHTED:
        total = sum(row.get(name) or 0 for name in WEIGHT_FIELDS)
        if total != 100:
            add_error(
                errors,
                "weight_grades",
                _("The weights must add up to 100, not %(total)s.") % {"total": total},
            )
    if row.get("kind") == OfferKind.TARGETED:
        for name in TARGETED_FIELDS:
            if row.get(name) in (None, ""):
                add_error(errors, name, _("Targeted training needs this."))
    _salary_band_errors(row, errors)
    return merge(errors, mentors_errors(row.get("mentors") or ""))


def contract_step_errors(current: str, new: str) -> FieldErrors:
    """Training -> employed -> completed, or terminated on the way; nothing else."""
    if new in CONTRACT_STEPS.get(current, {}):
        return {}
    labels = dict(ContractStatus.choices)
    return {
        "status": [
            _("A contract %(now)s cannot become %(next)s.")
            % {"now": labels.get(current, current), "next": labels.get(new, new)}
        ]
    }


def employment_errors(employed_on: date | None, student: Mapping[str, Any]) -> FieldErrors:
    """Employment under a targeted-training contract starts only after the training ends.

    The registry says when the training has ended: the student's status becomes "graduated"
    (the college records it; an enterprise cannot), or "graduate in employment" once a
    contract employs them. It keeps no actual graduation date, so the
    expected graduation date stands for it: employment cannot begin before that either. So a
    contract becomes "employed" only for a graduated student, on or after their expected
    graduation. A student still studying or on academic leave is in training; an expelled
    one left it without the qualification the job needs, and the contract is terminated
    instead. `student` is the student's row (status, expected_graduation_on). The service
    recording a contract's employment and the pension-extract import both ask this.
    """
    status = str(student.get("status") or "")
    message = ""
    if status == StudentStatus.EXPELLED:
        message = _(
            "The student was expelled, so the training ended without a qualification: "
            "terminate the contract instead."
        )
    elif status not in TRAINING_ENDED:
        label = dict(StudentStatus.choices).get(status, status)
        message = _(
            "The student is still in training (the registry says “%(status)s”): employment "
            "is recorded once they have graduated."
        ) % {"status": label}
    else:
        graduation = _date(student.get("expected_graduation_on"))
        if employed_on and graduation and employed_on < graduation:
            message = _(
                "Employment starts after the training ends: not before the student's "
                "graduation (%(date)s)."
            ) % {"date": graduation.isoformat()}
    return {"employed_on": [message]} if message else {}


def _contract_date_errors(row: Mapping[str, Any], errors: FieldErrors) -> None:
    signed, employed = _date(row.get("signed_on")), _date(row.get("employed_on"))
    for field in ("employed_on", "completed_on", "terminated_on"):
        value = _date(row.get(field))
        if signed and value and value < signed:
            add_error(errors, field, _("The date is before the contract was signed."))
        elif field != "employed_on" and employed and value and value < employed:
            add_error(
                errors,
                field,
                _("The date is before the employment began (%(date)s).")
                % {"date": employed.isoformat()},
            )
    for field in DATES_NEEDED.get(str(row.get("status") or ""), ()):
        if row.get(field) is None:
            add_error(errors, field, _("A contract in this status needs this date."))


def contract_errors(
    row: Mapping[str, Any], *, student: Mapping[str, Any] | None = None
) -> FieldErrors:
    """A training contract: the guaranteed job's terms within their ranges, dates in order
    (signed_on <= employed_on <= completed_on; terminated_on after signing and employment),
    a reason for a termination, and, when `student` (the student's row) is given because
    employment is being recorded, employment only after the training ends."""
    errors = bound_errors(row, CONTRACT_BOUNDS)
    _salary_band_errors(row, errors)
    _contract_date_errors(row, errors)
    reason = row.get("termination_reason") or ""
    if row.get("status") == ContractStatus.TERMINATED and not reason.strip():
        add_error(errors, "termination_reason", _("Say why the contract is terminated."))
    if student is not None:
        errors = merge(errors, employment_errors(row.get("employed_on"), student))
    return errors


def appeal_window_errors(published_at: datetime | None, days: int, now: datetime) -> FieldErrors:
    """A result may be appealed from its publication for `days` days."""
    if published_at is None:
        return {"__all__": [_("Only a published result may be appealed.")]}
    if now > published_at + timedelta(days=days):
        return {
            "__all__": [
                _("The %(days)s days to appeal this round's result have passed.") % {"days": days}
            ]
        }
    return {}


def appeal_errors(row: Mapping[str, Any], ranked: bool) -> FieldErrors:
    """An appeal's own fields: a wrong score is about an offer the student ranked; a wrong
    eligibility decision about one they did not, with the rank they would have given it."""
    errors = bound_errors(row, APPEAL_BOUNDS)
    if not str(row.get("statement") or "").strip():
        add_error(errors, "statement", _("Say what is wrong and why."))
    if row.get("ground") == AppealGround.SCORE and not ranked:
        add_error(errors, "offer", _("A score can be appealed only at an offer you ranked."))
    if row.get("ground") == AppealGround.ELIGIBILITY:
        if ranked:
            add_error(errors, "offer", _("You ranked this offer; appeal its score instead."))
        if row.get("rank") is None:
            add_error(errors, "rank", _("Give the rank you would have given this offer."))
    return errors


def appeal_decision_errors(row: Mapping[str, Any]) -> FieldErrors:
    """A decision gives its reason; upholding a score appeal gives the corrected score."""
    errors = bound_errors(row, APPEAL_BOUNDS)
    if not str(row.get("decision_reason") or "").strip():
        add_error(errors, "decision_reason", _("Give the reason for the decision."))
    if (
        row.get("status") == "upheld"
        and row.get("ground") == AppealGround.SCORE
        and row.get("corrected_score") is None
    ):
        add_error(errors, "corrected_score", _("Give the corrected score."))
    return errors


def _same_applicants(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return a.get("applicants") == b.get("applicants") and (
        a.get("applicants") != QuotaApplicants.HOME_REGION
        or a.get("home_region_id") == b.get("home_region_id")
    )


def _applicants_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether one applicant may belong to both classes: two home regions never overlap;
    rural districts and disability overlap with everything."""
    home = QuotaApplicants.HOME_REGION
    if a.get("applicants") == home and b.get("applicants") == home:
        return a.get("home_region_id") == b.get("home_region_id")
    return True


def _offers_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two quotas' groups share offers (no region: every offer of the round)."""
    ra, rb = a.get("offer_region_id"), b.get("offer_region_id")
    return ra is None or rb is None or ra == rb


def quota_errors(
    row: Mapping[str, Any], *, others: Sequence[Mapping[str, Any]] = ()
) -> FieldErrors:
    """A quota: a minimum, a maximum or both, in order; a home region exactly for the
    applicants from a region; not a second quota for the same applicants at the same
    offers; and no maximum on applicants who may also fall under another quota at a shared
    offer (deferred acceptance cannot keep such a cap stable: ADR 0013). `others` are the round's
    other quotas as rows."""
    errors = bound_errors(row, QUOTA_BOUNDS)
    low, high = row.get("min_seats"), row.get("max_seats")
    if low is None and high is None:
        add_error(errors, "min_seats", _("Set a minimum, a maximum or both."))
    if isinstance(low, int) and isinstance(high, int) and low > high:
        add_error(errors, "max_seats", _("The maximum is below the minimum."))
    is_home = row.get("applicants") == QuotaApplicants.HOME_REGION
    if is_home and row.get("home_region_id") is None:
        add_error(errors, "home_region", _("Choose the region the applicants come from."))
    if not is_home and row.get("home_region_id") is not None:
        add_error(errors, "home_region", _("Only a quota for applicants from a region names one."))
    for other in others:
        if not _offers_overlap(row, other):
            continue
        same_group = row.get("offer_region_id") == other.get("offer_region_id")
        if same_group and _same_applicants(row, other):
            add_error(
                errors,
                "applicants",
                _("The round already has a quota for these applicants at these offers."),
            )
        elif (
            (high is not None or other.get("max_seats") is not None)
            and not _same_applicants(row, other)
            and _applicants_overlap(row, other)
        ):
            add_error(
                errors,
                "max_seats" if high is not None else "applicants",
                _(
                    "Another quota at some of the same offers is for applicants who may also "
                    "be in this group, and one of the two has a maximum: the match cannot keep "
                    "both. Drop the maximum, or set the quotas on different offers."
                ),
            )
    return errors
