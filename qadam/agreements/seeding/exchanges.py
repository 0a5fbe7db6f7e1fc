"""Educator exchanges: a few hundred, mostly college educators of the registry training abroad
(at their college's international partner, or at a Russian university), and some Russian
educators giving master classes in Kazakh colleges. Those already back have returned_on."""

from datetime import timedelta
from typing import Any

import numpy as np

from qadam.agreements.choices import Direction, MobilityFunding, PersonKind
from qadam.agreements.models import Mobility
from qadam.agreements.seeding.colleges import Link
from qadam.agreements.seeding.common import AS_OF, iso, scaled
from qadam.agreements.seeding.mobility import COLUMNS, Rows
from qadam.agreements.seeding.partners import RussianUniversities
from qadam.common.bulk import bulk_insert
from qadam.registry.models import Educator
from qadam.registry.seeding.people import (
    NAMES,
    RUSSIAN_FEMALE,
    RUSSIAN_MALE,
    RUSSIAN_SURNAMES,
)
from qadam.registry.seeding.profiles import Profile

EDUCATOR_EXCHANGES, INCOMING_SHARE = 300, 0.2
VIA_PARTNER = 0.7  # outgoing educators going to their college's partner (else to Russia)
SUBJECTS = (
    "сварочные технологии",
    "мехатроника и автоматизация",
    "электромонтаж и релейная защита",
    "цифровые технологии в обучении",
    "дуальное обучение на предприятии",
    "атомная энергетика",
    "нефтегазовое оборудование",
)
FUNDING = (
    MobilityFunding.PROGRAM,
    MobilityFunding.ENTERPRISE,
    MobilityFunding.STATE_SCHOLARSHIP,
    MobilityFunding.HOST_SCHOLARSHIP,
)
FUNDING_SHARES = (0.55, 0.15, 0.15, 0.15)
SCHOLARSHIPS = {MobilityFunding.STATE_SCHOLARSHIP, MobilityFunding.HOST_SCHOLARSHIP}


def _period(rng: np.random.Generator, shortest: int, longest: int) -> dict[str, Any]:
    """A stay from two years ago to half a year ahead; returned_on once it is over."""
    starts = AS_OF - timedelta(days=700 - int(rng.integers(0, 880)))
    ends = starts + timedelta(days=int(rng.integers(shortest, longest + 1)))
    returned = min(ends + timedelta(days=int(rng.integers(0, 3))), AS_OF)
    return {
        "starts_on": iso(starts),
        "ends_on": iso(ends),
        "returned_on": iso(returned) if ends < AS_OF else None,
    }


def _outgoing(
    rng: np.random.Generator, n: int, links: list[Link], russian: RussianUniversities
) -> list[dict[str, Any]]:
    """Registry educators abroad: at their college's partner, or training at a Russian
    university (no agreement)."""
    educators: dict[int, list[tuple[Any, ...]]] = {}
    for row in Educator.objects.order_by("id").values_list(
        "institution_id", "id", "iin", "last_name", "first_name", "middle_name"
    ):
        educators.setdefault(row[0], []).append(row)
    colleges = sorted(educators)
    taken: set[int] = set()
    rows = []
    for _ in range(n):
        link = links[rng.integers(0, len(links))] if links and rng.random() < VIA_PARTNER else None
        college = link.college if link else colleges[rng.integers(0, len(colleges))]
        free = [row for row in educators.get(college, []) if row[1] not in taken]
        if not free:
            continue
        _college, educator, iin, last, first, middle = free[rng.integers(0, len(free))]
        taken.add(educator)
        funding = FUNDING[rng.choice(len(FUNDING), p=FUNDING_SHARES)]
        host = link.partner if link else int(rng.choice(russian.ids))
        rows.append(
            {
                "person_kind": PersonKind.EDUCATOR.value,
                "direction": Direction.OUTGOING.value,
                "full_name": f"{last} {first} {middle}".strip(),
                "iin": iin,
                "educator_id": educator,
                "home_institution_id": college,
                "host_institution_id": host,
                "home_country": "KZ",
                "host_country": link.country if link else "RU",
                "program": f"Стажировка: {SUBJECTS[rng.integers(0, len(SUBJECTS))]}",
                "funding": funding.value,
                "scholarship": funding in SCHOLARSHIPS,
                "agreement_id": link.agreement if link and link.active else None,
                **_period(rng, 14, 120),
            }
        )
    return rows


def _russian_name(rng: np.random.Generator) -> str:
    male = bool(rng.random() < 0.5)
    names = RUSSIAN_MALE if male else RUSSIAN_FEMALE
    first = names[rng.integers(0, len(names))]
    last = RUSSIAN_SURNAMES[rng.integers(0, len(RUSSIAN_SURNAMES))] + ("" if male else "а")
    stems = NAMES["russian_patronymic_stems"]
    middle = stems[rng.integers(0, len(stems))] + ("ич" if male else "на")
    return f"{last} {first} {middle}"


def _incoming(
    rng: np.random.Generator, n: int, links: list[Link], russian: RussianUniversities
) -> list[dict[str, Any]]:
    """Educators from Russia giving master classes: from a partner Russian college (under
    the agreement) or a Russian university, at a college with international partners."""
    russian_links = [link for link in links if link.country == "RU"]
    colleges = sorted({link.college for link in links})
    rows = []
    for _ in range(n):
        link = russian_links[rng.integers(0, len(russian_links))] if russian_links else None
        link = link if rng.random() < 0.6 else None
        rows.append(
            {
                "person_kind": PersonKind.EDUCATOR.value,
                "direction": Direction.INCOMING.value,
                "full_name": _russian_name(rng),
                "iin": "",
                "home_institution_id": link.partner if link else int(rng.choice(russian.ids)),
                "host_institution_id": link.college
                if link
                else colleges[rng.integers(0, len(colleges))],
                "home_country": "RU",
                "host_country": "KZ",
                "program": f"Мастер-класс: {SUBJECTS[rng.integers(0, len(SUBJECTS))]}",
                "funding": MobilityFunding.PROGRAM.value,
                "scholarship": False,
                "agreement_id": link.agreement if link and link.active else None,
                **_period(rng, 5, 45),
            }
        )
    return rows


def seed_educator_exchanges(
    rng: np.random.Generator, profile: Profile, links: list[Link], russian: RussianUniversities
) -> dict[str, int]:
    """Writes the educator exchanges; returns how many go out and come in."""
    n = scaled(profile, EDUCATOR_EXCHANGES, minimum=3)
    incoming = max(1, round(n * INCOMING_SHARE)) if links else 0
    rows = Rows([])
    outgoing = _outgoing(rng, n - incoming, links, russian)
    for row in (*outgoing, *_incoming(rng, incoming, links, russian)):
        rows.add(row)
    bulk_insert(Mobility, COLUMNS, rows.rows)
    return {"educators_outgoing": len(outgoing), "educators_incoming": incoming}
