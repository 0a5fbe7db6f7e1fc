"""Every role's main pages as a user loads them: Chromium against a served national database.

    .venv/bin/python bench/page_walk.py [--repeat 3] [--database-url URL] [--limit-ms 500]

Serves the database with gunicorn under the production settings (DEBUG off, `collectstatic`
done, static files served by whitenoise as in production; HTTP, so secure cookies and the
HTTPS redirect are off), signs in as each demo user in Debian's Chromium and follows what that
role sees: its menu, the first record of each list, the create and edit pages linked from
them, and the pages every role is worth measuring on (a planning run, the partnerships'
charts, mobility, the national targets, a pupil's anonymous diagnostic). Each page is loaded
`--repeat` times; the best load of each is reported:

  server ms   time to the first byte of the page (the request's responseStart)
  DCL ms      DOMContentLoaded
  load ms     the `load` event
  settled ms  the last response of the page, including fragments htmx fetches after load
  doc KB      the HTML as transferred; total KB: everything the first load transferred

Exits non-zero when any page's best `load` or best `settled` is over `--limit-ms`.
The database must be seeded (`qadam seed --profile national --seed 42`).
"""

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "qadam-demo"
MAX_PAGES_PER_ROLE = 40
# Links a user follows to leave, download or act, not to read a page.
SKIP = re.compile(r"/(api|admin|static|i18n|exports?)/|logout|download|\.(pdf|xlsx|csv)$|/pdf$")

TIMING_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const ends = resources.map((r) => r.responseEnd);
  return {
    server: nav.responseStart - nav.startTime,
    dcl: nav.domContentLoadedEventEnd - nav.startTime,
    load: nav.loadEventEnd - nav.startTime,
    settled: Math.max(nav.loadEventEnd, ...ends) - nav.startTime,
    doc: nav.transferSize,
    total: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
  };
}"""


@dataclass
class Sample:
    server: float
    dcl: float
    load: float
    settled: float
    doc: int
    total: int


@dataclass
class PageResult:
    role: str
    url: str
    status: int
    samples: list[Sample] = field(default_factory=list)

    def best(self, name: str) -> float:
        return min(getattr(sample, name) for sample in self.samples)


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.production",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "bench-page-walk-not-a-secret",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SECURE_HSTS_PRELOAD": "false",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
    }


def _answers(url: str) -> bool:
    try:
        with urlopen(url, timeout=30):
            return True
    except (URLError, OSError):
        return False


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    login = f"http://127.0.0.1:{port}/accounts/login/"
    if _answers(login):  # another server would be measured instead of this code
        raise SystemExit(f"port {port} is taken: stop what serves it or pass --port")
    subprocess.run(
        [str(BIN / "qadam"), "collectstatic", "--noinput", "-v0"], check=True, env=env, cwd=ROOT
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "qadam.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--timeout=120",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        if _answers(login):
            for _ in range(2 * workers):  # each worker's first request loads the URLconf
                _answers(login)
            return server
        time.sleep(0.5)
    server.terminate()
    server.wait(timeout=30)
    raise SystemExit("the server did not start within 60 s")


def _ask_django(env: dict[str, str], script: str) -> list[str]:
    """Lines printed by `script` run with Django set up against the served database."""
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out.stdout.decode().splitlines()


def demo_usernames(env: dict[str, str]) -> list[str]:
    return _ask_django(
        env,
        "from qadam.accounts.selectors import demo_login_list\n"
        "for user in demo_login_list(): print(user.username)\n",
    )


def pupil_urls(env: dict[str, str]) -> list[str]:
    """The anonymous diagnostic: its start page, a session in progress and a pupil's results
    (the seed's festival holds finished sessions)."""
    done, going = _ask_django(
        env,
        "from qadam.guidance.models import DiagnosticSession as S\n"
        "done = S.objects.filter(completed_at__isnull=False).order_by('id').first()\n"
        "going = S.objects.filter(completed_at__isnull=True).order_by('id').first()\n"
        "print(done.resume_code if done else '-')\n"
        "print(going.resume_code if going else '-')\n",
    )
    urls = ["/guidance/start/"]
    if going != "-":
        urls.append(f"/guidance/s/{going}/")
    if done != "-":
        urls.append(f"/guidance/r/{done}/")
    return urls


def extra_pages(env: dict[str, str]) -> list[str]:
    """Pages every role is tried on beside its menu (a role that may not read one gets
    403/404 and it is not reported): the student create page, the national targets, the
    partnerships' charts and mobility, planning's latest finished run and its scenario."""
    run = _ask_django(
        env,
        "from qadam.planning.models import AllocationRun as Run\n"
        "run = Run.objects.filter(status='finished').order_by('-id').first()\n"
        "print(f'{run.pk} {run.scenario_id}' if run else '- -')\n",
    )[0].split()
    pages = [
        "/registry/students/new/",
        "/national/",
        "/partnerships/charts/",
        "/partnerships/mobility/",
        "/planning/",
    ]
    if run[0] != "-":
        pages += [f"/planning/runs/{run[0]}/", f"/planning/scenarios/{run[1]}/"]
    return pages


def measure(page: object, url: str) -> tuple[int, Sample | None]:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    response = page.goto(url, wait_until="load")
    status = response.status if response is not None else 0
    if status != 200:
        return status, None
    # fragments htmx fetches on load (lazy charts, counts) belong to the page's cost
    page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=60_000)
    page.wait_for_timeout(50)
    values = page.evaluate(TIMING_JS)
    return status, Sample(**{k: values[k] for k in Sample.__dataclass_fields__})


def links(page: object, base: str, selector: str) -> list[str]:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        absolute = urljoin(page.url, href)
        if not absolute.startswith(base) or SKIP.search(urlsplit(absolute).path):
            continue
        found.append(absolute[len(base) :])
    return found


def discover(page: object, base: str, extras: list[str]) -> list[str]:
    """The role's menu, the first record of each list, and the create/edit pages they link."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(f"{base}/", wait_until="load")
    order: list[str] = ["/"]
    menu = links(page, base, "header nav a[href]")
    for url in menu + extras:
        if url not in order:
            order.append(url)
    for url in list(order):
        if len(order) >= MAX_PAGES_PER_ROLE:
            break
        response = page.goto(f"{base}{url}", wait_until="domcontentloaded")
        if response is None or response.status != 200:
            continue
        found = links(page, base, "main table tbody tr a[href]")[:1]
        found += links(page, base, "main a[href$='/new/']")[:2]
        for detail in found:
            if detail in order:
                continue
            order.append(detail)
            page.goto(f"{base}{detail}", wait_until="domcontentloaded")
            for edit in links(page, base, "main a[href$='/edit/']")[:1]:
                if edit not in order:
                    order.append(edit)
    return order[:MAX_PAGES_PER_ROLE]


def walk_role(
    browser: object, base: str, role: str | None, urls: list[str], repeat: int, *, menu: bool
) -> list[PageResult]:
    """Sign in as `role` (None: anonymous) and time `urls`, after the role's menu and what it
    links to when `menu`."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)
    if role is not None:
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{base}/")
    targets = discover(page, base, urls) if menu else urls
    results = []
    for url in targets:
        result = PageResult(role=role or "pupil", url=url, status=0)
        for _ in range(repeat):
            status, sample = measure(page, f"{base}{url}")
            result.status = status
            if sample is None:
                break
            result.samples.append(sample)
        if result.samples:
            results.append(result)
            print(
                f"{result.role:<11} {url:<60} load {result.best('load'):7.0f} ms  "
                f"settled {result.best('settled'):7.0f} ms",
                file=sys.stderr,
                flush=True,
            )
    context.close()
    return results


def table(results: list[PageResult]) -> str:
    header = (
        "| role | page | server ms | DCL ms | load ms | settled ms | doc KB | total KB |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for r in results:
        first = r.samples[0]
        rows.append(
            f"| {r.role} | `{r.url}` | {r.best('server'):.0f} | {r.best('dcl'):.0f} | "
            f"{r.best('load'):.0f} | {r.best('settled'):.0f} | {first.doc / 1024:.0f} | "
            f"{first.total / 1024:.0f} |"
        )
    return header + "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="loads per page; the best counts")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'qadam.sqlite3'}"),
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit-ms", type=float, default=500.0)
    parser.add_argument("--roles", nargs="*", help="only these demo users (and 'pupil')")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    env = server_env(options.database_url)
    roles = [*demo_usernames(env), "pupil"]
    if options.roles:
        roles = [role for role in roles if role in options.roles]
    server = serve(env, options.port, options.workers)
    base = f"http://127.0.0.1:{options.port}"
    results: list[PageResult] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            extras = extra_pages(env)
            for role in roles:
                if role == "pupil":
                    urls = pupil_urls(env)
                    results += walk_role(browser, base, None, urls, options.repeat, menu=False)
                else:
                    results += walk_role(browser, base, role, extras, options.repeat, menu=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(table(results))
    worst = max(results, key=lambda r: r.best("settled"))
    over = [r for r in results if max(r.best("load"), r.best("settled")) > options.limit_ms]
    print(
        f"\n{len(results)} pages, best of {options.repeat}; worst: {worst.role} {worst.url} "
        f"load {worst.best('load'):.0f} ms, settled {worst.best('settled'):.0f} ms; "
        f"{len(over)} over {options.limit_ms:.0f} ms"
    )
    for r in over:
        print(f"  over: {r.role} {r.url} load {r.best('load'):.0f} settled {r.best('settled'):.0f}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
