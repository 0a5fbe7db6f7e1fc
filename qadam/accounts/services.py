"""Writes of accounts: creating users with a role and an organisation."""

from typing import Any

from django.db import transaction

from qadam.accounts.models import User
from qadam.accounts.roles import Role
from qadam.common.audit import audited_create


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
    or their own student record); audited, the password only as changed."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.MINISTRY_ADMIN,
        **organisation,
    )
    user.set_password(password)
    return audited_create(actor=actor, instance=user, summary=username)
