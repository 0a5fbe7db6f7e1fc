"""Every link a role is shown leads somewhere: from each demo user's home (and an anonymous
visitor's), the pages two clicks deep are read, and every same-site <a href> on them is
followed; none answers 404 or 500. A link to a record outside the viewer's scope is a broken
link, so a page renders a link only where its target is in the viewer's sight.

The walk reads pages of every shape first (a shape is the path with its ids blanked, and
the query's keys), then more of each, up to a budget per role, so a detail page reached
through a list is read even when the list has hundreds of rows. Runs on the small seeded
country (tests/security/conftest.py)."""

import re
from collections import Counter
from heapq import heappop, heappush
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

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
    None,  # anonymous
]
READ_DEPTH = 2  # pages this many clicks from home are read; their links are followed
BUDGET = 260  # requests per role
SKIPPED = ("/admin/", "/api/v1/", "/i18n/", "/accounts/logout/", "/static/")
BROKEN = {404, 500}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(page: str, base: str) -> list[str]:
    """The same-site links of a page, absolute paths with their query, without fragments."""
    parser = Links()
    parser.feed(page)
    found = []
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if target and not target.startswith(SKIPPED):
            found.append(target)
    return found


def shape(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/[0-9A-Z]{4,}(?=/)|/\d+(?=/|$)", "/<id>", parts.path)
    keys = sorted({key for key, _value in parse_qsl(parts.query)})
    return path + ("?" + "&".join(keys) if keys else "")


def client_for(role: str | None) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    if role is not None:
        client.force_login(User.objects.get(username=role))
    return client


def walk(role: str | None) -> tuple[list[str], Counter[int]]:
    """(the broken links with the page showing each, the statuses seen)."""
    client = client_for(role)
    broken: list[str] = []
    statuses: Counter[int] = Counter()
    seen = {"/"}
    scheduled: Counter[str] = Counter()  # links queued per shape: every shape's first goes first
    # (how many of its shape were queued before it, depth, order, the linking page, url)
    queue: list[tuple[int, int, int, str, str]] = [(0, 0, 0, "", "/")]
    while queue and sum(statuses.values()) < BUDGET:
        _rank, depth, _order, source, url = heappop(queue)
        response = client.get(url)
        statuses[response.status_code] += 1
        if response.status_code in BROKEN or response.status_code > 500:
            broken.append(f"{url} ({response.status_code}) linked from {source or 'the start'}")
            continue
        html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if depth > READ_DEPTH or not html:
            continue
        for target in links(response.content.decode(), url):
            if target not in seen:
                seen.add(target)
                key = shape(target)
                heappush(queue, (scheduled[key], depth + 1, len(seen), url, target))
                scheduled[key] += 1
    return broken, statuses


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_no_link_a_role_is_shown_is_broken(country, db, role):
    broken, statuses = walk(role)
    assert broken == []
    # the walk went through the role's pages, not only its home
    assert statuses[200] >= (5 if role is None else 40), statuses
