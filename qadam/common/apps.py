from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "qadam.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # each app's `exporters.py` registers its list exports (see qadam.common.exports)
        autodiscover_modules("exporters")
