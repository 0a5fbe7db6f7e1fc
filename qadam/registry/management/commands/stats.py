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
        rows: list[tuple[str, str]] = []
        for key, value in stats.items():
            if isinstance(value, dict):  # a distribution: one line per figure, as numbers
                rows += [(f"{key} {name}", f"{figure:g}") for name, figure in value.items()]
            else:
                rows.append((key, f"{value:.1%}" if isinstance(value, float) else f"{value:,}"))
        width = max(len(key) for key, _shown in rows)
        for key, shown in rows:
            self.stdout.write(f"{key.replace('_', ' '):<{width}}  {shown:>10}")
