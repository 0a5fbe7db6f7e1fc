from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducatorsConfig(AppConfig):
    name = "qadam.educators"
    label = "educators"
    verbose_name = _("Educators and their upskilling")

    def ready(self) -> None:
        # the daily reminders (agreements) and `qadam stats` (registry) sit in layers below:
        # they list what this app registers
        from qadam.educators import reminders  # noqa: F401
        from qadam.educators.selectors import statistics
        from qadam.registry.selectors.figures import statistics_register

        statistics_register("educators", statistics)
