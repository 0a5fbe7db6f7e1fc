"""makemessages that also extracts `gettext_lazy as _lazy`, the alias modules use where `_`
is already the eager gettext (column headers of exports and imports)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
