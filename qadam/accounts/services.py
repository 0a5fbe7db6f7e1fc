"""Writes of accounts: creating users with a role and an organisation; unlocking sign-in."""

from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audit_record, audited_create
from qadam.common.models import AuditEntry


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor: User | None = None,
    **organisation: Any,
) -> User:
    """A user with one role, acting for at most one organisation (institution, enterprise
    or their own student record); audited, the password only as changed. The password must
    pass AUTH_PASSWORD_VALIDATORS (a ValidationError on `password` otherwise)."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.MINISTRY_ADMIN,
        **organisation,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    return audited_create(actor=actor, instance=user, summary=username)


@transaction.atomic
def sign_in_unlock(*, attempts: QuerySet[AccessAttempt], actor: User) -> int:
    """Forget these failed sign-ins (an account's or an address's), so the lockout they caused
    ends now; one audit entry per record forgotten. Returns how many were forgotten."""
    forgotten = 0
    for attempt in attempts.select_for_update():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            instance=attempt,
            changes={
                "username": [attempt.username, None],
                "ip_address": [attempt.ip_address, None],
                "failures_since_start": [attempt.failures_since_start, None],
            },
            summary=f"sign-in unlocked: {attempt.username} from {attempt.ip_address}",
        )
        attempt.delete()
        forgotten += 1
    return forgotten


def sign_in_unlock_users(*, users: QuerySet[User], actor: User) -> int:
    """Unlock these accounts: their failed sign-ins from any address are forgotten."""
    usernames = list(users.values_list("username", flat=True))
    return sign_in_unlock(
        attempts=AccessAttempt.objects.filter(username__in=usernames), actor=actor
    )
