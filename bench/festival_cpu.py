"""CPU per festival submission, in process, without saturating the machine (issue 14).

    .venv/bin/python bench/festival_cpu.py [--pupils 2000] [--profile 500] [--top 30]

The festival load (`bench/guidance_load.py`) measures latencies when the machine's two cores
are shared by gunicorn, PostgreSQL and locust; how much CPU the server spends on one pupil
decides whether it keeps up. Here the same requests go, one after another, through the WSGI
application gunicorn serves (`qadam.wsgi`, `qadam.settings.production`: DEBUG off, the whole
middleware stack, persistent connections) against the seeded PostgreSQL database of
`bench/guidance_load.py` (`DATABASE_URL` overrides it), each as gunicorn would hand it over
behind the TLS proxy. Nothing else competes, so the process's CPU time (`time.process_time`)
over the requests is what the server itself needs:

1. new pupils joining a festival (POST, 201), `--pupils` of them after a warm-up;
2. the item bank (GET instrument, one pupil in ten at the festival);
3. resends of a stored form (POST, 200, one pupil in fifty);

each in `--rounds` rounds (CPU per request: the median round and the least, as other work on
the machine slows even a process's CPU time), then the festival's mix per pupil
(1 + 0.1 x 2 + 0.02 x 3), the SQL statements each request
sends, and a cProfile of `--profile` new pupils timed in CPU, not wall-clock, time
(functions by own time and by cumulative time). Gunicorn adds its own HTTP parsing, access
log and threads on top; the load bench reports the server's CPU per pupil under load.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import guidance_load
import guidance_pupils
import seeded_postgres

ROOT = Path(__file__).resolve().parent.parent
NAME = "qadam_bench_guidance"


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", seeded_postgres.url(NAME))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="qadam.settings.production",
        DJANGO_SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CONN_MAX_AGE="600",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Server:
    """The WSGI application, called as gunicorn calls it for a request behind the proxy."""

    def __init__(self) -> None:
        from django.core.wsgi import get_wsgi_application

        self.application = get_wsgi_application()

    def call(
        self, method: str, path: str, body: bytes = b"", language: str = ""
    ) -> tuple[int, bytes]:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "RAW_URI": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "REMOTE_PORT": "40000",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_USER_AGENT": "python/gevent-http-client-1.5.5",
            "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
            "HTTP_ACCEPT": "application/json" if body else "*/*",
            "HTTP_X_FORWARDED_PROTO": "https",
            "HTTP_CONNECTION": "keep-alive",
            "wsgi.url_scheme": "https",  # gunicorn trusts the proxy's header from 127.0.0.1
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if body:
            environ.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)))
        if language:
            environ["HTTP_ACCEPT_LANGUAGE"] = language
        status: list[str] = []

        def start_response(
            line: str, headers: list[tuple[str, str]], exc_info: Any = None, /
        ) -> Callable[[bytes], object]:
            status.append(line)
            return lambda _data: None

        result: Iterable[bytes] = self.application(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return int(status[0].split()[0]), content


def _cpu_ms(requests: list[Callable[[], None]], rounds: int) -> tuple[float, float, float]:
    """CPU milliseconds per request: the median and the least of `rounds` rounds (other work
    on the machine slows a round's CPU too: caches); wall milliseconds over all of them."""
    size = max(1, len(requests) // rounds)
    cpu_rounds = []
    wall = time.perf_counter()
    for start in range(0, len(requests), size):
        batch = requests[start : start + size]
        cpu = time.process_time()
        for request in batch:
            request()
        cpu_rounds.append((time.process_time() - cpu) * 1000 / len(batch))
    wall = (time.perf_counter() - wall) * 1000 / len(requests)
    return statistics.median(cpu_rounds), min(cpu_rounds), wall


def _statements(call: Callable[[], None]) -> list[str]:
    """The SQL statements the request sends (BEGIN and COMMIT are not among them)."""
    from django.db import connection

    sent: list[str] = []

    def recording(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        sent.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(recording):
        call()
    return sent


class Festival:
    """The festival's three requests, each a call that checks its status."""

    SUBMISSIONS = "/api/v1/guidance/submissions"

    def __init__(self, server: Server, seed: int) -> None:
        self.server = server
        # the load bench's festival: an event in Almaty opened by the demo organiser
        self.code, self.region_id, self.schools, _event_id = guidance_load.festival()
        self.rng = random.Random(f"{seed}-{self.code}")  # new pupils each run: a new code

    def body(self) -> bytes:
        pupil = guidance_pupils.pupil_body(
            self.rng, event_code=self.code, region_id=self.region_id, school_ids=self.schools
        )
        return json.dumps(pupil).encode()

    def _expect(self, status: int, method: str, path: str, **kwargs: Any) -> Callable[[], None]:
        def call() -> None:
            got, answer = self.server.call(method, path, **kwargs)
            assert got == status, (got, answer[:300])

        return call

    def new_pupil(self, content: bytes) -> Callable[[], None]:
        return self._expect(201, "POST", self.SUBMISSIONS, body=content)

    def resend(self, content: bytes) -> Callable[[], None]:
        return self._expect(200, "POST", self.SUBMISSIONS, body=content)

    def instrument(self, language: str) -> Callable[[], None]:
        return self._expect(200, "GET", "/api/v1/guidance/instrument", language=language)


def _profile(calls: list[Callable[[], None]], top: int) -> None:
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on PostgreSQL
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(f"\ncProfile of {len(calls)} new pupils (CPU time), by {order}:")
        print(out.getvalue().split("\n\n", 1)[-1].strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=2000, help="new pupils measured")
    parser.add_argument("--profile", type=int, default=500, help="new pupils profiled")
    parser.add_argument("--top", type=int, default=30, help="functions listed")
    parser.add_argument("--rounds", type=int, default=5, help="CPU measured per round")
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args()
    _setup()
    festival = Festival(Server(), options.seed)
    for _warm in range(50):  # a worker's first pupils read the catalogue, layout, outlook
        festival.new_pupil(festival.body())()
    festival.instrument("kk")()
    bodies = [festival.body() for _ in range(options.pupils)]
    languages = [
        guidance_pupils.language(festival.rng) for _ in range(max(1, options.pupils // 10))
    ]
    sent = bodies[: max(1, options.pupils // 50)]
    print(
        f"festival {festival.code}: {len(festival.schools)} schools; {options.pupils:,} new "
        f"pupils, {len(languages):,} item banks, {len(sent):,} resends, one at a time; load "
        f"{os.getloadavg()[0]:.2f}"
    )
    rounds = options.rounds
    new = _cpu_ms([festival.new_pupil(content) for content in bodies], rounds)
    bank = _cpu_ms([festival.instrument(language) for language in languages], rounds)
    resend = _cpu_ms([festival.resend(content) for content in sent], rounds)
    new_sql = _statements(festival.new_pupil(festival.body()))
    print(f"{'request':<22} {'CPU ms':>7} {'least':>7} {'wall ms':>8} {'SQL':>4}")
    for name, (cpu, least, wall), sent_sql in (
        ("POST new pupil (201)", new, new_sql),
        ("GET instrument", bank, _statements(festival.instrument("ru"))),
        ("POST resend (200)", resend, _statements(festival.resend(sent[0]))),
    ):
        print(f"{name:<22} {cpu:>7.2f} {least:>7.2f} {wall:>8.2f} {len(sent_sql):>4}")
    share = (1.0, guidance_pupils.INSTRUMENT_SHARE, guidance_pupils.RESEND_SHARE)
    mix = sum(w * m[0] for w, m in zip(share, (new, bank, resend), strict=True))
    least = sum(w * m[1] for w, m in zip(share, (new, bank, resend), strict=True))
    print(
        f"festival mix: {mix:.2f} ms of CPU per pupil (least round {least:.2f}), "
        f"{mix * 100 / 1000:.2f} cores at 100 pupils a second (in process, without gunicorn)"
    )
    print("a new pupil's SQL:")
    for sql in new_sql:
        print(f"    {sql[:110]}")
    if options.profile:
        _profile([festival.new_pupil(festival.body()) for _ in range(options.profile)], options.top)


if __name__ == "__main__":
    main()
