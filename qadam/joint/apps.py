from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointConfig(AppConfig):
    name = "qadam.joint"
    label = "joint"
    verbose_name = _("Joint KZ–RU training programme")
