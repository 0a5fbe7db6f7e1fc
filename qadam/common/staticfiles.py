"""plotly.js as a static file from the plotly package, without the rest of its package_data
(a 4.8 MB widget bundle, example datasets, templates) that collectstatic would copy and
compress for nothing."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

PREFIX = "plotly"
FILES = ("plotly.min.js",)


class PlotlyFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(
            location=Path(plotly.__file__).resolve().parent / "package_data"
        )
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]  # read by collectstatic

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    def find(self, path: str, find_all: bool = False) -> Any:
        """The file's path (a list of it with `find_all`); [] when it is not plotly.js:
        Django's finders.find reads any other value, None too, as a match."""
        name = path.removeprefix(f"{PREFIX}/")
        found = name != path and name in FILES and self.storage.exists(name)
        match = [self.storage.path(name)] if found else []
        return match if find_all or not match else match[0]

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name in FILES:
            yield name, self.storage
