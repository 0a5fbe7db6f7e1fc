"""A festival hour of the career-guidance diagnostic under load (issue 4): gunicorn on
PostgreSQL, driven by locust at a constant rate of completed diagnostics.

    .venv/bin/python bench/guidance_load.py [--minutes 5] [--rate 100] [--reuse]
        [--profile national] [--workers 3] [--threads 4] [--users-per-pupil-second 2]

Steps: a fresh PostgreSQL database `qadam_bench_guidance` is migrated and seeded (`--reuse`
keeps an already seeded one); an organiser opens a festival event (its join code is
printed); gunicorn serves `qadam.wsgi` with the production settings (DEBUG off, persistent
connections) and is warmed with a few submissions outside the event; locust runs
`bench/guidance_locustfile.py` headless for `--minutes` with Poisson arrivals of `--rate`
pupils a second; then the figures per endpoint as locust saw them, the server's own time per
submission (gunicorn's access log), the CPU each party used (locust, gunicorn and PostgreSQL
share the machine's cores; other work on the machine is in "machine busy") and gunicorn's CPU
per pupil (`bench/festival_cpu.py` measures it in process, unloaded), and a check in the
database that the event holds exactly one completed session per pupil, however many resends.
"""

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import seeded_postgres

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
NAME = "qadam_bench_guidance"
URL = seeded_postgres.url(NAME)
FESTIVAL_REGION_KATO = "75"  # Almaty city
PERCENTILES = ("50%", "95%", "99%", "100%")
# what the TLS-terminating proxy adds to every request (production redirects plain HTTP)
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def festival() -> tuple[str, int, list[int], int]:
    """A new festival event: its join code, region, the region's schools, its id."""
    os.environ.update(DATABASE_URL=URL, DJANGO_SETTINGS_MODULE="qadam.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from qadam.accounts.models import User
    from qadam.accounts.roles import Role
    from qadam.guidance.models import GuidanceEvent
    from qadam.guidance.services import event_create
    from qadam.registry.models import Institution, Region

    organiser = User.objects.filter(role=Role.GUIDANCE_ORGANISER).order_by("id").first()
    assert organiser is not None, "the dataset has no guidance organiser (demo users)"
    region = Region.objects.get(kato=FESTIVAL_REGION_KATO)
    event = event_create(
        actor=organiser,
        name=f"Festival load test {time.strftime('%Y-%m-%d %H:%M:%S')}",
        kind=GuidanceEvent.Kind.FESTIVAL,
        starts_on=date.today(),
        ends_on=date.today(),
        region_id=region.pk,
    )
    schools = list(
        Institution.objects.filter(kind="school", region=region).values_list("id", flat=True)
    )
    print(
        f"festival event {event.pk}: join code {event.join_code}, {region.name_en}, "
        f"{len(schools)} schools, organiser {organiser.username}"
    )
    return event.join_code, region.pk, schools, event.pk


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (and their reaped children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def _pids(command_word: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == command_word:
                    pids.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return pids


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _warm(port: int, region_id: int, requests: int) -> None:
    """Each worker's first submission reads the catalogue and the instrument's layout:
    done before the clock starts (pupils without an event, outside the festival's count)."""
    answers = {f"{scale}{i}": 3 + (i % 2) for scale in "RIASEC" for i in range(1, 9)}
    for _request in range(requests):
        body = {
            "client_id": str(uuid.uuid4()),
            "consent": True,
            "language": "ru",
            "age": 15,
            "region_id": region_id,
            "answers": answers,
        }
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/guidance/submissions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **PROXY_HEADERS},
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 201, response.status


def gunicorn(
    port: int, workers: int, threads: int, keep_alive: int, access_log: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "DATABASE_URL": URL,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CONN_MAX_AGE": "600",
    }
    command = [
        str(VENV_BIN / "gunicorn"),
        "qadam.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--keep-alive",
        str(keep_alive),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(m)s %(U)s %(s)s %(D)s",  # method, path, status, microseconds in the server
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    for _attempt in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped")
        try:
            with urllib.request.urlopen(
                urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/guidance/instrument",
                    headers=PROXY_HEADERS,
                ),
                timeout=2,
            ) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise SystemExit("gunicorn did not answer")
    return server


def server_times(access_log: Path, since: int) -> str:
    """Percentiles of the server's own time for the festival's new submissions (201)."""
    with access_log.open() as f:
        lines = f.readlines()[since:]
    times = sorted(
        int(parts[3]) / 1000
        for parts in (line.split() for line in lines)
        if len(parts) == 4 and parts[0] == "POST" and parts[2] == "201"
    )
    if not times:
        return "no submissions logged"

    def at(q: float) -> float:
        return times[min(len(times) - 1, round(q * len(times)) - 1)]

    return (
        f"median {at(0.5):.1f}, p95 {at(0.95):.1f}, p99 {at(0.99):.1f}, "
        f"max {times[-1]:.1f} ms (n={len(times):,})"
    )


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with Path(f"{prefix}_stats.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def print_stats(rows: list[dict[str, str]], seconds: float) -> None:
    print(
        f"{'endpoint':<28} {'requests':>9} {'failures':>8} {'req/s':>7} "
        f"{'median':>7} {'p95':>6} {'p99':>6} {'max':>6}  (ms)"
    )
    for row in rows:
        name = row["Name"] if row["Type"] else "all"
        print(
            f"{name:<28} {int(row['Request Count']):>9,} {int(row['Failure Count']):>8} "
            f"{int(row['Request Count']) / seconds:>7.1f} "
            + " ".join(f"{row[p]:>6}" for p in ("50%", "95%", "99%", "100%"))
        )


def check_database(event_id: int, tally: dict[str, Any]) -> bool:
    """One completed session per pupil: every form answered 201 is stored once, nothing is
    stored that no pupil sent, and resends stored nothing new."""
    from qadam.guidance.models import DiagnosticSession

    sessions = DiagnosticSession.objects.filter(event_id=event_id)
    stored = [str(u) for u in sessions.values_list("client_id", flat=True)]
    completed = sessions.filter(completed_at__isnull=False).count()
    sent, created = set(tally["sent_ids"]), set(tally["created_ids"])
    duplicates = len(stored) - len(set(stored))
    ok = (
        completed == len(stored)
        and duplicates == 0
        and created <= set(stored) <= sent
        and len(sent) == tally["new_sent"]
        and tally["resends_same"] == tally["resends_sent"]
    )
    lost = len(set(stored) - created)
    print(
        f"database: {completed:,} completed sessions at the event for {len(sent):,} pupils "
        f"who sent a form ({len(created):,} answered 201, {lost} stored whose answer was "
        f"lost, {len(sent) - len(stored)} cut off at the end, not stored), {duplicates} "
        f"duplicates; "
        f"{tally['resends_sent']} resends, {tally['resends_same']} answered 200 with the "
        f"same result: " + ("consistent" if ok else "INCONSISTENT")
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--rate", type=float, default=100.0, help="pupils a second")
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database")
    parser.add_argument("--profile", default="national", choices=("national", "small"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=0,
        help="seconds gunicorn keeps a connection open; 0 closes it after each response, as "
        "behind nginx (whose upstream connections close by default), so that every request "
        "goes to a free worker instead of the one its phone's connection is stuck to",
    )
    parser.add_argument(
        "--users-per-pupil-second",
        type=float,
        default=2.0,
        help="simulated phones per pupil a second (each a Poisson source of the inverse rate)",
    )
    options = parser.parse_args()
    if not (VENV_BIN / "locust").exists():  # not in the dev lock: requirements/bench.lock
        parser.exit(2, "locust is not installed: run `make install-bench` first\n")
    seconds = seeded_postgres.prepare(NAME, reuse=options.reuse, profile=options.profile)
    print(f"database {NAME} ready ({options.profile} profile, {seconds:.1f} s)")
    code, region_id, schools, event_id = festival()
    users = round(options.rate * options.users_per_pupil_second)
    per_user = options.rate / users
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="qadam-guidance-load-"))
    prefix, summary, access_log = workdir / "locust", workdir / "tally.json", workdir / "access.log"
    server = gunicorn(port, options.workers, options.threads, options.keep_alive, access_log)
    _warm(port, region_id, options.workers * options.threads * 3)
    time.sleep(1)  # the access log is flushed
    warm_lines = len(access_log.read_text().splitlines())
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "guidance_locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 5)),
        "--run-time",
        f"{round(options.minutes * 60)}s",
        "--stop-timeout",  # let pupils mid-request at the end finish
        "60",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--event-code",
        code,
        "--region-id",
        str(region_id),
        "--school-ids",
        ",".join(map(str, schools)),
        "--pupils-per-user-second",
        f"{per_user:g}",
        "--summary-file",
        str(summary),
    ]
    print(
        f"gunicorn: {options.workers} workers x {options.threads} threads; locust: {users} "
        f"users at {per_user:g} pupils/s each = {options.rate:g} pupils/s for "
        f"{options.minutes:g} min; output in {workdir}"
    )
    try:
        server_pids = [server.pid, *_children(server.pid)]
        postgres_before = _cpu_seconds(_pids("postgres"))
        server_before = _cpu_seconds(server_pids)
        busy_before, total_before = _machine_busy_seconds()
        started = time.perf_counter()
        load = subprocess.Popen(command, cwd=ROOT)
        load_cpu = 0.0
        while load.poll() is None:
            load_cpu = max(load_cpu, _cpu_seconds([load.pid]))
            time.sleep(1)
        seconds = time.perf_counter() - started
        server_cpu = _cpu_seconds(server_pids) - server_before
        postgres_cpu = _cpu_seconds(_pids("postgres")) - postgres_before
        busy_after, total_after = _machine_busy_seconds()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rows = read_stats(prefix)
    run_seconds = options.minutes * 60
    print_stats(rows, run_seconds)
    print(f"server time of a new submission (gunicorn): {server_times(access_log, warm_lines)}")
    cores = total_after - total_before
    print(
        f"CPU over {seconds:.0f} s, in cores: gunicorn {server_cpu / seconds:.2f}, "
        f"PostgreSQL {postgres_cpu / seconds:.2f}, locust {load_cpu / seconds:.2f}; "
        f"machine busy {(busy_after - busy_before) / cores * 100:.0f}% of "
        f"{cores / seconds:.0f} cores; load average {os.getloadavg()[0]:.2f}"
    )
    tally = json.loads(summary.read_text())
    pupils = tally["new_sent"]  # locust's own count misses the last seconds' requests
    if pupils:
        print(
            f"CPU per pupil (a submission, 10% an item bank, 2% a resend): gunicorn "
            f"{server_cpu * 1000 / pupils:.2f} ms, PostgreSQL {postgres_cpu * 1000 / pupils:.2f} "
            f"ms ({pupils:,} pupils)"
        )
    consistent = check_database(event_id, tally)
    print(f"{tally['holland_codes']} distinct Holland codes in the answers")
    failures = sum(int(row["Failure Count"]) for row in rows if row["Type"])
    if failures or not consistent:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
