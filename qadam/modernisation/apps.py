from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModernisationConfig(AppConfig):
    name = "qadam.modernisation"
    label = "modernisation"
    verbose_name = _("Modernisation")

    def ready(self) -> None:
        # overdue milestones join the partnership reminders (page, home, daily e-mail)
        from qadam.modernisation import reminders  # noqa: F401
        from qadam.modernisation.selectors import modernisation_statistics
        from qadam.registry.selectors.figures import statistics_register

        statistics_register("modernisation", modernisation_statistics)
