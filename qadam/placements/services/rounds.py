"""Rounds: a coordinator creates one as a draft and runs it through draft -> open -> closed
-> matched -> published; a follow-up round offers the remaining seats to the unplaced."""

import secrets
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.common.audit import audited_create, audited_update, row_of
from qadam.common.errors import ApplicationError
from qadam.common.localized import localized
from qadam.common.models import Job
from qadam.common.rules import FieldErrors
from qadam.common.services import UNFINISHED, job_create, job_enqueue, jobs_fail_stale
from qadam.placements import policies, rules
from qadam.placements.models import MAX_CHOICES, PlacementRound
from qadam.placements.services.guards import (
    Status,
    require_status,
    round_locked,
)
from qadam.placements.services.offers import offers_carry_over
from qadam.registry.models import Institution


def round_check(placement_round: PlacementRound, changed: set[str]) -> FieldErrors:
    return rules.round_errors(row_of(placement_round))


@transaction.atomic
def round_create(
    *,
    actor: User,
    name: str,
    term: str,
    institution: Institution | None = None,
    lottery_seed: int | None = None,
    max_choices: int = MAX_CHOICES,
    previous_round: PlacementRound | None = None,
    name_kk: str = "",
    name_en: str = "",
) -> PlacementRound:
    """A draft round; the lottery seed is drawn now, so a re-run reproduces the result.
    `name` is the Russian name; `name_kk` and `name_en` may be left blank."""
    placement_round = PlacementRound(
        name=name,
        name_kk=name_kk,
        name_en=name_en,
        term=term,
        institution=institution,
        lottery_seed=secrets.randbelow(2**31) if lottery_seed is None else lottery_seed,
        max_choices=max_choices,
        previous_round=previous_round,
        coordinator=actor,
    )
    policies.require_round_coordinator(actor, placement_round)
    return audited_create(actor=actor, instance=placement_round, check=round_check)


def _transition(
    actor: User, placement_round: PlacementRound, source: Sequence[str], target: str
) -> PlacementRound:
    """Move the round from one of `source` to `target`, judged on the locked row; the
    caller's copy shows the new status too."""
    locked = round_locked(placement_round)
    policies.require_round_coordinator(actor, locked)
    require_status(locked, *source)
    changes: dict[str, object] = {"status": target}
    if target == Status.PUBLISHED:
        changes["published_at"] = timezone.now()
    return audited_update(actor=actor, instance=placement_round, changes=changes, check=round_check)


@transaction.atomic
def round_open(*, actor: User, placement_round: PlacementRound) -> PlacementRound:
    """Open for applications; a round without offers has nothing to apply to."""
    policies.require_round_coordinator(actor, placement_round)
    if not placement_round.offers.exists():
        raise ApplicationError(_("The round has no offers yet."))
    return _transition(actor, placement_round, [Status.DRAFT], Status.OPEN)


@transaction.atomic
def round_close(*, actor: User, placement_round: PlacementRound) -> PlacementRound:
    return _transition(actor, placement_round, [Status.OPEN], Status.CLOSED)


@transaction.atomic
def round_publish(*, actor: User, placement_round: PlacementRound) -> PlacementRound:
    """Students and enterprises see the placements from now on."""
    return _transition(actor, placement_round, [Status.MATCHED], Status.PUBLISHED)


@transaction.atomic
def round_match_start(*, actor: User, placement_round: PlacementRound, language: str = "ru") -> Job:
    """Queue the match as a background job; the job page shows its progress, and the round
    points to it as its last run."""
    from qadam.placements.tasks import match_round

    locked = round_locked(placement_round)
    policies.require_round_coordinator(actor, locked)
    require_status(locked, Status.CLOSED, Status.MATCHED)
    job = job_create(
        owner=actor,
        kind="placements.match",
        title=_("Match: %(round)s") % {"round": locked},
        parameters={"round_id": locked.pk},
    )
    audited_update(actor=actor, instance=placement_round, changes={"job": job}, check=round_check)
    return job_enqueue(
        job=job,
        task=match_round,
        round_id=locked.pk,
        user_id=actor.pk,
        language=language,
    )


FOLLOW_UP_JOB = "placements.follow_up"


@transaction.atomic
def round_follow_up_start(
    *, actor: User, previous: PlacementRound, name: str = "", term: str = "", language: str = "ru"
) -> Job:
    """Queue the second round's creation as a background job (a national round copies
    thousands of offers: too long for a request); the finished job links to the new round.
    One at a time per round: a second request while one is under way is refused."""
    from qadam.placements.tasks import follow_up_round

    locked = round_locked(previous)
    policies.require_round_coordinator(actor, locked)
    require_status(locked, Status.PUBLISHED)
    jobs_fail_stale()  # a job whose worker died is not under way
    if Job.objects.filter(
        kind=FOLLOW_UP_JOB, parameters__round_id=locked.pk, status__in=UNFINISHED
    ).exists():
        raise ApplicationError(_("A second round of this round is already being created."))
    job = job_create(
        owner=actor,
        kind=FOLLOW_UP_JOB,
        title=(_("Second round: %(round)s") % {"round": locked})[:200],
        parameters={"round_id": locked.pk, "name": name, "term": term},
    )
    return job_enqueue(
        job=job,
        task=follow_up_round,
        round_id=locked.pk,
        user_id=actor.pk,
        name=name,
        term=term,
        language=language,
    )


@transaction.atomic
def round_create_follow_up(
    *, actor: User, previous: PlacementRound, name: str = "", term: str = ""
) -> PlacementRound:
    """A second round for the unplaced: each offer's remaining seats, copied as a draft.
    Runs in the worker (round_follow_up_start); the command line and tests call it directly."""
    previous = round_locked(previous)
    policies.require_round_coordinator(actor, previous)
    require_status(previous, Status.PUBLISHED)
    names = {"name": name, "name_kk": "", "name_en": ""} if name else _second_round_names(previous)
    follow_up = round_create(
        actor=actor,
        name=names["name"],
        name_kk=names["name_kk"],
        name_en=names["name_en"],
        term=term or previous.term,
        institution=previous.institution,
        max_choices=previous.max_choices,
        previous_round=previous,
    )
    offers_carry_over(actor=actor, previous=previous, follow_up=follow_up)
    return follow_up


def _second_round_names(previous: PlacementRound) -> dict[str, str]:
    """The follow-up's name in every language, from the previous round's name in it (or
    the one it falls back to), so "second round" reads in each reader's language."""
    names = {}
    for field, language in (("name", "ru"), ("name_kk", "kk"), ("name_en", "en")):
        with translation.override(language):
            previous_name = localized(previous, "name", language)
            names[field] = _("%(name)s: second round") % {"name": previous_name}
    return names
