from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeedingConfig(AppConfig):
    """No models: installed for its `seed` and `demo_logins` commands."""

    name = "qadam.seeding"
    label = "seeding"
    verbose_name = _("Demo dataset")
