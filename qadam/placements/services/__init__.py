"""Every write to placement rounds: atomic, validated with the rules, audited.

Who may do what: a coordinator (the ministry for national rounds, an institution's
administrator for its own) runs a round through draft -> open -> closed -> matched ->
published; enterprise HR publishes offers, uploads assessments and accepts trainees;
a student ranks up to `max_choices` offers compatible with their specialty.

The parts: guards (who may act, in which status), rounds, offers, applications,
assessments, decisions (accept or decline a trainee) and contracts.
"""

from qadam.placements.services.appeals import appeal_decide, appeal_submit
from qadam.placements.services.applications import (
    application_add,
    application_move,
    application_rank_set,
    application_remove,
    student_may_apply,
)
from qadam.placements.services.assessments import ASSESSMENT_COLUMNS, offer_assessments_import
from qadam.placements.services.certificates import certificate_create
from qadam.placements.services.contracts import contract_advance
from qadam.placements.services.decisions import placement_accept, placement_decline
from qadam.placements.services.offers import OFFER_FIELDS, offer_create, offer_update
from qadam.placements.services.quotas import quota_create, quota_delete, quota_fields
from qadam.placements.services.rounds import (
    round_close,
    round_create,
    round_create_follow_up,
    round_follow_up_start,
    round_match_start,
    round_open,
    round_publish,
)

__all__ = [
    "ASSESSMENT_COLUMNS",
    "OFFER_FIELDS",
    "appeal_decide",
    "appeal_submit",
    "application_add",
    "application_move",
    "application_rank_set",
    "application_remove",
    "certificate_create",
    "contract_advance",
    "offer_assessments_import",
    "offer_create",
    "offer_update",
    "placement_accept",
    "placement_decline",
    "quota_create",
    "quota_delete",
    "quota_fields",
    "round_close",
    "round_create",
    "round_create_follow_up",
    "round_follow_up_start",
    "round_match_start",
    "round_open",
    "round_publish",
    "student_may_apply",
]
