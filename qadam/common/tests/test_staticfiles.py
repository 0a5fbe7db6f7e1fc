"""collectstatic gathers plotly.js from the plotly package, and none of the rest of its
package data (a 4.8 MB widget bundle, example datasets) that would only be compressed and
served for nothing."""

from io import StringIO

from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_plotly_js_is_collected_without_the_rest_of_the_package(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())
    collected = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")}
    assert "plotly/plotly.min.js" in collected
    assert (tmp_path / "plotly/plotly.min.js").stat().st_size > 3_000_000
    assert not any(
        name.startswith("plotly/") and name != "plotly/plotly.min.js" for name in collected
    )
    assert "qadam/qadam.css" in collected
    assert finders.find("plotly/widgetbundle.js") is None
