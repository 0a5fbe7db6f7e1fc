"""Each region's economy (data/region_economy.csv) and what follows from it in the demo
dataset: the profiles of the region's colleges, the sectors a college teaches, the sectors
and sizes of the region's enterprises."""

import csv
from dataclasses import dataclass

import numpy as np

from qadam.registry.choices import CollegeProfile, Sector
from qadam.registry.seeding.organisations import DATA, spread

SECTORS = [code for code, _label in Sector.choices]
PROFILES = [code for code, _label in CollegeProfile.choices]

# A profile's own sectors (all taught) and the related ones a college may add. A polytechnic
# spans one or two related technical sectors; nuclear is taught only where the economy has it.
PROFILE_SECTORS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    CollegeProfile.POLYTECHNIC: (
        ("mechanical",),
        ("energy", "construction", "transport", "metallurgy", "mining"),
    ),
    CollegeProfile.ENERGY: (("energy",), ("nuclear", "mechanical")),
    CollegeProfile.OIL_GAS: (("oil_gas",), ("chemistry", "energy")),
    CollegeProfile.MINING_METALLURGY: (("mining", "metallurgy"), ("mechanical",)),
    CollegeProfile.CONSTRUCTION: (("construction",), ("energy", "mechanical")),
    CollegeProfile.TRANSPORT: (("transport",), ("mechanical",)),
    CollegeProfile.IT: (("it",), ()),
    CollegeProfile.AGRICULTURE: (("agriculture",), ("mechanical",)),
    CollegeProfile.MEDICAL: (("health",), ()),
    CollegeProfile.PEDAGOGICAL: (("education",), ()),
    CollegeProfile.SERVICES_ARTS: (("services",), ("it",)),
}
# the profile that trains for each sector of the economy
PROFILE_OF_SECTOR = {
    "energy": CollegeProfile.ENERGY,
    "nuclear": CollegeProfile.ENERGY,
    "oil_gas": CollegeProfile.OIL_GAS,
    "chemistry": CollegeProfile.OIL_GAS,
    "mining": CollegeProfile.MINING_METALLURGY,
    "metallurgy": CollegeProfile.MINING_METALLURGY,
    "construction": CollegeProfile.CONSTRUCTION,
    "transport": CollegeProfile.TRANSPORT,
    "it": CollegeProfile.IT,
    "agriculture": CollegeProfile.AGRICULTURE,
    "mechanical": CollegeProfile.POLYTECHNIC,
    "health": CollegeProfile.MEDICAL,
    "education": CollegeProfile.PEDAGOGICAL,
    "services": CollegeProfile.SERVICES_ARTS,
}
# Every region has medical, teacher-training, service and polytechnic colleges whatever its
# industry (hospitals and schools are not in the enterprise register): a floor added to the
# economy's share of each profile (assumption).
PROFILE_FLOOR = {
    CollegeProfile.MEDICAL: 0.10,
    CollegeProfile.PEDAGOGICAL: 0.08,
    CollegeProfile.SERVICES_ARTS: 0.04,
    CollegeProfile.POLYTECHNIC: 0.06,
}
# (ru, kk, en) names of a college of each profile
PROFILE_NAMES = {
    CollegeProfile.POLYTECHNIC: (
        "Политехнический колледж",
        "политехникалық колледжі",
        "Polytechnic College",
    ),
    CollegeProfile.ENERGY: ("Энергетический колледж", "энергетикалық колледжі", "Energy College"),
    CollegeProfile.OIL_GAS: ("Нефтегазовый колледж", "мұнай-газ колледжі", "Oil and Gas College"),
    CollegeProfile.MINING_METALLURGY: (
        "Горно-металлургический колледж",
        "тау-кен металлургия колледжі",
        "Mining and Metallurgy College",
    ),
    CollegeProfile.CONSTRUCTION: (
        "Строительный колледж",
        "құрылыс колледжі",
        "Construction College",
    ),
    CollegeProfile.TRANSPORT: ("Транспортный колледж", "көлік колледжі", "Transport College"),
    CollegeProfile.IT: (
        "Колледж информационных технологий",
        "ақпараттық технологиялар колледжі",
        "College of Information Technology",
    ),
    CollegeProfile.AGRICULTURE: ("Аграрный колледж", "аграрлық колледжі", "Agrarian College"),
    CollegeProfile.MEDICAL: ("Медицинский колледж", "медициналық колледжі", "Medical College"),
    CollegeProfile.PEDAGOGICAL: (
        "Педагогический колледж",
        "педагогикалық колледжі",
        "Teacher Training College",
    ),
    CollegeProfile.SERVICES_ARTS: (
        "Колледж сервиса и искусств",
        "қызмет көрсету және өнер колледжі",
        "College of Services and Arts",
    ),
}
MAIN_WEIGHT, RELATED_WEIGHT = 3.0, 1.0  # a specialty of the profile's own sector is 3x likelier
RELATED_CHANCE = 0.7  # a non-polytechnic college adds each related sector its region has
# Enterprise sizes (micro, small, medium, large): heavy industry runs larger sites
# (assumption; the registry holds the size class, not the headcount).
SIZE_SHARES = np.array([0.45, 0.33, 0.15, 0.07])
HEAVY_SIZE_SHARES = np.array([0.15, 0.30, 0.30, 0.25])
HEAVY_SECTORS = {"energy", "nuclear", "mining", "metallurgy", "oil_gas", "chemistry"}
# Sectors every region has in proportion to its people rather than its industry; a region's
# main industries are its heaviest other sectors.
POPULATION_SECTORS = {"services", "health", "education"}
# Most service enterprises are shops and offices that hire without a college's trade: half of
# their weight counts toward service colleges (assumption).
SERVICE_COLLEGE_FACTOR = 0.5


@dataclass(frozen=True)
class RegionEconomy:
    kato: str
    sector_weights: np.ndarray  # (len(SECTORS),) in SECTORS order
    college_share: float | None  # percent of the country's colleges, where published
    student_share: float | None  # percent of the country's college students, where published

    def weight(self, sector: str) -> float:
        return float(self.sector_weights[SECTORS.index(sector)])

    def main_industries(self, count: int = 3) -> list[str]:
        """The region's `count` heaviest sectors but services, health and education."""
        order = np.argsort(-self.sector_weights, kind="stable")
        return [SECTORS[i] for i in order if SECTORS[i] not in POPULATION_SECTORS][:count]

    def profile_weights(self) -> np.ndarray:
        """The weight of each college profile (PROFILES order) in this region."""
        share = self.sector_weights / self.sector_weights.sum()
        weights = np.array([PROFILE_FLOOR.get(CollegeProfile(p), 0.0) for p in PROFILES])
        for sector, value in zip(SECTORS, share, strict=True):
            factor = SERVICE_COLLEGE_FACTOR if sector == "services" else 1.0
            weights[PROFILES.index(PROFILE_OF_SECTOR[sector])] += factor * value
        return weights


def _percent(value: str) -> float | None:
    return float(value) if value.strip() else None


def read_economy() -> dict[str, RegionEconomy]:
    """The regions' economies by KATO code (the file's `#` lines are its notes)."""
    with (DATA / "region_economy.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    return {
        row["kato"]: RegionEconomy(
            kato=row["kato"],
            sector_weights=np.array([float(row[s]) for s in SECTORS]),
            college_share=_percent(row["college_share_pct"]),
            student_share=_percent(row["student_share_pct"]),
        )
        for row in rows
    }


def region_shares(published: list[float | None], population: np.ndarray) -> np.ndarray:
    """Weights summing to 1: the published percentages where known, the rest of the country
    spread over the other regions by population."""
    known = np.array([p is not None for p in published])
    out = np.zeros(population.size)
    out[known] = [p / 100 for p in published if p is not None]
    rest = max(1.0 - out.sum(), 0.0)
    out[~known] = rest * population[~known] / population[~known].sum()
    return out


def college_sectors(
    rng: np.random.Generator, profile: str, economy: RegionEconomy
) -> dict[str, float]:
    """The sectors a college of `profile` in this region teaches, with the weight of each
    sector's specialties in its choice of programs."""
    main, related = PROFILE_SECTORS[profile]
    chosen = dict.fromkeys(main, MAIN_WEIGHT)
    present = [s for s in related if economy.weight(s) > 0]
    if profile == CollegeProfile.POLYTECHNIC and present:
        weights = np.array([economy.weight(s) for s in present])
        count = min(len(present), 1 + int(rng.random() < 0.5))
        picks = rng.choice(len(present), size=count, replace=False, p=weights / weights.sum())
        chosen.update(dict.fromkeys([present[i] for i in picks], RELATED_WEIGHT))
        return chosen
    for sector in present:
        # an energy college in a nuclear region trains for it: NPP-1's staff come from there
        if (sector == "nuclear" and profile == CollegeProfile.ENERGY) or (
            rng.random() < RELATED_CHANCE
        ):
            chosen[sector] = RELATED_WEIGHT
    return chosen


def enterprise_sectors(
    rng: np.random.Generator, count: int, economy: RegionEconomy
) -> tuple[np.ndarray, np.ndarray]:
    """Sectors and size classes (indices into micro..large) of a region's `count`
    enterprises, shuffled: sectors in proportion to the economy, sizes in proportion to
    each sector's size shares (heavy industry larger), so a handful of firms is no lottery."""
    per_sector = spread(count, economy.sector_weights) if count else np.zeros(len(SECTORS), int)
    sectors = np.repeat(np.array(SECTORS), per_sector)
    sizes = np.concatenate(
        [
            np.repeat(
                np.arange(SIZE_SHARES.size),
                spread(int(n), HEAVY_SIZE_SHARES if sector in HEAVY_SECTORS else SIZE_SHARES),
            )
            for sector, n in zip(SECTORS, per_sector, strict=True)
        ]
    )
    order = rng.permutation(count)
    return sectors[order], sizes[order]
