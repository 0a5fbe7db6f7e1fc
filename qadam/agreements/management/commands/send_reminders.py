"""qadam send_reminders [--date YYYY-MM-DD] [--base-url URL]: the daily reminder e-mails.

Schedule it once a day (cron or a systemd timer); a second run on the same day sends
nothing. Links in the e-mails start with --base-url, else the QADAM_BASE_URL setting or
environment variable, else http://localhost:8000.
"""

import os
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qadam.agreements.reminders import reminders_send


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = (
        "E-mail each active user with an address the agreements expiring within 90 days and "
        "the obligations overdue that they may see; once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", dest="day", help="the day to report on (default: today)")
        parser.add_argument("--base-url", dest="base_url", help="the site's address, for links")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["day"]) if options["day"] else timezone.localdate()
        base_url = (
            options["base_url"]
            or getattr(settings, "QADAM_BASE_URL", "")
            or os.environ.get("QADAM_BASE_URL", "")
            or "http://localhost:8000"
        )
        result = reminders_send(today=today, base_url=base_url)
        summary = (
            f"Reminders for {today.isoformat()}: {result.sent} sent, "
            f"{result.already_sent} already sent today, {result.failed} failed."
        )
        if result.failed:
            raise CommandError(summary + " See the log; the failed ones are retried next run.")
        self.stdout.write(self.style.SUCCESS(summary))
