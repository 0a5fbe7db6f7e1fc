"""Submitting a page's form exactly as a browser would, without a browser.

A browser does not send what the HTML says: it first applies the value sanitization
algorithm of each input type (a date input holding "01.09.2025" is emptied, a number input
holding "0,7" too), sends checkboxes only when checked, a select's selected option (or its
first), a textarea's text with line breaks as CRLF, and nothing for disabled controls or
controls without a name, and every line break as CRLF. `form_submission(html)` returns
those entries.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

DATE = re.compile(r"(\d{4,})-(\d{2})-(\d{2})")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?")
MONTH = re.compile(r"\d{4,}-(0[1-9]|1[0-2])")
NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")
COLOR = re.compile(r"#[0-9a-fA-F]{6}")
LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def _valid_date(value: str) -> bool:
    match = DATE.fullmatch(value)
    if not match:
        return False
    try:
        date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


def sanitize(input_type: str, value: str) -> str:
    """The HTML standard's value sanitization algorithm for `input_type`."""
    if input_type in ("text", "search", "tel", "password", "hidden", ""):
        return value if input_type == "hidden" else value.replace("\r", "").replace("\n", "")
    if input_type == "email":
        return value.replace("\r", "").replace("\n", "").strip()
    if input_type == "url":
        return value.replace("\r", "").replace("\n", "").strip()
    if input_type == "date":
        return value if _valid_date(value) else ""
    if input_type == "time":
        return value if TIME.fullmatch(value) else ""
    if input_type == "datetime-local":
        day, _sep, time = value.replace(" ", "T").partition("T")
        return f"{day}T{time}" if _valid_date(day) and TIME.fullmatch(time) else ""
    if input_type == "month":
        return value if MONTH.fullmatch(value) else ""
    if input_type in ("number", "range"):
        return value if NUMBER.fullmatch(value) else ""
    if input_type == "color":
        return value.lower() if COLOR.fullmatch(value) else "#000000"
    return value


@dataclass
class _Select:
    name: str
    multiple: bool
    disabled: bool
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # value, sel, disabled
    current: list[str] | None = None  # text of the option being read, when it has no value


@dataclass
class Form:
    attrs: dict[str, str]
    entries: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # every named control, sent or not

    def data(self) -> dict[str, list[str]]:
        """The entries as a test client's POST data (every name with its list of values),
        line breaks as CRLF in every value, as a browser encodes a form."""
        result: dict[str, list[str]] = {}
        for name, value in self.entries:
            result.setdefault(name, []).append(LINE_BREAKS.sub("\r\n", value))
        return result

    def set(self, name: str, value: str) -> None:
        """What a user typing into one field does: replace its value."""
        self.entries = [(n, value if n == name else v) for n, v in self.entries]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: _Select | None = None
        self._option: tuple[str | None, bool, bool] | None = None
        self._option_text: list[str] = []
        self._textarea: tuple[str, bool] | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attributes}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select":
            self._select = _Select(attrs.get("name", ""), "multiple" in attrs, "disabled" in attrs)
            self._form.names.add(self._select.name)
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value"), "selected" in attrs, "disabled" in attrs)
            self._option_text = []
        elif tag == "textarea":
            self._textarea = (attrs.get("name", ""), "disabled" in attrs)
            self._form.names.add(self._textarea[0])
            self._textarea_text = []

    def _input(self, attrs: dict[str, str]) -> None:
        assert self._form is not None
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if name:
            self._form.names.add(name)
        if not name or "disabled" in attrs or kind in ("submit", "button", "reset", "image"):
            return
        if kind == "file":
            return
        if kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self._form.entries.append((name, attrs.get("value", "on")))
            return
        self._form.entries.append((name, sanitize(kind, attrs.get("value", ""))))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._option is not None:
            value, selected, disabled = self._option
            text = " ".join("".join(self._option_text).split())
            self._select.options.append((text if value is None else value, selected, disabled))
            self._option = None
        elif tag == "select" and self._select is not None:
            self._close_select(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, disabled = self._textarea
            text = "".join(self._textarea_text).removeprefix("\n")
            if name and not disabled and self._form is not None:
                self._form.entries.append((name, LINE_BREAKS.sub("\r\n", text)))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _close_select(self, select: _Select) -> None:
        if not select.name or select.disabled or self._form is None:
            return
        chosen = [value for value, selected, disabled in select.options if selected]
        if not chosen and not select.multiple:
            chosen = [value for value, _sel, disabled in select.options if not disabled][:1]
        self._form.entries.extend((select.name, value) for value in chosen)


def page_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_submission(html: str, *, containing: str) -> Form:
    """The form of the page that has a control named `containing`, as a browser submits it."""
    for form in page_forms(html):
        if containing in form.names:
            return form
    raise AssertionError(f"no form with a control named {containing!r} on the page")
