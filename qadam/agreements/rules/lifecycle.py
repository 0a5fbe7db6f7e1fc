"""An agreement's lifecycle, dates and parties."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qadam.agreements.choices import TRANSITIONS, AgreementStatus, PartyKind
from qadam.common.rules import FieldErrors, add_error

Status = AgreementStatus
Row = Mapping[str, Any]

# --------------------------------------------------------------------------- the lifecycle

OPEN_STATUSES = (Status.DRAFT, Status.SIGNED)  # the facts and the parties still change
CLOSED_STATUSES = (Status.EXPIRED, Status.TERMINATED)  # over: only the description changes
EDITABLE_FIELDS = ("number", "kind", "title", "signed_on", "starts_on", "ends_on", "description")
# what may still change once an agreement is in force (a prolongation, a clearer title) or over
LATE_EDITABLE = {
    Status.ACTIVE: {"title", "description", "ends_on"},
    Status.EXPIRED: {"description"},
    Status.TERMINATED: {"description"},
}
CANNOT_BECOME = {
    Status.DRAFT: gettext_lazy("A draft agreement cannot become %(target)s."),
    Status.SIGNED: gettext_lazy("A signed agreement cannot become %(target)s."),
    Status.ACTIVE: gettext_lazy("An active agreement cannot become %(target)s."),
    Status.EXPIRED: gettext_lazy("An expired agreement cannot become %(target)s."),
    Status.TERMINATED: gettext_lazy("A terminated agreement cannot become %(target)s."),
}


def editable_fields(status: str) -> set[str]:
    """The facts that may still change in `status`."""
    if status in OPEN_STATUSES:
        return set(EDITABLE_FIELDS)
    return set(LATE_EDITABLE.get(Status(status), ()))


def frozen_message(status: str) -> str:
    return _("This can no longer change: the agreement is %(status)s.") % {
        "status": Status(status).label
    }


def transition_errors(current: str, new: str) -> FieldErrors:
    """Whether an agreement in `current` may move to `new` (choices.TRANSITIONS)."""
    if new not in Status.values:
        return {"status": [_("Unknown status.")]}
    target = Status(new)
    if current == target:
        return {"status": [_("The agreement is already %(status)s.") % {"status": target.label}]}
    if target not in TRANSITIONS[current]:
        return {"status": [str(CANNOT_BECOME[Status(current)] % {"target": target.label})]}
    return {}


def transition_changes(row: Row, new: str, *, reason: str, day: date) -> dict[str, Any]:
    """What entering `new` on `day` records: the reason for a termination, the date of
    signature and of entry into force (unless already known), the end of an expiry."""
    changes: dict[str, Any] = {"status": new}
    signed, starts, ends = row.get("signed_on"), row.get("starts_on"), row.get("ends_on")
    if new == Status.TERMINATED:
        changes["termination_reason"] = reason.strip()[:255]
    elif new == Status.SIGNED:
        changes["signed_on"] = signed or day
    elif new == Status.ACTIVE:
        changes["signed_on"] = signed or day
        changes["starts_on"] = starts or day
    elif new == Status.EXPIRED:
        changes["ends_on"] = ends or max(day, starts or day)
    return changes


def agreement_errors(row: Row, *, before: Row | None = None, today: date) -> FieldErrors:
    """An agreement as it would be saved (`before`: as the register holds it, None for a new
    one): its dates in order, its status entered rightly, and nothing changed that its
    status (the stored one) has frozen. A new agreement may be recorded in any status (an
    import of an existing register); a stored one moves only along choices.TRANSITIONS."""
    errors: FieldErrors = {}
    was = before.get("status") if before is not None else None
    status = row.get("status") or Status.DRAFT
    if was is not None and status != was:
        errors.update(transition_errors(was, status))
    entering = status != was
    _termination_errors(errors, row, before, status, entering)
    ends = row.get("ends_on")
    if entering and status == Status.EXPIRED and ends is not None and ends > today:
        add_error(
            errors,
            "status",
            _("The agreement runs until %(date)s; terminate it to end it early.")
            % {"date": ends.isoformat()},
        )
    _order(
        errors, row, before, "starts_on", "ends_on", _("An agreement cannot end before it starts.")
    )
    _order(
        errors,
        row,
        before,
        "signed_on",
        "ends_on",
        _("An agreement cannot end before it is signed."),
    )
    if before is not None and was not in OPEN_STATUSES:
        allowed = editable_fields(str(was))
        for name in EDITABLE_FIELDS:
            if name in row and name not in allowed and row[name] != before.get(name):
                add_error(errors, name, frozen_message(str(was)))
    return errors


def _termination_errors(
    errors: FieldErrors, row: Row, before: Row | None, status: str, entering: bool
) -> None:
    """A termination gives its reason; no other status has one; once given it stays."""
    reason = row.get("termination_reason") or ""
    stored = (before.get("termination_reason") or "") if before is not None else ""
    if entering and status == Status.TERMINATED:
        if not reason.strip():
            add_error(errors, "termination_reason", _("Give the reason for the termination."))
    elif reason != stored and reason and status != Status.TERMINATED:
        add_error(
            errors,
            "termination_reason",
            _("Only a terminated agreement has a reason for termination."),
        )
    elif reason != stored and before is not None and before.get("status") in CLOSED_STATUSES:
        add_error(errors, "termination_reason", frozen_message(str(before["status"])))


def _order(
    errors: FieldErrors, row: Row, before: Row | None, earlier: str, later: str, message: str
) -> None:
    """`later` not before `earlier`, judged when either is new or changed (a stored record
    is not refused for dates nobody touched); the error goes beside the date that changed
    (the later one when both did, or for a new record)."""
    first, last = row.get(earlier), row.get(later)
    if not (isinstance(first, date) and isinstance(last, date)) or last >= first:
        return
    if before is None:
        add_error(errors, later, message)
        return
    moved_first, moved_last = before.get(earlier) != first, before.get(later) != last
    if moved_first or moved_last:
        add_error(errors, earlier if moved_first and not moved_last else later, message)


# --------------------------------------------------------------------------- parties


def parties_change_errors(status: str) -> FieldErrors:
    if status in OPEN_STATUSES:
        return {}
    return {"parties": [_("The parties can change only while the agreement is a draft or signed.")]}


def party_count_errors(count: int) -> FieldErrors:
    return {} if count else {"parties": [_("An agreement needs at least one party.")]}


def _identity(row: Row) -> tuple[Any, ...]:
    """What makes two parties the same: the registry organisation, whatever its role, or a
    named body's kind, name and country."""
    if row.get("institution_id") or row.get("enterprise_id"):
        return ("organisation", row.get("institution_id"), row.get("enterprise_id"))
    return (
        "named",
        row.get("kind"),
        (row.get("name") or "").strip().casefold(),
        row.get("country"),
    )


def party_errors(row: Row, *, others: Sequence[Row] = ()) -> FieldErrors:
    """A party (kind, institution_id, enterprise_id, name, country as it will be saved) names
    what it stands for, has a two-letter country, and is not among the agreement's `others`."""
    kind, named = row.get("kind"), bool((row.get("name") or "").strip())
    institution, enterprise = row.get("institution_id"), row.get("enterprise_id")
    country = row.get("country") or ""
    if kind == PartyKind.INSTITUTION and institution is None:
        return {"institution": [_("An institution party needs its institution.")]}
    if kind == PartyKind.ENTERPRISE and enterprise is None:
        return {"enterprise": [_("An enterprise party needs its enterprise.")]}
    if kind == PartyKind.FOREIGN_INSTITUTION and institution is None and not named:
        return {"name": [_("A foreign party needs its institution or its name.")]}
    if kind == PartyKind.MINISTRY and not named:
        return {"name": [_("A ministry or state body needs its name.")]}
    if kind == PartyKind.FOREIGN_INSTITUTION and not country:
        return {"country": [_("Give the foreign party's country.")]}
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        return {"country": [_("Give the country as two letters (ISO 3166-1), such as RU.")]}
    if any(_identity(other) == _identity(row) for other in others):
        return {"__all__": [_("This organisation is already a party.")]}
    return {}


def party_removal_errors(label: str, *, promised: bool, benefits: bool) -> FieldErrors:
    """A party stays while it promised obligations of the agreement or, an institution,
    benefits from them (a new role replaces a party, so it counts as a removal)."""
    errors: FieldErrors = {}
    if promised:
        add_error(
            errors,
            "parties",
            _(
                "%(party)s has obligations under this agreement, so it stays a party with its "
                "role; remove them first."
            )
            % {"party": label},
        )
    if benefits:
        add_error(
            errors,
            "parties",
            _(
                "%(party)s is the beneficiary of obligations under this agreement, so it stays "
                "a party; remove them first."
            )
            % {"party": label},
        )
    return errors
