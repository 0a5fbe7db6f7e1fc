"""Every role's main pages, read in Kazakh and in Russian, hold no English sentence.

The walk signs in as each role of the small seeded country, follows the links of its home
page and of the pages they lead to, and reads what a user reads: the visible text and the
labels a screen reader or a tooltip shows. Three Latin words in a row are an English
phrase someone forgot to translate (names and codes are one or two words); text marked
`lang="en"` (a licensor's required wording) is English on purpose."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client

from qadam.accounts.models import User

ROLES = [
    "ministry",
    "analyst",
    "college",
    "university",
    "enterprise",
    "student",
    "organiser",
    "counsellor",
    "parent",
    "megaproject",
    None,
]
MAX_PAGES = 40
SKIPPED = ("/admin/", "/api/", "/i18n/", "/accounts/logout/", "/static/", "/media/")
EXPORTS = re.compile(r"\.(xlsx|csv|pdf|json|png|svg)$|/export|/download|/file")
LATIN_PHRASE = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,'-]+[A-Za-z][a-z]+){2,}\b")
# not read: code, and a text field's content (what someone typed, e.g. a name's English variant)
HIDDEN = ("script", "style", "template", "textarea")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Latin text that is not English prose: proper names and product names a user reads as such
NOT_ENGLISH = re.compile(
    r"Qadam|Plotly|OpenAPI|Swagger|Holland|RIASEC|Rosatom|Samruk|Kazatomprom|"
    r"Lorem|ipsum|Open Government Licence|Natural Earth|@|https?:|"
    # what a user types: the language codes, a command line in the audit log
    r"\bkk, ru, en\b|seed --profile|"
    # the map's source, a dataset's proper name (its licence asks for it as published)
    r"Subnational Administrative Boundaries|Humanitarian Data Exchange"
)


class _Reader(HTMLParser):
    """What a user reads on the page, and where its links lead."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._english: list[str] = []  # open elements from one marked lang="en" inwards

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        english = self._english or (values.get("lang") or "").startswith("en")
        if english and tag not in VOID:
            self._english.append(tag)
        if tag in HIDDEN:
            self._hidden += 1
        if not english:
            self.texts.extend(v for k, v in values.items() if k in READ_ATTRIBUTES and v)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self._english:
            del self._english[len(self._english) - 1 - self._english[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._english and data.strip():
            self.texts.append(data)


def _english_phrases(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for match in LATIN_PHRASE.finditer(" ".join(text.split())):
            if not NOT_ENGLISH.search(match.group(0)):
                found.append(match.group(0))
    return found


def _walk(client: Client) -> tuple[dict[str, list[str]], int]:
    """English phrases per page over the pages reachable from the home page, and how many
    pages were read."""
    queue, seen, problems, read = ["/"], {"/"}, {}, 0
    while queue and read < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        read += 1
        reader = _Reader()
        reader.feed(response.content.decode())
        phrases = _english_phrases(reader.texts)
        if phrases:
            problems[url] = sorted(set(phrases))
        for href in reader.links:
            target = urldefrag(href)[0]
            parsed = urlparse(target)
            if parsed.netloc or not parsed.path.startswith("/") or target in seen:
                continue
            if parsed.path.startswith(SKIPPED) or EXPORTS.search(parsed.path):
                continue
            seen.add(target)
            queue.append(target)
    return problems, read


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("role", ROLES)
def test_main_pages_hold_no_english_phrase(country, db, role, language):
    client = Client()
    client.cookies["django_language"] = language
    if role is not None:
        client.force_login(User.objects.get(username=role))
    problems, read = _walk(client)
    assert read >= (3 if role is None else 8), read  # the walk got past the home page
    assert not problems, "\n".join(f"{url}: {phrases}" for url, phrases in problems.items())
