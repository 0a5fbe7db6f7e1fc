"""How long `qadam import students FILE` takes for 100,000 rows on SQLite and PostgreSQL.

    .venv/bin/python bench/import.py [--rows 100000] [--backends sqlite,postgresql]
        [--postgres-url postgres://postgres@127.0.0.1:5432/qadam_bench_import]
        [--profile small|national] [--keep DIR]

Each backend gets a fresh database (the PostgreSQL one named in --postgres-url is dropped
and created again), `migrate` and `seed --profile small` (or national; not timed) for
regions, specialties, colleges and their programs. Two files of new, valid students are generated
from those colleges' programs (IINs with valid check digits, none in the registry): A as
CSV and B as XLSX. Timed, each the whole command in a fresh process:

  1. A (CSV): every row new          2. A again: nothing changes
  3. B (XLSX): every row new         4. A with a tenth of the grades changed: updates

--keep DIR keeps the files (and the SQLite database) in DIR/<backend>/, e.g. for
bench/xlsx_reader.py DIR/sqlite/b.xlsx.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QADAM = [sys.executable, str(ROOT / "manage.py")]
HEADER = [
    "iin", "last_name", "first_name", "middle_name", "region_kato", "institution_code",
    "specialty_code", "language", "form", "year_of_study", "funding", "status",
    "enrolled_on", "expected_graduation_on", "grade_average",
]  # fmt: skip
COUNT_STUDENTS = "from qadam.registry.models import Student; print(Student.objects.count())"
SERIAL_OFFSET = 2500  # seeded people's serials stay far below this: no IIN is taken twice


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "qadam.settings.local",
    }


def _run(args: list[str], database_url: str, *, check: bool = True) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [*QADAM, *args], env=_env(database_url), cwd=ROOT, stdout=subprocess.DEVNULL, check=False
    )
    if check and done.returncode:
        raise SystemExit(f"qadam {' '.join(args)} exited with {done.returncode}")
    return time.perf_counter() - started, done.returncode


def _fresh_postgres(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    for statement in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-q", "-c", statement], check=True)
    return url


# --- generating the files (runs in a child process with Django set up) ---------------------


def _iins(born: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Unique valid IINs: a serial per (day, sex) from SERIAL_OFFSET up, moved by 5,000
    where no check digit exists (as the seed does)."""
    from qadam.registry.identifiers import check_digits_many

    years = born.astype("datetime64[Y]").astype(int) + 1970
    months = born.astype("datetime64[M]").astype(int) % 12 + 1
    days = (born - born.astype("datetime64[M]")).astype(int) + 1
    century = np.where(years >= 2000, 5, 3) + (~male).astype(int)
    bucket = (born - np.datetime64("1970-01-01")).astype(np.int64) * 2 + (~male)
    order = np.argsort(bucket, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(bucket[order])) + 1]
    rank = np.arange(bucket.size) - np.repeat(starts, np.diff(np.r_[starts, bucket.size]))
    serial = np.empty(bucket.size, dtype=np.int64)
    serial[order] = rank + SERIAL_OFFSET
    head = ((years % 100) * 10**4 + months * 100 + days) * 10 + century
    first_eleven = head * 10**4 + serial
    digits = (first_eleven[:, None] // 10 ** np.arange(10, -1, -1)) % 10
    check = check_digits_many(digits)
    first_eleven = np.where(check < 0, first_eleven + 5000, first_eleven)
    digits = (first_eleven[:, None] // 10 ** np.arange(10, -1, -1)) % 10
    check = check_digits_many(digits)
    iins = np.char.zfill((first_eleven * 10 + check).astype(str), 12)
    return np.where(check >= 0, iins, "")  # "": none exists for this day and serial


def _rows(count: int, seed: int) -> list[list[Any]]:
    from qadam.registry.models import Program, Student
    from qadam.registry.seeding.people import make_people

    programs = list(
        Program.objects.filter(institution__kind="college").values_list(
            "institution__code", "institution__region__kato", "specialty__code", "language", "form"
        )
    )
    rng = np.random.default_rng(seed)
    extra = count + count // 10
    born = np.datetime64("2003-01-01") + rng.integers(0, 7 * 365, extra).astype("timedelta64[D]")
    people = make_people(rng, born_from=born, born_days=np.ones(extra))
    male = np.array([sex == "M" for sex in people.sex])
    iins = _iins(born, male)
    taken = set(Student.objects.values_list("iin", flat=True))
    fresh = [i for i, iin in enumerate(iins.tolist()) if iin and iin not in taken][:count]
    program = rng.integers(0, len(programs), count)
    year = rng.integers(1, 4, count)
    grade = np.round(rng.uniform(3.0, 5.0, count), 2)
    funding = np.where(rng.random(count) < 0.6, "state_order", "paid")
    rows = []
    for n, i in enumerate(fresh):
        code, kato, specialty, language, form = programs[int(program[n])]
        enrolled = 2026 - int(year[n])
        rows.append(
            [
                str(iins[i]), people.last_name[i], people.first_name[i], people.middle_name[i],
                kato, code, specialty, language, form, int(year[n]), str(funding[n]), "active",
                f"{enrolled}-09-01", f"{enrolled + 3}-06-30", f"{grade[n]:.2f}",
            ]
        )  # fmt: skip
    return rows


def _write_csv(path: Path, rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(rows)


def _write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def generate(directory: Path, count: int) -> None:
    import django

    django.setup()
    rows = _rows(2 * count, seed=7)
    first, second = rows[:count], rows[count:]
    _write_csv(directory / "a.csv", first)
    _write_xlsx(directory / "b.xlsx", second)
    changed = [row[:] for row in first]
    for row in changed[::10]:
        row[-1] = "5.00" if row[-1] != "5.00" else "4.00"
    _write_csv(directory / "a-changed.csv", changed)


# --- measuring -----------------------------------------------------------------------------


def _count_students(url: str) -> int:
    done = subprocess.run(
        [*QADAM, "shell", "-c", COUNT_STUDENTS],
        env=_env(url), cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.strip().splitlines()[-1])


def measure(
    backend: str, url: str, rows: int, workdir: Path, profile: str
) -> list[tuple[str, float, int]]:
    _run(["migrate", "--noinput", "-v0"], url)
    _run(["seed", "--profile", profile, "--seed", "42", "-v0"], url)
    subprocess.run(
        [sys.executable, __file__, "--generate", str(workdir), "--rows", str(rows)],
        env=_env(url), cwd=ROOT, check=True,
    )  # fmt: skip
    results = []
    before = _count_students(url)
    for label, name in (
        ("A.csv, all new", "a.csv"),
        ("A.csv again, unchanged", "a.csv"),
        ("B.xlsx, all new", "b.xlsx"),
        ("A.csv, a tenth changed", "a-changed.csv"),
    ):
        seconds, code = _run(["import", "students", str(workdir / name), "-v0"], url)
        results.append((label, seconds, code))
    added = _count_students(url) - before
    print(f"{backend}: {added:,} students added (expected {2 * rows:,})")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/qadam_bench_import"
    )
    parser.add_argument("--profile", default="small", choices=["small", "national"])
    parser.add_argument("--keep", help="keep the files and the SQLite database in this folder")
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        sys.path.insert(0, str(ROOT))
        generate(Path(options.generate), options.rows)
        return
    with tempfile.TemporaryDirectory() as directory:
        for backend in options.backends.split(","):
            workdir = Path(options.keep or directory).resolve() / backend
            workdir.mkdir(parents=True, exist_ok=True)
            (workdir / "bench-import.sqlite3").unlink(missing_ok=True)
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'bench-import.sqlite3'}"
            else:
                url = _fresh_postgres(options.postgres_url)
            results = measure(backend, url, options.rows, workdir, options.profile)
            for label, seconds, code in results:
                line = f"{backend:<10} {options.rows:,} rows  {label:<24} {seconds:6.1f} s"
                print(f"{line}  exit {code}")


if __name__ == "__main__":
    main()
