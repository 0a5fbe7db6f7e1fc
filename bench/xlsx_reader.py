"""The import's XLSX reader (qadam/imports/xlsx_reader.py) against python-calamine.

    .venv/bin/pip install python-calamine        # only for this measurement
    .venv/bin/python bench/xlsx_reader.py [FILE.xlsx] [--rows 100000] [--repeat 3]

Without FILE, a workbook of --rows rows in the student import's 15 columns is written
first (openpyxl, write-only, as bench/import.py writes its b.xlsx; `bench/import.py --keep
DIR` keeps that very file). Each reader reads the first sheet into Python values in a fresh
process, --repeat times; the best time and the peak memory (max RSS) are printed. Then
both read small workbooks of the edge cases the import depends on, side by side.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "iin", "last_name", "first_name", "middle_name", "region_kato", "institution_code",
    "specialty_code", "language", "form", "year_of_study", "funding", "status",
    "enrolled_on", "expected_graduation_on", "grade_average",
]  # fmt: skip


def write_students(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for n in range(rows):
        year = 1 + n % 3
        sheet.append(
            [
                f"{(n * 7919) % 10**12:012d}", f"Жаксылыков{n % 997}", "Ерлан", "Бекұлы",
                f"{10 + n % 20}", f"C-{n % 400:04d}", f"0{n % 90:03d}000", "kk", "dual", year,
                "state_order", "active", f"{2026 - year}-09-01", f"{2029 - year}-06-30",
                f"{3 + (n % 200) / 100:.2f}",
            ]
        )  # fmt: skip
    workbook.save(path)


# --- reading (each in its own process, so memory and caches are its own) -----------------


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def read_ours(path: Path) -> list[tuple[int, list[Any]]]:
    _django()
    from qadam.imports.xlsx_reader import read_xlsx

    with path.open("rb") as stream:
        return read_xlsx(stream, max_rows=2_000_000)


def read_calamine(path: Path) -> list[tuple[int, list[Any]]]:
    """The same shape as ours: non-blank rows with their spreadsheet row numbers."""
    import importlib

    calamine = importlib.import_module("python_calamine")
    with calamine.CalamineWorkbook.from_path(str(path)) as workbook:
        sheet = workbook.get_sheet_by_index(0)
        # iter_rows starts at row 1 but at the first column holding a value
        first_column = (sheet.start or (0, 0))[1]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = [None] * first_column + [None if cell == "" else cell for cell in cells]
            while values and values[-1] is None:
                values.pop()
            if values:
                rows.append((number, values))
        return rows


READERS = {"ours": read_ours, "calamine": read_calamine}


def child(reader: str, path: Path) -> None:
    if reader == "ours":
        _django()  # set up before the clock starts: the reader is measured, not Django
    started = time.perf_counter()
    rows = READERS[reader](path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"seconds": seconds, "rows": len(rows), "peak_mb": peak}))


def measure(reader: str, path: Path, repeat: int) -> dict[str, Any]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--child", reader, str(path)],
            env={"DJANGO_SETTINGS_MODULE": "qadam.settings.local", **_environ()},
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda run: run["seconds"])
    return {**best, "all": [round(run["seconds"], 2) for run in runs]}


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


# --- edge cases ---------------------------------------------------------------------------


def edge_cases(directory: Path) -> dict[str, Path]:
    """Small workbooks, one per case the import relies on."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    def book(name: str, rows: list[list[Any]], **options: Any) -> Path:
        workbook = Workbook()
        if options.get("mac"):
            workbook.epoch = CALENDAR_MAC_1904
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        for number in options.get("blank_rows", []):
            sheet.insert_rows(number)
        path = directory / f"{name}.xlsx"
        workbook.save(path)
        return path

    rich = CellRichText(["Жак", TextBlock(InlineFont(b=True), "сылыков")])
    return {
        "a formula (the import refuses it)": book("formula", [["a", "b"], ["=1+1", 2]]),
        "a date-styled number": book("date", [["d"], [date(2025, 9, 1)]]),
        "a date and time": book("datetime", [["d"], [datetime(2025, 9, 1, 8, 30)]]),
        "1904 date system": book("mac", [["d"], [date(2025, 9, 1)]], mac=True),
        "whole number typed": book("int", [["n"], [12], [12.5]]),
        "IIN typed as a number": book("iin", [["iin"], [50314400123]]),
        "text with leading zeros": book("text", [["iin"], ["050314400123"]]),
        "rich text": book("rich", [["name"], [rich]]),
        "a boolean": book("bool", [["b"], [True]]),
        "an error value": book("error", [["e"], ["#N/A"]]),
        "blank rows keep the row numbers": book("blank", [["h"], ["row 2"], [], [], ["row 5"]]),
        "data from column C, row 3": book("offset", [[], [], [None, None, "h"], [None, None, 1]]),
    }


def compare_edge_cases() -> None:
    with tempfile.TemporaryDirectory() as directory:
        for label, path in edge_cases(Path(directory)).items():
            shown = {}
            for reader in READERS:
                done = subprocess.run(
                    [sys.executable, __file__, "--dump", reader, str(path)],
                    env={"DJANGO_SETTINGS_MODULE": "qadam.settings.local", **_environ()},
                    cwd=ROOT, capture_output=True, text=True, check=False,
                )  # fmt: skip
                shown[reader] = (done.stdout.strip() or done.stderr.strip().splitlines()[-1])[:90]
            same = "same" if shown["ours"] == shown["calamine"] else "DIFFERENT"
            print(f"{label:<34} {same}")
            for reader, text in shown.items():
                print(f"    {reader + ':':<10}{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--dump", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child[0], Path(options.child[1]))
        return
    if options.dump:
        print(repr(READERS[options.dump[0]](Path(options.dump[1]))))
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(options.file) if options.file else Path(directory) / "students.xlsx"
        if not options.file:
            write_students(path, options.rows)
        size = path.stat().st_size / 1024**2
        print(f"{path.name}: {size:.1f} MB")
        for reader in READERS:
            result = measure(reader, path, options.repeat)
            print(
                f"{reader:<9} {result['rows']:>8,} rows  best {result['seconds']:5.2f} s "
                f"(runs {result['all']})  peak {result['peak_mb']} MB"
            )
    compare_edge_cases()


if __name__ == "__main__":
    main()
