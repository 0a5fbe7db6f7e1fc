"""Every read of placement rounds, scoped to what the user may see.

Rounds and offers are public to whoever takes part: the ministry and analysts see every
round, an institution's administrator the national rounds and their own, enterprise HR
every round (to publish offers), a student the rounds open to them once out of draft
(rounds.py). Personal records (applications, placements, contracts) follow `user_scope`,
plus an enterprise's view of the people who applied to or were placed at its own offers:
by name, scores and applicant number, the IIN only of a trainee it accepted (people.py,
contracts.py; identity.py, ADR 0011). A round's figures mask small counts (figures.py).
"""

from qadam.placements.selectors.appeals import (
    PlacementChange,
    appeal_changes,
    appeal_get,
    appeal_list,
    appeal_window_open,
)
from qadam.placements.selectors.certificates import certificate_anonymised, round_certificate
from qadam.placements.selectors.contracts import (
    RoundOutcome,
    contract_get,
    contract_list,
    student_contracts,
    student_round_history,
)
from qadam.placements.selectors.figures import (
    PEOPLE_FIGURES,
    dual_training_breakdown,
    round_counts,
    round_list_with_counts,
    round_statistics,
)
from qadam.placements.selectors.people import (
    OfferExplanation,
    offer_applicants,
    placement_explanations,
    placement_get,
    placement_list,
    student_applications,
    student_placement,
    user_enterprise_id,
)
from qadam.placements.selectors.quotas import QuotaRow, quota_get, quota_list, quota_rows
from qadam.placements.selectors.ranking_help import ChoiceHelp, RankingHelp, ranking_help
from qadam.placements.selectors.rounds import offer_get, offer_list, round_get, round_list

__all__ = [
    "PEOPLE_FIGURES",
    "ChoiceHelp",
    "OfferExplanation",
    "PlacementChange",
    "QuotaRow",
    "RankingHelp",
    "RoundOutcome",
    "appeal_changes",
    "appeal_get",
    "appeal_list",
    "appeal_window_open",
    "certificate_anonymised",
    "contract_get",
    "contract_list",
    "dual_training_breakdown",
    "offer_applicants",
    "offer_get",
    "offer_list",
    "placement_explanations",
    "placement_get",
    "placement_list",
    "quota_get",
    "quota_list",
    "quota_rows",
    "ranking_help",
    "round_certificate",
    "round_counts",
    "round_get",
    "round_list",
    "round_list_with_counts",
    "round_statistics",
    "student_applications",
    "student_contracts",
    "student_placement",
    "student_round_history",
    "user_enterprise_id",
]
