from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducatorsConfig(AppConfig):
    name = "qadam.educators"
    label = "educators"
    verbose_name = _("Educators and their upskilling")

    def ready(self) -> None:
        # the daily reminders (agreements) sit in a layer below: they list what this registers
        from qadam.educators import reminders  # noqa: F401
