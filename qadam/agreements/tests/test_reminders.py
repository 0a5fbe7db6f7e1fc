"""Reminders: what each role is reminded of, on its home page and in the daily e-mail that
`qadam send_reminders` sends once a day to the users with something to report.

On conftest.TODAY (2026-11-21) the memorandum M-001 (college B, world.enterprise) expires
within 90 days, and the patronage's mentors (college A, world.enterprise) are overdue."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from qadam.agreements.models import ReminderSent
from qadam.agreements.reminders import reminders_for
from qadam.agreements.tests.conftest import TODAY
from qadam.educators.models import Upskilling
from qadam.registry.tests.factories import ROLES, UserFactory

REMINDED = {
    # role: (agreements expiring, obligations overdue)
    "ministry_admin": (1, 1),
    "analyst": (1, 1),
    "college_admin_a": (0, 1),
    "college_admin_b": (1, 0),
    "university_admin": (0, 0),
    "enterprise_hr": (1, 1),
    "student": (0, 0),
    "guidance_organiser": (0, 0),
}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def addressed(users):
    """Every user has an e-mail address."""
    for role, user in users.items():
        user.email = f"{role}@example.kz"
        user.save(update_fields=["email"])
    return users


def send(day=TODAY, *extra):
    call_command(
        "send_reminders", "--date", day.isoformat(), "--base-url", "https://qadam.example",
        *extra, verbosity=0,
    )  # fmt: skip


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_reminded_of_what_it_may_see(partnerships, users, role):
    found = reminders_for(users[role], TODAY)
    assert (found.expiring_count, found.overdue_count) == REMINDED[role]
    assert found.has_items is any(REMINDED[role])
    if found.expiring:
        assert [a.number for a in found.expiring] == ["M-001"]
    if found.overdue:
        assert [row.obligation.pk for row in found.overdue] == [partnerships.mentors.pk]


def test_the_lists_are_cut_but_counted(partnerships, users):
    found = reminders_for(users["ministry_admin"], date(2027, 7, 1), limit=1)
    # by then the places and the equipment are overdue too
    assert (found.overdue_count, len(found.overdue), found.more_overdue) == (3, 1, 2)


# --------------------------------------------------------------------------- home page


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_shows_each_roles_reminders_with_links(partnerships, users, client_for, role):
    page = client_for(users[role]).get("/").content.decode()
    expiring, overdue = REMINDED[role]
    assert ('data-testid="reminders"' in page) is bool(expiring or overdue)
    if overdue:
        assert 'data-testid="overdue-count" data-count="1"' in page
        assert f"/partnerships/obligations/{partnerships.mentors.pk}/" in page
    if expiring:
        assert 'data-testid="expiring-count" data-count="1"' in page
        assert f'<a href="/partnerships/{partnerships.memorandum.pk}/">M-001</a>' in page
    if expiring or overdue:
        assert 'href="/partnerships/overdue/"' in page


# --------------------------------------------------------------------------- e-mail


def test_reminders_are_emailed_once_a_day_to_those_with_something_to_report(
    partnerships, addressed
):
    send()
    reminded = sorted(f"{role}@example.kz" for role, counts in REMINDED.items() if any(counts))
    assert recipients() == reminded
    assert ReminderSent.objects.filter(day=TODAY).count() == len(reminded)
    mail.outbox.clear()
    send()  # the same day again: nothing
    assert mail.outbox == []
    send(TODAY + timedelta(days=1))  # the next day: again
    assert recipients() == reminded


def test_the_email_lists_the_items_with_links_in_russian(partnerships, addressed):
    send()
    message = next(m for m in mail.outbox if m.to == ["college_admin_a@example.kz"])
    assert "21.11.2026" in message.subject
    assert "P-001" in message.body
    # the kind and the unit (both msgid "mentors"), in Russian (the default language)
    assert message.body.count("наставники") == 2
    assert "01.09.2026" in message.body
    link = f"https://qadam.example/partnerships/obligations/{partnerships.mentors.pk}/"
    assert link in message.body
    assert "M-001" not in message.body  # college B's memorandum
    reminder = ReminderSent.objects.get(user=addressed["college_admin_a"], day=TODAY)
    assert (reminder.expiring, reminder.overdue) == (0, 1)
    expiring = next(m for m in mail.outbox if m.to == ["college_admin_b@example.kz"])
    assert "M-001" in expiring.body and "15.01.2027" in expiring.body
    assert f"https://qadam.example/partnerships/{partnerships.memorandum.pk}/\n" in expiring.body


def test_users_without_an_address_or_inactive_get_nothing(partnerships, addressed):
    addressed["ministry_admin"].email = ""
    addressed["ministry_admin"].save()
    addressed["analyst"].is_active = False
    addressed["analyst"].save()
    send()
    assert "ministry_admin@example.kz" not in recipients()
    assert "analyst@example.kz" not in recipients()
    assert "enterprise_hr@example.kz" in recipients()


def test_a_day_with_nothing_to_report_sends_nothing(partnerships, addressed, world):
    for educator in world.all_educators:  # and no educator overdue for upskilling
        Upskilling.objects.create(
            educator=educator, kind="course", title="t", provider="p", form="online",
            hours=36, started_on=date(2024, 5, 1), completed_on=date(2024, 6, 1),
        )  # fmt: skip
    send(date(2025, 1, 1))  # nothing overdue yet, nothing expiring within 90 days
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_failed_send_is_retried_on_the_next_run(partnerships, addressed, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("the mail server is down")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    with pytest.raises(CommandError, match="failed"):
        send()
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    send()
    assert "enterprise_hr@example.kz" in recipients()


def test_the_date_must_be_iso(partnerships):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "21.11.2026")


def test_without_a_date_the_command_reports_on_today(partnerships, addressed):
    call_command("send_reminders", verbosity=0)
    assert ReminderSent.objects.filter(day=TODAY).exists()
    assert "http://localhost:8000/partnerships/" in mail.outbox[0].body


def test_a_user_added_later_in_the_day_is_still_reminded(partnerships, addressed, world):
    send()
    late = UserFactory.college_admin(world.college_a, email="late@example.kz")
    mail.outbox.clear()
    send()
    assert recipients() == [late.email]
