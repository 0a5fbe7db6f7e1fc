"""How long `qadam import pension FILE` takes for 1,000,000 extract rows at national scale,
on SQLite and PostgreSQL.

    .venv/bin/python bench/pension_import.py [--rows 1000000] [--backends sqlite,postgresql]
        [--postgres-url postgres://postgres@127.0.0.1:5432/qadam_bench_pension] [--keep DIR]
        [--reuse]

Each backend gets a fresh database, `migrate` and `qadam seed --profile national --seed 42`
(not timed; ~80 s). The extract is generated from the seeded students: 60% of the rows are
students' (200,000 students, three months each, at seeded enterprises' BINs; the seed's
students are all still studying, so every match is work during training), 40% people the
registry does not know (valid IINs no student has).
Timed, each the whole command in a fresh process (read, check every cell, match by IIN,
judge each match with the learners' rules, write every match with its audit entry in one
transaction):

  1. the extract, every match new        2. the same extract again: nothing changes
"""

import argparse
import csv
import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
bench_import = importlib.import_module("bench.import")  # its database and IIN helpers

HEADER = ["IIN", "Employer BIN", "Month"]
MONTHS = ("2025-10", "2025-11", "2025-12")
FORGET = (
    "from qadam.learners.models import EmploymentRecord; from qadam.common.models import "
    "AuditEntry; EmploymentRecord.objects.all().delete(); "
    "AuditEntry.objects.filter(model='learners.EmploymentRecord').delete()"
)
COUNT = (
    "from qadam.learners.models import EmploymentRecord; print(EmploymentRecord.objects.count())"
)


def generate(path: Path, rows: int) -> None:
    import django

    django.setup()
    from qadam.registry.models import Enterprise, Student

    rng = np.random.default_rng(13)
    matched_people = rows * 6 // 10 // len(MONTHS)
    students = np.array(Student.objects.order_by("id").values_list("iin", flat=True))
    chosen = rng.choice(students, size=min(matched_people, students.size), replace=False)
    bins = np.array(Enterprise.objects.order_by("id").values_list("bin", flat=True))
    others_needed = rows - chosen.size * len(MONTHS)
    born = np.datetime64("1970-01-01") + rng.integers(0, 40 * 365, others_needed * 2).astype(
        "timedelta64[D]"
    )
    iins = bench_import._iins(born, rng.random(born.size) < 0.5)
    taken = set(students.tolist())
    others = [iin for iin in dict.fromkeys(iins.tolist()) if iin and iin not in taken]
    others = others[:others_needed]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        employer = bins[rng.integers(0, bins.size, chosen.size)]
        for month in MONTHS:
            writer.writerows(
                zip(chosen.tolist(), employer.tolist(), [month] * chosen.size, strict=True)
            )
        employer = bins[rng.integers(0, bins.size, len(others))]
        months = np.array(MONTHS)[rng.integers(0, len(MONTHS), len(others))]
        writer.writerows(zip(others, employer.tolist(), months.tolist(), strict=True))
    print(f"{chosen.size * len(MONTHS) + len(others):,} rows, {chosen.size:,} students")


def _count(url: str) -> int:
    done = subprocess.run(
        [*bench_import.QADAM, "shell", "-c", COUNT],
        env=bench_import._env(url), cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.strip().splitlines()[-1])


def measure(url: str, rows: int, workdir: Path, reuse: bool) -> list[tuple[str, float, int]]:
    path = workdir / "extract.csv"
    if reuse:  # the seeded database and the file of an earlier --keep run; matches forgotten
        bench_import._run(["migrate", "--noinput", "-v0"], url)
        bench_import._run(["shell", "-c", FORGET], url)
    else:
        bench_import._run(["migrate", "--noinput", "-v0"], url)
        bench_import._run(["seed", "--profile", "national", "--seed", "42", "-v0"], url)
        subprocess.run(
            [sys.executable, __file__, "--generate", str(path), "--rows", str(rows)],
            env=bench_import._env(url), cwd=ROOT, check=True,
        )  # fmt: skip
    results = []
    for label in ("every match new", "again, unchanged"):
        seconds, code = bench_import._run(["import", "pension", str(path), "-v0"], url)
        results.append((label, seconds, code))
    print(f"{_count(url):,} employment records")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/qadam_bench_pension"
    )
    parser.add_argument("--keep", help="keep the file and the SQLite database in this folder")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: reuse its seeded database(s) and extract (PostgreSQL: the database "
        "named in --postgres-url), forgetting the earlier matches",
    )
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        generate(Path(options.generate), options.rows)
        return
    with tempfile.TemporaryDirectory() as directory:
        for backend in options.backends.split(","):
            workdir = Path(options.keep or directory).resolve() / backend
            workdir.mkdir(parents=True, exist_ok=True)
            reuse = bool(options.reuse and options.keep)
            if not reuse:
                (workdir / "bench-pension.sqlite3").unlink(missing_ok=True)
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'bench-pension.sqlite3'}"
            elif reuse:
                url = options.postgres_url
            else:
                url = bench_import._fresh_postgres(options.postgres_url)
            for label, seconds, code in measure(url, options.rows, workdir, reuse):
                line = f"{backend:<10} {options.rows:,} rows  {label:<18} {seconds:6.1f} s"
                print(f"{line}  exit {code}")


if __name__ == "__main__":
    main()
