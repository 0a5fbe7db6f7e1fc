"""The Content-Security-Policy allows no inline script, so a template with an inline event
handler (onchange="...") ships a control that silently does nothing."""

import re
from pathlib import Path

import qadam

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_event_handler():
    root = Path(qadam.__file__).parent
    found = [
        f"{path.relative_to(root)}: {match.group(0)[:80]}"
        for path in root.rglob("*.html")
        for match in INLINE_HANDLER.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
