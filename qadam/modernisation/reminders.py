"""Overdue milestones among the partnership reminders: on the reminders page, each role's
home page and the daily e-mail (agreements.reminders keeps the one mechanism)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from qadam.accounts.models import User
from qadam.agreements.reminders import ReminderItem, ReminderSection, reminder_source
from qadam.common.localized import localized
from qadam.modernisation.selectors import overdue_milestones


@reminder_source("modernisation.milestones")
def overdue_milestones_section(user: User, today: date, limit: int) -> ReminderSection | None:
    overdue = overdue_milestones(user=user, today=today)
    count = overdue.count()
    if not count:
        return None
    items = [
        ReminderItem(
            text=_("%(college)s: %(milestone)s, due on %(date)s")
            % {
                "college": localized(milestone.project.college),
                "milestone": localized(milestone, "title"),
                "date": milestone.due_on.strftime("%d.%m.%Y"),
            },
            path=reverse("modernisation:project_detail", args=[milestone.project_id]),
        )
        for milestone in overdue[:limit]
    ]
    return ReminderSection(
        title=_("Modernisation milestones overdue"),
        count=count,
        items=items,
        list_path=reverse("modernisation:overdue"),
    )
