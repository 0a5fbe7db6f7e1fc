"""Every write to academic mobility: atomic, validated with rules/mobility.py, audited (a
person's record, so every change is in the audit log with its old and new values).

Who may write: the ministry every record; an institution's administrator the records its
institution (or a branch) sends or hosts (policies.py). Other roles get PermissionDenied. A
rule broken by the record itself is a ValidationError naming the field.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements import rules
from qadam.agreements.choices import Direction
from qadam.agreements.models import Mobility
from qadam.agreements.policies import may_create_mobility, may_write_mobility
from qadam.agreements.rules.mobility import RELATIONS
from qadam.agreements.scope import visible_agreements
from qadam.common.audit import Check, audited_create, audited_update, row_of
from qadam.common.rules import FieldErrors, merge

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


def _require_writer(actor: User, mobility: Mobility | None = None) -> None:
    allowed = (
        may_create_mobility(actor) if mobility is None else may_write_mobility(actor, mobility)
    )
    if not allowed:
        raise PermissionDenied(
            _("Only the ministry or the sending or host institution may change this record.")
        )


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


def _scope_errors(actor: User, mobility: Mobility, changed: set[str]) -> FieldErrors:
    """An institution's administrator keeps the record within the institution; an agreement
    is linked only when the actor can see it."""
    errors: FieldErrors = {}
    if not may_write_mobility(actor, mobility):
        field = (
            "host_institution" if mobility.direction == Direction.INCOMING else "home_institution"
        )
        errors[field] = [_("Your institution must be the sending or the host institution.")]
    if "agreement_id" in changed and mobility.agreement_id is not None:
        agreements = visible_agreements(user=actor)
        if not agreements.filter(pk=mobility.agreement_id).exists():
            errors["agreement"] = [_("No agreement %(id)s.") % {"id": mobility.agreement_id}]
    return errors


def _check(actor: User) -> Check[Mobility]:
    """The rules with what they read of the linked institutions and registry person, then
    the actor's scope."""

    def check(mobility: Mobility, changed: set[str]) -> FieldErrors:
        countries = {
            side: getattr(_related(mobility, f"{side}_institution"), "country", None)
            for side in ("home", "host")
        }
        people = {}
        for kind in ("student", "educator"):
            person = _related(mobility, kind)
            if person is not None:
                people[kind] = rules.Person(person.iin, person.institution_id)
        return merge(
            rules.mobility_errors(
                row_of(mobility), changed=changed, countries=countries, people=people
            ),
            _scope_errors(actor, mobility, changed),
        )

    return check


def _fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - MOBILITY_FIELDS
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    return {
        name: "" if value is None and name in ("iin", "program") else value
        for name, value in fields.items()
    }


@transaction.atomic
def mobility_create(*, actor: User, **fields: Any) -> Mobility:
    """Record a student's or educator's mobility (see the module's docstring for who may)."""
    _require_writer(actor)
    mobility = Mobility(**_fields(fields))
    _normalise(mobility)
    return audited_create(actor=actor, instance=mobility, check=_check(actor))


@transaction.atomic
def mobility_update(
    *,
    actor: User,
    mobility: Mobility,
    seen: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Mobility:
    """Change a record; the audit entry keeps every old and new value. `seen`: the values
    the editor saw, so a field someone changed meanwhile is refused, not overwritten."""
    locked = Mobility.objects.select_for_update().get(pk=mobility.pk)
    _require_writer(actor, locked)
    return audited_update(
        actor=actor,
        instance=mobility,
        changes=_fields(changes),
        derive=_normalise,
        check=_check(actor),
        seen=seen,
    )


@transaction.atomic
def mobility_record_return(
    *, actor: User, mobility: Mobility, returned_on: date, today: date | None = None
) -> Mobility:
    """The person came back on `returned_on`: not before the period started, not in the
    future. Recording it again corrects the date."""
    locked = Mobility.objects.select_for_update().get(pk=mobility.pk)
    _require_writer(actor, locked)
    day = today or timezone.localdate()
    return audited_update(
        actor=actor,
        instance=mobility,
        changes={"returned_on": returned_on},
        check=lambda record, changed: rules.return_errors(row_of(record), today=day),
    )
