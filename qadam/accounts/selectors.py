"""What a user may see: every app's selectors start from `user_scope`."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from qadam.accounts.models import User
from qadam.accounts.roles import INSTITUTION_ROLES, Role


@dataclass(frozen=True)
class Scope:
    """What one user may read of people's records.

    `all_people`: every person record (ministry administrator).
    `institution_ids`: the institutions whose people the user may read.
    `student_id`: the one student record the user may read (their own).
    `aggregates`: may see counts of people (never names or IINs).
    """

    role: str
    all_people: bool = False
    institution_ids: frozenset[int] = frozenset()
    student_id: int | None = None
    aggregates: bool = False

    @property
    def national_aggregates(self) -> bool:
        return self.all_people or self.role == Role.ANALYST

    @property
    def sees_people(self) -> bool:
        return self.all_people or bool(self.institution_ids) or self.student_id is not None


_MEMO = "_qadam_scope"  # the user object's attribute that holds (key, scope)


def user_scope(*, user: User | AnonymousUser) -> Scope:
    """The scope of `user`; an anonymous or inactive user sees nothing.

    Computed once per user object, so once per request however many selectors ask (the
    request's user is loaded afresh each time). The memo is keyed by the fields the scope
    derives from: changing a role, an organisation or `is_active` is seen at once."""
    key = _scope_key(user)
    memo: tuple[tuple[object, ...], Scope] | None = getattr(user, _MEMO, None)
    if memo is not None and memo[0] == key:
        return memo[1]
    scope = _scope_of(user)
    setattr(user, _MEMO, (key, scope))
    return scope


def _scope_key(user: User | AnonymousUser) -> tuple[object, ...]:
    if not user.is_authenticated:
        return ()
    return (
        user.pk,
        user.is_active,
        user.is_superuser,
        user.role,
        user.institution_id,
        user.student_id,
    )


def _scope_of(user: User | AnonymousUser) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(role="")
    role = Role(user.role) if user.role else None
    if user.is_superuser or role == Role.MINISTRY_ADMIN:
        return Scope(role=Role.MINISTRY_ADMIN, all_people=True, aggregates=True)
    if role == Role.ANALYST:
        return Scope(role=role, aggregates=True)
    if role in INSTITUTION_ROLES and user.institution is not None:
        ids = {user.institution.pk, *user.institution.branches.values_list("id", flat=True)}
        return Scope(role=role, institution_ids=frozenset(ids), aggregates=True)
    if role == Role.STUDENT and user.student_id:
        return Scope(role=role, student_id=user.student_id)
    return Scope(role=role or "")


def user_has_role(*, user: User | AnonymousUser, roles: set[Role]) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in roles))


DEMO_USERNAMES = (
    "ministry",
    "analyst",
    "college",
    "university",
    "enterprise",
    "student",
    "organiser",
    "counsellor",
    "parent",
    "megaproject",
)


def demo_login_list() -> list[User]:
    """The demo users that `qadam seed` creates, in role order."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=DEMO_USERNAMES).select_related(
            "institution", "enterprise", "student"
        )
    }
    return [users[name] for name in DEMO_USERNAMES if name in users]
