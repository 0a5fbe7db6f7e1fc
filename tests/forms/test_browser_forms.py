"""The browser's value sanitization, as the round-trip tests apply it."""

import pytest

from qadam.common.tests.browser_forms import form_submission, sanitize


@pytest.mark.parametrize(
    ("kind", "value", "sent"),
    [
        ("date", "2025-09-01", "2025-09-01"),
        ("date", "01.09.2025", ""),
        ("date", "2025-02-30", ""),
        ("time", "09:30", "09:30"),
        ("time", "9:30", ""),
        ("datetime-local", "2026-10-13T09:00", "2026-10-13T09:00"),
        ("datetime-local", "13.10.2026 09:00", ""),
        ("number", "0.7", "0.7"),
        ("number", "0,7", ""),
        ("number", "1 000", ""),
        ("number", "-12", "-12"),
        ("text", "a\nb", "ab"),
        ("email", " a@b.kz ", "a@b.kz"),
    ],
)
def test_values_are_sanitized_as_a_browser_does(kind, value, sent):
    assert sanitize(kind, value) == sent


def test_a_form_is_submitted_as_a_browser_would():
    page = """
    <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input type="date" name="on" value="01.09.2025">
      <input type="checkbox" name="ticked" checked><input type="checkbox" name="unticked">
      <select name="one"><option value="">—</option><option value="2" selected>B</option></select>
      <select name="first"><option value="x">X</option><option value="y">Y</option></select>
      <select name="many" multiple><option value="1">A</option></select>
      <textarea name="note">
line one
line two</textarea>
      <input name="off" value="1" disabled><input type="submit" name="go" value="Save">
    </form>"""
    form = form_submission(page, containing="on")
    assert form.data() == {
        "csrfmiddlewaretoken": ["t"],
        "on": [""],
        "ticked": ["on"],
        "one": ["2"],
        "first": ["x"],
        "note": ["line one\r\nline two"],
    }
