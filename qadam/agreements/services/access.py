"""What the partnerships' services share: the agreement locked for a write, and turning the
rules' field errors into the exception the pages and the API expect."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements.models import Agreement
from qadam.agreements.policies import may_write_agreement
from qadam.agreements.scope import visible_agreements
from qadam.common.errors import ApplicationError


def lock_writable(actor: User, agreement: Agreement) -> Agreement:
    """The agreement, locked; DoesNotExist if out of sight, PermissionDenied if read-only."""
    locked = visible_agreements(user=actor).select_for_update().get(pk=agreement.pk)
    if not may_write_agreement(actor, locked):
        raise PermissionDenied(_("Only the ministry and the agreement's parties may change it."))
    return locked


def refuse(
    errors: Mapping[str, Sequence[str]],
    *,
    lifecycle: str = "",
    rename: Mapping[str, str] | None = None,
) -> None:
    """Raise the rules' `errors`, if any: an ApplicationError (HTTP 400) when the record's
    state refuses the change (the `lifecycle` field: an agreement that is over, a transition
    not allowed), else a ValidationError by field (422), its fields renamed by `rename` to
    the caller's parameters."""
    names = rename or {}
    found: dict[str, list[str]] = {}
    for name, messages in errors.items():
        found.setdefault(names.get(name, name), []).extend(str(m) for m in messages)
    found = {name: messages for name, messages in found.items() if messages}
    if not found:
        return
    if lifecycle and names.get(lifecycle, lifecycle) in found:
        raise ApplicationError(found[names.get(lifecycle, lifecycle)][0], field_errors=found)
    raise ValidationError(found)


def reraised(
    error: ValidationError, *, lifecycle: str = "", rename: Mapping[str, str] | None = None
) -> Exception:
    """A ValidationError from an audited write, as `refuse` would raise it."""
    try:
        refuse(
            error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages},
            lifecycle=lifecycle,
            rename=rename,
        )
    except (ApplicationError, ValidationError) as refused:
        return refused
    return error


def flat(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
    return list(error.messages)
