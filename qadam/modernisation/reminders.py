"""Overdue milestones among the partnership reminders: on each role's home page, the
reminders page and the daily e-mail (agreements.reminders keeps the one mechanism)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qadam.accounts.models import User
from qadam.agreements.reminders import ReminderSection, reminder_section_register
from qadam.common.localized import localized
from qadam.modernisation.selectors import overdue_milestones


def overdue_milestones_section(user: User, today: date, limit: int) -> ReminderSection | None:
    overdue = overdue_milestones(user=user, today=today)
    count = overdue.count()
    if not count:
        return None
    items = [
        (
            _("%(college)s: %(milestone)s, due on %(date)s")
            % {
                "college": localized(milestone.project.college),
                "milestone": localized(milestone, "title"),
                "date": milestone.due_on.strftime("%d.%m.%Y"),
            },
            reverse("modernisation:project_detail", args=[milestone.project_id]),
        )
        for milestone in overdue[:limit]
    ]
    return ReminderSection(
        key="modernisation-overdue",
        heading=ngettext(
            "%(count)s modernisation milestone overdue",
            "%(count)s modernisation milestones overdue",
            count,
        )
        % {"count": count},
        count=count,
        items=items,
        more_path=reverse("modernisation:overdue"),
        more_label=_("All overdue modernisation milestones"),
    )


reminder_section_register("modernisation-overdue", overdue_milestones_section)
