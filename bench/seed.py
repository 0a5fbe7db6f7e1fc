"""How long `qadam seed --profile national --seed 42` takes on SQLite and on PostgreSQL.

    .venv/bin/python bench/seed.py [--profile national] [--backends sqlite,postgresql]

Each backend gets a fresh database; `migrate` runs first and is not timed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QADAM = [sys.executable, str(ROOT / "manage.py")]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def _run(args: list[str], database_url: str) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.local",
    }
    started = time.perf_counter()
    subprocess.run([*QADAM, *args], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _fresh_postgres(name: str) -> str:
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", PG_ADMIN, "-q", "-c", statement], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def measure(backend: str, profile: str, workdir: Path) -> dict[str, object]:
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'bench-seed.sqlite3'}"
    else:
        url = _fresh_postgres("qadam_bench_seed")
    _run(["migrate", "--noinput", "-v0"], url)
    seconds = _run(["seed", "--profile", profile, "--seed", "42", "-v0"], url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "qadam.settings.local"}
    stats = json.loads(
        subprocess.run(
            [*QADAM, "stats", "--json"],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
    )
    return {"backend": backend, "profile": profile, "seconds": round(seconds, 1), "stats": stats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="national")
    parser.add_argument("--backends", default="sqlite,postgresql")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for backend in options.backends.split(","):
            result = measure(backend, options.profile, Path(directory))
            stats = result["stats"]
            assert isinstance(stats, dict)
            print(
                f"{backend:<10} {options.profile}: {result['seconds']:>6.1f} s  "
                f"({stats['students']:,} students, {stats['colleges']} colleges, "
                f"{stats['enterprises']:,} enterprises)"
            )


if __name__ == "__main__":
    main()
