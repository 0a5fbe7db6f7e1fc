"""Rebuild Qadam's packaged reference data from the shared public data folder.

Derived files (written by this script, never edited by hand):

* ``qadam/registry/data/regions.csv`` -- Kazakhstan's 20 first-level units;
* ``qadam/registry/data/isco08_unit_groups.csv`` -- the 436 ISCO-08 unit groups with
  English and (repaired) Russian titles and a mean O*NET RIASEC profile.

Hand-written files (committed as data, validated here):

* ``isco08_title_ru_repairs.csv`` -- corrected Russian titles;
* ``tvet_specialties_starter.csv`` and ``sector_names.csv`` -- the starter TVET catalogue.

Usage::

    .venv/bin/python scripts/build_reference_data.py [SHARED_DATA_DIR] [--check]

``SHARED_DATA_DIR`` defaults to ``../shared/data`` relative to the repository root.
With ``--check`` nothing is written; the exit status is 1 if a derived file is stale.
Any validation failure raises ``BuildError`` and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "qadam" / "registry" / "data"
DEFAULT_SHARED_DIR = REPO_ROOT.parent / "shared" / "data"

REGIONS_SOURCE = Path("kz_regions") / "kz_regions_2022.csv"
REGION_SHAPES = Path("kz_regions") / "kaz_adm1_unhcr_2023_simplified.geojson"
ISCO_SOURCE = Path("isco08") / "isco08_unit_groups_en_ru.csv"
RIASEC_SOURCE = Path("crosswalks") / "DERIVED_isco08_riasec_profile_from_onet.csv"

REGIONS_FILE = "regions.csv"
ISCO_FILE = "isco08_unit_groups.csv"
REPAIRS_FILE = "isco08_title_ru_repairs.csv"
CATALOGUE_FILE = "tvet_specialties_starter.csv"
SECTORS_FILE = "sector_names.csv"

REGION_HEADER = [
    "kato",
    "iso_code",
    "name_kk",
    "name_ru",
    "name_en",
    "kind",
    "admin_center_en",
    "admin_center_ru",
    "admin_center_kk",
    "population_2024",
    "centroid_lat",
    "centroid_lon",
]
ISCO_HEADER = [
    "code",
    "title_en",
    "title_ru",
    "riasec_r",
    "riasec_i",
    "riasec_a",
    "riasec_s",
    "riasec_e",
    "riasec_c",
    "n_onet_occupations",
]
CATALOGUE_HEADER = [
    "code",
    "name_en",
    "name_ru",
    "name_kk",
    "qualification_level",
    "sector",
    "is_technical",
    "isco08_codes",
]
SECTORS_HEADER = ["sector", "name_en", "name_ru", "name_kk"]

# Approximate resident population at the start of 2024, thousands of people, keyed by
# the 2-digit KATO code. Rounded from the Bureau of National Statistics' published
# figures from memory; used only to spread the synthetic demo data "roughly by
# population". Not an official statistic -- replace with an import when needed.
POPULATION_2024_THOUSANDS: dict[str, int] = {
    "10": 605,  # Abai
    "11": 786,  # Akmola
    "15": 940,  # Aktobe
    "19": 1530,  # Almaty Region
    "23": 702,  # Atyrau
    "27": 693,  # West Kazakhstan
    "31": 1218,  # Zhambyl
    "33": 698,  # Jetisu
    "35": 1131,  # Karaganda
    "39": 831,  # Kostanay
    "43": 835,  # Kyzylorda
    "47": 785,  # Mangystau
    "55": 752,  # Pavlodar
    "59": 532,  # North Kazakhstan
    "61": 2135,  # Turkistan
    "62": 221,  # Ulytau
    "63": 717,  # East Kazakhstan
    "71": 1423,  # Astana
    "75": 2229,  # Almaty
    "79": 1222,  # Shymkent
}
POPULATION_TOTAL_RANGE = (19_000, 21_000)
REGION_KINDS = {"oblys": "region", "city_of_republican_significance": "city"}

RIASEC_SOURCE_COLUMNS = [
    "Realistic",
    "Investigative",
    "Artistic",
    "Social",
    "Enterprising",
    "Conventional",
]
EXPECTED_UNIT_GROUPS = 436

SECTOR_PREFIXES: dict[str, str] = {
    "energy": "EN",
    "nuclear": "NU",
    "construction": "CO",
    "mining": "MI",
    "metallurgy": "ME",
    "oil_gas": "OG",
    "chemistry": "CH",
    "transport": "TR",
    "mechanical": "MC",
    "it": "IT",
    "agriculture": "AG",
    "services": "SV",
    "health": "HE",
    "education": "ED",
}
TECHNICAL_SECTORS = frozenset(
    {
        "energy",
        "nuclear",
        "construction",
        "mining",
        "metallurgy",
        "oil_gas",
        "chemistry",
        "transport",
        "mechanical",
        "it",
    }
)
MIXED_SECTORS = frozenset({"agriculture"})  # technical only for e.g. agricultural machinery
QUALIFICATION_LEVELS = frozenset({"worker", "mid_level_specialist", "applied_bachelor"})
CATALOGUE_SIZE_RANGE = (140, 160)
TECHNICAL_SHARE_RANGE = (0.65, 0.75)
MIN_NUCLEAR_ROWS = 8
MAX_ISCO_PER_SPECIALTY = 3

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
DANGLING_WORDS = frozenset({"и", "в", "на", "по", "с", "из", "для", "за", "не", "к", "от", "или"})
# A title of three or more words that ends in an adjective ("...органов законодательной")
# lost its noun at a PDF line break. Words with these endings that may end a title:
DANGLING_ADJECTIVE = re.compile(r"(ной|ного|ных|ской|ского|ских|ющей|ющего|ющих|ные|ские)$")
TITLE_FINAL_ADJECTIVES = frozenset({"данных", "животных"})  # nouns, not adjectives
TITLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "double space": re.compile(r"\s{2}"),
    "space inside hyphenated word": re.compile(r"\w -\w"),
    "space before punctuation": re.compile(r"\s[,.;:)]"),
    "trailing punctuation": re.compile(r"[,;:\-(]$"),
    "cut-off 'not elsewhere classified'": re.compile(r"не входящ\w*( в( другие)?)?$"),
}


class BuildError(Exception):
    """Raised when input data fails validation; the build must not continue."""


@dataclass
class RepairStats:
    flagged: int = 0
    changed_flagged: list[str] = field(default_factory=list)
    confirmed_flagged: list[str] = field(default_factory=list)
    changed_unflagged: list[str] = field(default_factory=list)


@dataclass
class CatalogueSummary:
    rows: int
    technical: int
    by_sector: Counter[str]
    by_level: Counter[str]

    @property
    def technical_share(self) -> float:
        return self.technical / self.rows


# --------------------------------------------------------------------------- CSV helpers


def read_csv(path: Path, expected_header: Sequence[str] | None = None) -> list[dict[str, str]]:
    """Read a UTF-8 CSV into dicts, optionally checking the exact header."""
    if not path.is_file():
        raise BuildError(f"missing input file: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        if expected_header is not None and header != list(expected_header):
            raise BuildError(f"{path.name}: header {header} != expected {list(expected_header)}")
        return [dict(row) for row in reader]


def render_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_or_check(path: Path, content: str, check: bool) -> bool:
    """Write ``content`` to ``path`` (or only compare with --check). Return True if stale."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    stale = current != content
    if not check and stale:
        path.write_text(content, encoding="utf-8")
    return stale


# --------------------------------------------------------------------------- regions


def build_region_row(source: dict[str, str]) -> list[object]:
    kato = source["kato_2digit"]
    kind = REGION_KINDS.get(source["type"])
    if kind is None:
        raise BuildError(f"region {kato}: unknown type {source['type']!r}")
    if kato not in POPULATION_2024_THOUSANDS:
        raise BuildError(f"region {kato}: no population value")
    names = [source[key] for key in ("name_kk", "name_ru", "name_en")]
    if not all(names):
        raise BuildError(f"region {kato}: a name is missing")
    return [
        kato,
        source["iso_3166_2"],
        *names,
        kind,
        source["admin_center_en"],
        source["admin_center_ru"],
        source["admin_center_kk"],
        POPULATION_2024_THOUSANDS[kato],
    ]


def ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Signed area and area-weighted centroid (lon, lat) of one closed ring (shoelace)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    return area, cx / (6 * area), cy / (6 * area)


def region_centroids(shared_dir: Path) -> dict[str, tuple[float, float]]:
    """(latitude, longitude) of each region's polygon centroid, by 2-digit KATO code.

    Outer rings only (holes are small here); good to a few km, enough for distances
    between regions."""
    shapes = json.loads((shared_dir / REGION_SHAPES).read_text(encoding="utf-8"))
    centroids: dict[str, tuple[float, float]] = {}
    for feature in shapes["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        parts = [ring_centroid(polygon[0]) for polygon in polygons]
        total = sum(abs(area) for area, _x, _y in parts)
        lon = sum(abs(area) * x for area, x, _y in parts) / total
        lat = sum(abs(area) * y for area, _x, y in parts) / total
        centroids[feature["properties"]["kato_2digit"]] = (round(lat, 4), round(lon, 4))
    return centroids


def build_regions(shared_dir: Path) -> list[list[object]]:
    sources = read_csv(shared_dir / REGIONS_SOURCE)
    centroids = region_centroids(shared_dir)
    rows = [[*build_region_row(source), *centroids[source["kato_2digit"]]] for source in sources]
    katos = {str(row[0]) for row in rows}
    if len(rows) != 20 or katos != set(POPULATION_2024_THOUSANDS):
        raise BuildError(f"expected the 20 post-2022 units, got {sorted(katos)}")
    total = sum(POPULATION_2024_THOUSANDS.values())
    low, high = POPULATION_TOTAL_RANGE
    if not low <= total <= high:
        raise BuildError(f"population total {total}k outside {low}-{high}k")
    return sorted(rows, key=lambda row: str(row[0]))


# --------------------------------------------------------------------------- ISCO-08


def title_problems(title: str) -> list[str]:
    """Return the mechanical defects found in a Russian title (empty list if clean)."""
    problems = [name for name, pattern in TITLE_PATTERNS.items() if pattern.search(title)]
    if title != title.strip():
        problems.append("leading/trailing whitespace")
    if title.count("(") != title.count(")"):
        problems.append("unbalanced parenthesis")
    words = title.split()
    if not words:
        problems.append("empty")
    elif words[-1].lower() in DANGLING_WORDS:
        problems.append(f"ends with dangling word {words[-1]!r}")
    elif len(words) > 2 and ends_with_adjective(words[-1]):
        problems.append(f"ends with adjective {words[-1]!r} (noun cut off?)")
    return problems


def ends_with_adjective(word: str) -> bool:
    word = word.lower()
    return bool(DANGLING_ADJECTIVE.search(word)) and word not in TITLE_FINAL_ADJECTIVES


def load_repairs(path: Path, known_codes: set[str]) -> dict[str, str]:
    repairs: dict[str, str] = {}
    for row in read_csv(path, ["code", "title_ru"]):
        code, title = row["code"], row["title_ru"]
        if code not in known_codes:
            raise BuildError(f"{path.name}: code {code} is not an ISCO-08 unit group")
        if code in repairs:
            raise BuildError(f"{path.name}: duplicate code {code}")
        if problems := title_problems(title):
            raise BuildError(f"{path.name}: repair for {code} still has {problems}")
        repairs[code] = title
    return repairs


def repaired_titles(units: list[dict[str, str]], repairs: dict[str, str]) -> dict[str, str]:
    """Apply hand-written repairs; every flagged title must have one."""
    flagged = [unit["code"] for unit in units if unit["quality_flags"].strip()]
    missing = [code for code in flagged if code not in repairs]
    if missing:
        raise BuildError(f"flagged Russian titles without a repair in {REPAIRS_FILE}: {missing}")
    titles = {unit["code"]: repairs.get(unit["code"], unit["title_ru_okz"]) for unit in units}
    broken = {code: title_problems(title) for code, title in titles.items()}
    broken = {code: problems for code, problems in broken.items() if problems}
    if broken:
        raise BuildError(f"Russian titles with defects and no repair: {broken}")
    return titles


def repair_stats(units: list[dict[str, str]], repairs: dict[str, str]) -> RepairStats:
    stats = RepairStats()
    for unit in units:
        code, is_flagged = unit["code"], bool(unit["quality_flags"].strip())
        stats.flagged += is_flagged
        if code not in repairs:
            continue
        changed = repairs[code] != unit["title_ru_okz"]
        if is_flagged:
            (stats.changed_flagged if changed else stats.confirmed_flagged).append(code)
        elif changed:
            stats.changed_unflagged.append(code)
    return stats


def riasec_values(row: dict[str, str]) -> list[str]:
    values = [row[column].strip() for column in RIASEC_SOURCE_COLUMNS]
    if not any(values):
        return [""] * len(values)
    if not all(values):
        raise BuildError(f"ISCO {row['isco08']}: partial RIASEC profile")
    for value in values:
        if not 1.0 <= float(value) <= 7.0:
            raise BuildError(f"ISCO {row['isco08']}: RIASEC value {value} outside 1-7")
    return values


def onet_count(row: dict[str, str]) -> int:
    raw = row["n_onet_occupations"].strip()
    return int(float(raw)) if raw else 0


def build_isco(shared_dir: Path) -> tuple[list[list[object]], RepairStats]:
    units = read_csv(shared_dir / ISCO_SOURCE)
    profiles = {row["isco08"]: row for row in read_csv(shared_dir / RIASEC_SOURCE)}
    codes = [unit["code"] for unit in units]
    if len(codes) != EXPECTED_UNIT_GROUPS or len(set(codes)) != len(codes):
        raise BuildError(f"expected {EXPECTED_UNIT_GROUPS} unique unit groups, got {len(codes)}")
    if set(profiles) != set(codes):
        raise BuildError("RIASEC crosswalk and ISCO unit groups list different codes")
    repairs = load_repairs(DATA_DIR / REPAIRS_FILE, set(codes))
    titles = repaired_titles(units, repairs)
    rows: list[list[object]] = []
    for unit in units:
        profile = profiles[unit["code"]]
        riasec = riasec_values(profile)
        count = onet_count(profile) if riasec[0] else 0
        rows.append([unit["code"], unit["title_en"], titles[unit["code"]], *riasec, count])
    return sorted(rows, key=lambda row: str(row[0])), repair_stats(units, repairs)


# --------------------------------------------------------------------------- TVET catalogue


def load_sector_names(path: Path) -> set[str]:
    rows = read_csv(path, SECTORS_HEADER)
    sectors = [row["sector"] for row in rows]
    if sorted(sectors) != sorted(SECTOR_PREFIXES):
        raise BuildError(f"{path.name}: sectors {sectors} != {sorted(SECTOR_PREFIXES)}")
    for row in rows:
        if not all(row[key].strip() for key in SECTORS_HEADER):
            raise BuildError(f"{path.name}: sector {row['sector']} lacks a name")
    return set(sectors)


def specialty_errors(row: dict[str, str], isco_codes: set[str]) -> list[str]:
    """Return the validation errors of one catalogue row."""
    errors: list[str] = []
    sector, level = row["sector"], row["qualification_level"]
    if sector not in SECTOR_PREFIXES:
        return [f"unknown sector {sector!r}"]
    if not re.fullmatch(rf"Q-{SECTOR_PREFIXES[sector]}-\d{{3}}", row["code"]):
        errors.append(f"code does not follow Q-{SECTOR_PREFIXES[sector]}-NNN")
    if level not in QUALIFICATION_LEVELS:
        errors.append(f"unknown qualification_level {level!r}")
    errors.extend(name_errors(row))
    errors.extend(technical_flag_errors(sector, row["is_technical"]))
    errors.extend(isco_link_errors(row["isco08_codes"], isco_codes))
    return errors


def name_errors(row: dict[str, str]) -> list[str]:
    errors = [f"{key} is empty" for key in ("name_en", "name_ru", "name_kk") if not row[key]]
    for key in ("name_ru", "name_kk"):
        if row[key] and not CYRILLIC.search(row[key]):
            errors.append(f"{key} is not Cyrillic")
    if row["name_en"] and CYRILLIC.search(row["name_en"]):
        errors.append("name_en contains Cyrillic")
    for key in ("name_en", "name_ru", "name_kk"):
        if row[key] != row[key].strip() or "  " in row[key]:
            errors.append(f"{key} has stray whitespace")
    return errors


def technical_flag_errors(sector: str, flag: str) -> list[str]:
    if flag not in {"0", "1"}:
        return [f"is_technical must be 0 or 1, got {flag!r}"]
    if sector in MIXED_SECTORS:
        return []
    expected = "1" if sector in TECHNICAL_SECTORS else "0"
    return [] if flag == expected else [f"is_technical must be {expected} for sector {sector}"]


def isco_link_errors(field_value: str, isco_codes: set[str]) -> list[str]:
    links = field_value.split(";") if field_value else []
    errors: list[str] = []
    if not 1 <= len(links) <= MAX_ISCO_PER_SPECIALTY:
        errors.append(f"needs 1-{MAX_ISCO_PER_SPECIALTY} ISCO-08 codes, got {len(links)}")
    if len(set(links)) != len(links):
        errors.append("duplicate ISCO-08 code")
    errors.extend(
        f"unknown ISCO-08 unit group {link!r}" for link in links if link not in isco_codes
    )
    return errors


def duplicate_errors(rows: list[dict[str, str]]) -> list[str]:
    errors: list[str] = []
    for key in ("code", "name_en", "name_ru", "name_kk"):
        counts = Counter(row[key] for row in rows)
        errors.extend(f"duplicate {key}: {value!r}" for value, n in counts.items() if n > 1)
    return errors


def validate_catalogue(isco_codes: set[str]) -> CatalogueSummary:
    load_sector_names(DATA_DIR / SECTORS_FILE)
    rows = read_csv(DATA_DIR / CATALOGUE_FILE, CATALOGUE_HEADER)
    errors = duplicate_errors(rows)
    for row in rows:
        errors.extend(f"{row['code']}: {error}" for error in specialty_errors(row, isco_codes))
    summary = CatalogueSummary(
        rows=len(rows),
        technical=sum(row["is_technical"] == "1" for row in rows),
        by_sector=Counter(row["sector"] for row in rows),
        by_level=Counter(row["qualification_level"] for row in rows),
    )
    errors.extend(catalogue_shape_errors(summary))
    if errors:
        raise BuildError(f"{CATALOGUE_FILE}:\n  " + "\n  ".join(errors))
    return summary


def catalogue_shape_errors(summary: CatalogueSummary) -> list[str]:
    errors: list[str] = []
    low, high = CATALOGUE_SIZE_RANGE
    if not low <= summary.rows <= high:
        errors.append(f"expected {low}-{high} specialties, got {summary.rows}")
    share_low, share_high = TECHNICAL_SHARE_RANGE
    if summary.rows and not share_low <= summary.technical_share <= share_high:
        errors.append(f"technical share {summary.technical_share:.1%} outside target")
    if summary.by_sector["nuclear"] < MIN_NUCLEAR_ROWS:
        errors.append(f"need at least {MIN_NUCLEAR_ROWS} nuclear specialties")
    errors.extend(
        f"sector {s} has no specialties" for s in SECTOR_PREFIXES if not summary.by_sector[s]
    )
    return errors


# --------------------------------------------------------------------------- main


def print_summary(
    regions: list[list[object]],
    isco_rows: list[list[object]],
    stats: RepairStats,
    catalogue: CatalogueSummary,
) -> None:
    population = sum(int(str(row[REGION_HEADER.index("population_2024")])) for row in regions)
    with_profile = sum(1 for row in isco_rows if row[3] != "")
    print(f"{REGIONS_FILE}: {len(regions)} units, population ~{population:,}k (approximate)")
    print(f"{ISCO_FILE}: {len(isco_rows)} unit groups, {with_profile} with a RIASEC profile")
    print(
        f"  Russian titles: {stats.flagged} flagged; {len(stats.changed_flagged)} repaired, "
        f"{len(stats.confirmed_flagged)} confirmed complete as parsed "
        f"({', '.join(stats.confirmed_flagged)}); "
        f"{len(stats.changed_unflagged)} unflagged repaired ({', '.join(stats.changed_unflagged)})"
    )
    print(
        f"{CATALOGUE_FILE}: {catalogue.rows} specialties, {catalogue.technical} technical "
        f"({catalogue.technical_share:.1%})"
    )
    print("  by sector: " + ", ".join(f"{s}={n}" for s, n in sorted(catalogue.by_sector.items())))
    print("  by level: " + ", ".join(f"{k}={n}" for k, n in sorted(catalogue.by_level.items())))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "shared_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_SHARED_DIR,
        help="folder with the shared public data (default: ../shared/data from the repo root)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a derived file is stale"
    )
    return parser.parse_args(argv)


def run(shared_dir: Path, check: bool) -> int:
    regions = build_regions(shared_dir)
    isco_rows, stats = build_isco(shared_dir)
    catalogue = validate_catalogue({str(row[0]) for row in isco_rows})
    outputs = {
        DATA_DIR / REGIONS_FILE: render_csv(REGION_HEADER, regions),
        DATA_DIR / ISCO_FILE: render_csv(ISCO_HEADER, isco_rows),
    }
    stale = [path.name for path, text in outputs.items() if write_or_check(path, text, check)]
    print_summary(regions, isco_rows, stats, catalogue)
    if check:
        print(f"stale: {', '.join(stale)} (rerun without --check)" if stale else "up to date")
        return 1 if stale else 0
    print(f"written: {', '.join(stale)}" if stale else "derived files already up to date")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    shared_dir: Path = args.shared_dir.resolve()
    if not shared_dir.is_dir():
        print(f"error: shared data folder not found: {shared_dir}", file=sys.stderr)
        return 2
    try:
        return run(shared_dir, args.check)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
