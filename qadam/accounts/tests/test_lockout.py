"""Sign-in resists guessing: after repeated failures an account, or an address, is locked
out (the sign-in page and the admin's alike) until the cool-off passes or the ministry
administrator unlocks it (audited)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qadam.accounts.roles import Role
from qadam.accounts.services import user_create
from qadam.common.models import AuditEntry
from qadam.registry.tests.factories import UserFactory

PASSWORD = "a-long-enough-password"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def analyst(db):
    return UserFactory.analyst(username="guessed", password=PASSWORD)


def _sign_in(client: Client, url: str, username: str, password: str, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(analyst, url):
    if url == ADMIN_LOGIN:
        analyst.is_staff = True
        analyst.save()
    client = Client()
    for _ in range(30):
        _sign_in(client, url, "guessed", "wrong-password")
    response = _sign_in(client, url, "guessed", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)


def test_a_few_wrong_passwords_still_let_the_right_one_in(analyst):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, LOGIN, "guessed", "wrong-password")
    response = _sign_in(client, LOGIN, "guessed", PASSWORD)
    assert response.status_code == 302 and _signed_in(client)


def test_the_account_is_locked_from_every_address(analyst):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), LOGIN, "guessed", "wrong", address=f"10.0.1.{attempt}")
    client = Client()
    response = _sign_in(client, LOGIN, "guessed", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429 and not _signed_in(client)


def test_an_address_guessing_many_accounts_is_locked_out(analyst):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), LOGIN, f"someone-{attempt}", "wrong", address="10.6.6.6")
    client = Client()
    response = _sign_in(client, LOGIN, "guessed", PASSWORD, address="10.6.6.6")
    assert response.status_code == 429 and not _signed_in(client)
    # the account itself is not locked: the user signs in from elsewhere
    elsewhere = Client()
    _sign_in(elsewhere, LOGIN, "guessed", PASSWORD, address="10.7.7.7")
    assert _signed_in(elsewhere)


def test_a_forwarded_for_header_does_not_dodge_the_address_lockout(analyst):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            LOGIN,
            {"username": f"someone-{attempt}", "password": "wrong"},
            REMOTE_ADDR="10.6.6.6",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    response = _sign_in(Client(), LOGIN, "guessed", PASSWORD, address="10.6.6.6")
    assert response.status_code == 429


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_lockout_page_says_what_to_do_in_the_users_language(analyst, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, LOGIN, "guessed", "wrong")
    response = _sign_in(client, LOGIN, "guessed", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'data-testid="locked-out"' in page
    assert f'lang="{language}"' in page
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert str(minutes) in page
    if language == "en":  # kk and ru: the lead's translations
        assert "ask the ministry administrator to unlock your account" in page


def test_the_ministry_administrator_unlocks_an_account_and_it_is_audited(analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), LOGIN, "guessed", "wrong")
    ministry = UserFactory.ministry_admin(username="ministry", is_superuser=True)
    back_office = Client()
    back_office.force_login(ministry)
    response = back_office.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [analyst.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="guessed").exists()
    entry = AuditEntry.objects.get(model="axes.AccessAttempt")
    assert entry.actor_username == "ministry" and entry.action == "delete"
    assert entry.changes["username"] == ["guessed", None]
    client = Client()
    _sign_in(client, LOGIN, "guessed", PASSWORD)
    assert _signed_in(client)


def test_the_admin_lists_failed_sign_ins_read_only_and_unlocks_an_address(analyst):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), LOGIN, f"someone-{attempt}", "wrong", address="10.6.6.6")
    ministry = UserFactory.ministry_admin(username="ministry", is_superuser=True)
    back_office = Client()
    back_office.force_login(ministry)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert back_office.get(changelist).status_code == 200
    selected = list(AccessAttempt.objects.values_list("pk", flat=True))
    back_office.post(changelist, {"action": "unlock", "_selected_action": selected})
    assert AuditEntry.objects.filter(model="axes.AccessAttempt").count() == len(selected)
    client = Client()
    _sign_in(client, LOGIN, "guessed", PASSWORD, address="10.6.6.6")
    assert _signed_in(client)


def test_a_failed_sign_in_keeps_no_password(analyst):
    _sign_in(Client(), LOGIN, "guessed", "my-secret-guess")
    attempt = AccessAttempt.objects.get(username="guessed")
    assert "my-secret-guess" not in attempt.post_data


@pytest.mark.parametrize("password", ["1", "12345678901", "password", "guessed-user"])
def test_user_create_refuses_a_weak_password(db, password):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        user_create(username="guessed-user", password=password, role=Role.ANALYST)
    assert "password" in caught.value.message_dict
