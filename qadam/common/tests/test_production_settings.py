"""Production settings pass Django's deployment checks with no warning; every page carries a
Content-Security-Policy without inline script; a session ends after 30 idle minutes."""

import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import SESSION_KEY

from qadam.registry.tests.factories import UserFactory


def test_check_deploy_passes_with_no_warning(tmp_path):
    # a production server's environment: not the browser tests' async escape hatch, which
    # their conftest sets for the whole test session
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "qadam.example",
        "QADAM_VAR_DIR": str(tmp_path),
        "EMAIL_URL": "smtp+tls://reminders:secret@smtp.qadam.example:587",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_reads_the_reminders_mail_server_from_the_environment(tmp_path):
    # a production server's environment: not the browser tests' async escape hatch, which
    # their conftest sets for the whole test session
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "QADAM_VAR_DIR": str(tmp_path),
        "EMAIL_URL": "smtp+tls://reminders:secret@smtp.qadam.example:587",
        "DJANGO_DEFAULT_FROM_EMAIL": "noreply@qadam.example",
    }
    script = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER,"
        " s.DEFAULT_FROM_EMAIL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "smtp.qadam.example",
        "587",
        "True",
        "reminders",
        "noreply@qadam.example",
    ]


def test_pages_carry_a_policy_without_inline_script(client_for, db):
    response = client_for(None).get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_a_session_ends_after_thirty_idle_minutes_and_each_request_renews_it(client_for, db):
    client = client_for(UserFactory.analyst())
    for _ in range(2):  # each page sends the cookie again with 30 more minutes
        response = client.get("/")
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert 0 < int(cookie["max-age"]) <= 30 * 60
    assert SESSION_KEY in client.session
    assert client.session.get_expiry_age() <= 30 * 60
