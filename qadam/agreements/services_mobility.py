"""Every write to academic mobility: atomic, validated, audited (a person's record, so every
change is in the audit log with its old and new values).

Who may write: the ministry every record; an institution's administrator the records its
institution (or a branch) sends or hosts. Other roles get PermissionDenied. A rule broken
by the record itself is a ValidationError naming the field.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.accounts.selectors import user_scope
from qadam.agreements.choices import Direction, PersonKind
from qadam.agreements.models import Mobility
from qadam.agreements.scope import visible_agreements
from qadam.common.audit import audit_record, changed_fields, snapshot
from qadam.common.models import AuditEntry
from qadam.registry.identifiers import IdentifierError, parse_iin

KAZAKHSTAN = "KZ"
RELATIONS = ("student", "educator", "home_institution", "host_institution", "agreement")
# by object (forms) or, for relations, by id (API); returned_on has its own service
MOBILITY_FIELDS = {
    "person_kind",
    "direction",
    "full_name",
    "iin",
    "home_country",
    "host_country",
    "program",
    "starts_on",
    "ends_on",
    "funding",
    "scholarship",
    *RELATIONS,
    *(f"{name}_id" for name in RELATIONS),
}
# a change to any of these re-checks the links to the registry and the institutions
LINK_FIELDS = {
    "iin",
    "person_kind",
    "direction",
    "home_country",
    "host_country",
    *(f"{name}_id" for name in RELATIONS),
}

Errors = dict[str, list[str]]


# --------------------------------------------------------------------------- permissions


def mobility_may_write(user: User, mobility: Mobility) -> bool:
    """The ministry writes every record; an institution's administrator those it sends or
    hosts."""
    scope = user_scope(user=user)
    if scope.all_people:
        return True
    ids = scope.institution_ids
    return bool(ids) and (
        mobility.home_institution_id in ids or mobility.host_institution_id in ids
    )


def mobility_may_create(user: User) -> bool:
    scope = user_scope(user=user)
    return scope.all_people or bool(scope.institution_ids)


def _require_writer(actor: User, mobility: Mobility | None = None) -> None:
    allowed = (
        mobility_may_create(actor) if mobility is None else mobility_may_write(actor, mobility)
    )
    if not allowed:
        raise PermissionDenied(
            _("Only the ministry or the sending or host institution may change this record.")
        )


# --------------------------------------------------------------------------- validation


def _related(mobility: Mobility, name: str) -> Any:
    """The related object, or None when unset or missing (full_clean reports a missing one)."""
    try:
        return getattr(mobility, name)
    except ObjectDoesNotExist:
        return None


def _normalise(mobility: Mobility) -> None:
    mobility.full_name = (mobility.full_name or "").strip()
    mobility.iin = (mobility.iin or "").strip()
    mobility.home_country = (mobility.home_country or "").strip().upper()
    mobility.host_country = (mobility.host_country or "").strip().upper()


def _country_errors(mobility: Mobility) -> Errors:
    errors: Errors = {}
    for name in ("home_country", "host_country"):
        code = getattr(mobility, name)
        if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
            errors[name] = [_("Give the country as its two-letter ISO code, such as KZ or RU.")]
    if errors or not (mobility.home_country and mobility.host_country):
        return errors
    if mobility.host_country == mobility.home_country:
        errors["host_country"] = [_("The host country must differ from the home country.")]
    elif mobility.direction == Direction.OUTGOING and mobility.home_country != KAZAKHSTAN:
        errors["home_country"] = [_("Outgoing mobility leaves Kazakhstan: the home country is KZ.")]
    elif mobility.direction == Direction.INCOMING and mobility.host_country != KAZAKHSTAN:
        errors["host_country"] = [
            _("Incoming mobility comes to Kazakhstan: the host country is KZ.")
        ]
    for side in ("home", "host"):
        institution = _related(mobility, f"{side}_institution")
        country = getattr(mobility, f"{side}_country")
        if institution is not None and country and institution.country != country:
            errors[f"{side}_institution"] = [
                _("This institution is in %(actual)s, not in %(country)s.")
                % {"actual": institution.country, "country": country}
            ]
    return errors


def _date_errors(mobility: Mobility) -> Errors:
    errors: Errors = {}
    starts, ends, returned = mobility.starts_on, mobility.ends_on, mobility.returned_on
    if isinstance(starts, date) and isinstance(ends, date) and ends <= starts:
        errors["ends_on"] = [_("The period must end after it starts.")]
    if isinstance(starts, date) and isinstance(returned, date) and returned < starts:
        errors["starts_on"] = [
            _("The return is recorded on %(returned)s, before this start.")
            % {"returned": returned.isoformat()}
        ]
    return errors


def _iin_errors(mobility: Mobility) -> Errors:
    if not mobility.iin:
        return {}
    try:
        parse_iin(mobility.iin)
    except IdentifierError as error:
        return {"iin": [str(error)]}
    return {}


def _link_errors(mobility: Mobility) -> Errors:
    """A registry person matches the person kind, the IIN and their institution: the home
    one for outgoing mobility, the host one for incoming."""
    errors: Errors = {}
    if mobility.student_id and mobility.educator_id:
        errors["educator"] = [_("Link a student or an educator, not both.")]
        return errors
    for kind in (PersonKind.STUDENT, PersonKind.EDUCATOR):
        person = _related(mobility, str(kind))
        if person is None:
            continue
        if mobility.person_kind != kind:
            errors[str(kind)] = [
                _("A student is linked only to a student's record.")
                if kind == PersonKind.STUDENT
                else _("An educator is linked only to an educator's record.")
            ]
            continue
        if mobility.iin and person.iin != mobility.iin:
            errors["iin"] = [_("The IIN differs from the linked registry person's.")]
        side = "home" if mobility.direction == Direction.OUTGOING else "host"
        if person.institution_id != getattr(mobility, f"{side}_institution_id"):
            errors[str(kind)] = [
                _("This person is not of the home institution.")
                if side == "home"
                else _("This person is not of the host institution.")
            ]
    return errors


def _scope_errors(actor: User, mobility: Mobility, changed: set[str]) -> Errors:
    """An institution's administrator keeps the record within the institution; an agreement
    is linked only when the actor can see it."""
    errors: Errors = {}
    if not mobility_may_write(actor, mobility):
        field = (
            "host_institution" if mobility.direction == Direction.INCOMING else "home_institution"
        )
        errors[field] = [_("Your institution must be the sending or the host institution.")]
    if "agreement_id" in changed and mobility.agreement_id is not None:
        agreements = visible_agreements(user=actor)
        if not agreements.filter(pk=mobility.agreement_id).exists():
            errors["agreement"] = [_("No agreement %(id)s.") % {"id": mobility.agreement_id}]
    return errors


def _validate(actor: User, mobility: Mobility, changed: set[str]) -> None:
    """Every broken rule at once, each beside its field."""
    _normalise(mobility)
    errors: Errors = {}
    try:
        # the ends-after-start constraint is checked below, with a message beside ends_on
        mobility.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    checks = [_country_errors(mobility), _date_errors(mobility), _iin_errors(mobility)]
    if changed & LINK_FIELDS:
        checks.append(_link_errors(mobility))
    checks.append(_scope_errors(actor, mobility, changed))
    for check in checks:
        for field, messages in check.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - MOBILITY_FIELDS
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})


def _apply(mobility: Mobility, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(mobility, name, "" if value is None and name in ("iin", "program") else value)


def _audit(actor: User, mobility: Mobility, action: str, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor, action=action, instance=mobility, changes=changes, summary=str(mobility)
    )


# --------------------------------------------------------------------------- writes


@transaction.atomic
def mobility_create(*, actor: User, **fields: Any) -> Mobility:
    """Record a student's or educator's mobility (see the module's docstring for who may)."""
    _require_writer(actor)
    _refuse_unknown(fields)
    mobility = Mobility()
    _apply(mobility, fields)
    _validate(actor, mobility, changed=set(LINK_FIELDS))
    mobility.save()
    _audit(actor, mobility, AuditEntry.Action.CREATE, changed_fields({}, snapshot(mobility)))
    return mobility


@transaction.atomic
def mobility_update(*, actor: User, mobility: Mobility, **changes: Any) -> Mobility:
    """Change a record; the audit entry keeps every old and new value."""
    locked = Mobility.objects.select_for_update().get(pk=mobility.pk)
    _require_writer(actor, locked)
    _refuse_unknown(changes)
    before = snapshot(locked)
    _apply(locked, changes)
    changed = set(changed_fields(before, snapshot(locked)))
    _validate(actor, locked, changed)
    locked.save()
    diff = changed_fields(before, snapshot(locked))
    if diff:
        _audit(actor, locked, AuditEntry.Action.UPDATE, diff)
    return locked


@transaction.atomic
def mobility_record_return(
    *, actor: User, mobility: Mobility, returned_on: date, today: date | None = None
) -> Mobility:
    """The person came back on `returned_on`: not before the period started, not in the
    future. Recording it again corrects the date."""
    locked = Mobility.objects.select_for_update().get(pk=mobility.pk)
    _require_writer(actor, locked)
    today = today or timezone.localdate()
    if returned_on < locked.starts_on:
        raise ValidationError(
            {
                "returned_on": [
                    _("The return cannot be before the start, %(start)s.")
                    % {"start": locked.starts_on.isoformat()}
                ]
            }
        )
    if returned_on > today:
        raise ValidationError({"returned_on": [_("The return cannot be in the future.")]})
    before = snapshot(locked)
    locked.returned_on = returned_on
    locked.save(update_fields=["returned_on", "updated_at"])
    diff = changed_fields(before, snapshot(locked))
    if diff:
        _audit(actor, locked, AuditEntry.Action.UPDATE, diff)
    return locked
