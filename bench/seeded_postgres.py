"""A PostgreSQL database seeded with the national dataset, shared by the end-to-end benches.

`prepare(name)` migrates and seeds `name` afresh (or reuses it); `use(name)` points Django at
it in this process.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def manage(name: str, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url(name),
        "DJANGO_SETTINGS_MODULE": "qadam.settings.local",
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def prepare(name: str, *, reuse: bool, profile: str = "national") -> float:
    """Migrate and seed `name` (dropped first unless `reuse` and it exists); returns the
    seed's seconds (near zero when an already seeded database is reused)."""
    if not (reuse and _exists(name)):
        for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", PG_ADMIN, "-q", "-c", statement], check=True)
    manage(name, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(name, "seed", "--profile", profile, "--seed", "42", "--if-empty", "-v0")
    return time.perf_counter() - started


def _exists(name: str) -> bool:
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    found = subprocess.run(
        ["psql", PG_ADMIN, "-tAq", "-c", query], check=True, capture_output=True, text=True
    )
    return found.stdout.strip() == "1"


def use(name: str) -> None:
    """Set Django up in this process against `name`."""
    os.environ.update(DATABASE_URL=url(name), DJANGO_SETTINGS_MODULE="qadam.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
