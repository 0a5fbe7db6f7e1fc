from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModernisationConfig(AppConfig):
    name = "qadam.modernisation"
    label = "modernisation"
    verbose_name = _("Modernisation")

    def ready(self) -> None:
        # overdue milestones join the partnership reminders (page, home, daily e-mail)
        from qadam.modernisation import reminders  # noqa: F401
