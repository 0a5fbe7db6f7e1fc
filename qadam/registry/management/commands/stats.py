"""qadam stats [--json]: the dataset's headline figures, to check against the brief."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qadam.registry.selectors import dataset_statistics


class Command(BaseCommand):
    help = "Print the headline counts of the dataset (with --json as one JSON object)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        stats = dataset_statistics()
        if options["json"]:
            self.stdout.write(json.dumps(stats))
            return
        width = max(len(key) for key in stats)
        for key, value in stats.items():
            shown = f"{value:.1%}" if isinstance(value, float) else f"{value:,}"
            self.stdout.write(f"{key.replace('_', ' '):<{width}}  {shown:>10}")
