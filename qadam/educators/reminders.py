"""Educators overdue for upskilling, as a section of every user's reminders (the home page,
the overdue page and the daily e-mail of qadam.agreements.reminders): the administrator of a
college their own, the ministry all; analysts get no names."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qadam.accounts.models import User
from qadam.agreements.reminders import ReminderSection, reminder_section_register
from qadam.educators import selectors
from qadam.educators.choices import UpskillingStatus


def _item(educator: object, today: date) -> str:
    latest = getattr(educator, "last_upskilled_on", None)
    if latest is None:
        return _("%(educator)s (%(institution)s): never upskilled") % {
            "educator": educator,
            "institution": getattr(educator, "institution", ""),
        }
    return _("%(educator)s (%(institution)s): last upskilled on %(date)s") % {
        "educator": educator,
        "institution": getattr(educator, "institution", ""),
        "date": latest.strftime("%d.%m.%Y"),
    }


def overdue_section(user: User, today: date, limit: int) -> ReminderSection | None:
    overdue = selectors.overdue_educators(user=user, today=today)
    count = overdue.count()
    if not count:
        return None
    years = selectors.period_years()
    heading = ngettext(
        "%(count)s educator has not upskilled within %(years)s years",
        "%(count)s educators have not upskilled within %(years)s years",
        count,
    ) % {"count": count, "years": years}
    items = [
        (_item(educator, today), reverse("educators:educator_detail", args=[educator.pk]))
        for educator in (overdue[:limit] if limit else [])
    ]
    more = reverse("educators:educator_list") + f"?status={UpskillingStatus.OVERDUE.value}"
    return ReminderSection(
        key="upskilling-overdue",
        heading=heading,
        count=count,
        items=items,
        more_path=more,
        more_label=_("All educators overdue for upskilling"),
    )


reminder_section_register("educators.upskilling", overdue_section)
