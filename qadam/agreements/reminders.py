"""Reminders: agreements that expire within 90 days and obligations overdue, and the sections
apps above agreements add (`reminder_section_register`: educators overdue for upskilling).

`reminders_for` gives what a user should be reminded of (each role's home page shows it);
`reminders_send` e-mails it once a day to every active user with an address and something
to report (`qadam send_reminders`); a `ReminderSent` row per user and day keeps a second run
of the same day from sending again.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qadam.accounts.models import User
from qadam.agreements.models import Agreement, ReminderSent
from qadam.agreements.selectors_obligations import (
    EXPIRING_DAYS,
    ObligationRow,
    expiring_agreements,
    obligation_row,
    overdue_obligations,
)

logger = logging.getLogger(__name__)
LISTED = 10  # items of each list on the home page and in the e-mail; the rest are counted
EMAIL_LANGUAGE = "ru"  # the User model has no language of its own yet


@dataclass(frozen=True)
class ReminderSection:
    """Another app's list of reminders: its heading (with the count), its first items as
    (text, path) and the path of the whole list. Apps above agreements register a source."""

    key: str
    heading: str
    count: int
    items: list[tuple[str, str]]
    more_path: str
    more_label: str


# (user, today, limit) -> the section, or None when there is nothing for this user
SectionSource = Callable[[User, date, int], ReminderSection | None]
_SOURCES: dict[str, SectionSource] = {}


def reminder_section_register(key: str, source: SectionSource) -> None:
    """Add a section to every user's reminders (the home page and the daily e-mail)."""
    _SOURCES[key] = source


@dataclass(frozen=True)
class Reminders:
    """The first items of each list, and how many there are in all."""

    expiring: list[Agreement]
    overdue: list[ObligationRow]
    expiring_count: int
    overdue_count: int
    sections: list[ReminderSection] = field(default_factory=list)

    @property
    def has_items(self) -> bool:
        return bool(self.expiring_count or self.overdue_count or self.sections)

    @property
    def more_expiring(self) -> int:
        return self.expiring_count - len(self.expiring)

    @property
    def more_overdue(self) -> int:
        return self.overdue_count - len(self.overdue)


def reminders_for(user: User, today: date, *, limit: int = LISTED) -> Reminders:
    """What `user` should be reminded of on `today`, within what they may see."""
    expiring = expiring_agreements(user=user, today=today)
    overdue = overdue_obligations(user=user, today=today)
    return Reminders(
        expiring=list(expiring[:limit]),
        overdue=[obligation_row(o, today) for o in overdue[:limit]],
        expiring_count=expiring.count(),
        overdue_count=overdue.count(),
        sections=reminder_sections(user, today, limit=limit),
    )


def reminder_sections(user: User, today: date, *, limit: int = LISTED) -> list[ReminderSection]:
    """The registered sections with something to remind `user` of."""
    found = [source(user, today, limit) for _key, source in sorted(_SOURCES.items())]
    return [section for section in found if section is not None and section.count]


# --------------------------------------------------------------------------- links


def agreement_path(agreement_id: int) -> str:
    return reverse("agreements:agreement_detail", args=[agreement_id])


def obligation_path(obligation_id: int) -> str:
    return reverse("agreements:obligation_detail", args=[obligation_id])


# --------------------------------------------------------------------------- e-mail


def _amount(value: object) -> str:
    return str(floatformat(value, "-2g"))


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")  # as in Kazakhstan, in each language (pages too)


def _expiring_lines(reminders: Reminders, today: date, base_url: str) -> list[str]:
    lines = [
        _("Agreements that expire within %(days)s days: %(count)s")
        % {"days": EXPIRING_DAYS, "count": reminders.expiring_count}
    ]
    for agreement in reminders.expiring:
        assert agreement.ends_on is not None  # the selector keeps only dated agreements
        left = (agreement.ends_on - today).days
        lines += [
            "- "
            + ngettext(
                "%(agreement)s ends on %(date)s (in %(days)s day)",
                "%(agreement)s ends on %(date)s (in %(days)s days)",
                left,
            )
            % {"agreement": agreement, "date": _day(agreement.ends_on), "days": left},
            f"  {base_url}{agreement_path(agreement.pk)}",
        ]
    return lines


def _overdue_lines(reminders: Reminders, base_url: str) -> list[str]:
    lines = [_("Obligations overdue: %(count)s") % {"count": reminders.overdue_count}]
    for row in reminders.overdue:
        obligation = row.obligation
        lines += [
            "- "
            + _(
                "%(number)s: %(kind)s, %(delivered)s of %(target)s %(unit)s delivered, "
                "due on %(date)s"
            )
            % {
                "number": obligation.agreement.number,
                "kind": obligation.get_kind_display(),
                "delivered": _amount(obligation.delivered),
                "target": _amount(obligation.target),
                "unit": row.unit,
                "date": _day(obligation.due_on),
            },
            f"  {base_url}{obligation_path(obligation.pk)}",
        ]
    return lines


def reminder_message(
    *, user: User, reminders: Reminders, today: date, base_url: str
) -> tuple[str, str]:
    """The e-mail's subject and plain-text body, in the active language."""
    base_url = base_url.rstrip("/")
    subject = _("Qadam: partnership reminders for %(date)s") % {"date": _day(today)}
    name = user.get_full_name() or user.username
    lines = [_("Hello, %(name)s.") % {"name": name}, ""]
    if reminders.expiring_count:
        lines += [*_expiring_lines(reminders, today, base_url), ""]
    if reminders.overdue_count:
        lines += [*_overdue_lines(reminders, base_url), ""]
    for section in reminders.sections:
        lines += [section.heading]
        for text, path in section.items:
            lines += [f"- {text}", f"  {base_url}{path}"]
        if section.count > len(section.items):
            lines += [f"{section.more_label}: {base_url}{section.more_path}"]
        lines.append("")
    if reminders.more_expiring or reminders.more_overdue:
        lines += [
            _("The full list: %(url)s") % {"url": f"{base_url}{reverse('agreements:overdue')}"},
            "",
        ]
    lines.append(_("Qadam sends this reminder once a day while there is something to report."))
    return subject, "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    already_sent: int = 0
    failed: int = 0


def _send_one(user: User, today: date, base_url: str, connection: BaseEmailBackend) -> str:
    """ "sent", "already_sent", "nothing" (nothing to report) or "failed"."""
    if ReminderSent.objects.filter(user=user, day=today).exists():
        return "already_sent"
    language = getattr(user, "language", "") or EMAIL_LANGUAGE
    with translation.override(language):  # the rows' units are worded as they are read
        reminders = reminders_for(user, today)
        if not reminders.has_items:
            return "nothing"
        subject, body = reminder_message(
            user=user, reminders=reminders, today=today, base_url=base_url
        )
    try:
        with transaction.atomic():  # a failed send leaves no row, so tomorrow's run retries
            _sent, created = ReminderSent.objects.get_or_create(
                user=user,
                day=today,
                defaults={
                    "expiring": reminders.expiring_count,
                    "overdue": reminders.overdue_count,
                },
            )
            if not created:
                return "already_sent"
            mail.EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
            ).send()
    except Exception:  # one user's failed delivery must not stop the others'
        logger.exception("The reminder to user %s could not be sent", user.pk)
        return "failed"
    return "sent"


def reminders_send(*, today: date, base_url: str) -> SendResult:
    """E-mail each active user with an address and something to report, once for `today`."""
    counts = {"sent": 0, "already_sent": 0, "failed": 0, "nothing": 0}
    users = User.objects.filter(is_active=True).exclude(email="").order_by("pk")
    with mail.get_connection() as connection:
        for user in users.select_related("institution", "enterprise"):
            counts[_send_one(user, today, base_url, connection)] += 1
    return SendResult(
        sent=counts["sent"], already_sent=counts["already_sent"], failed=counts["failed"]
    )
