"""The national indicators: each one's key (the API's), label, unit and what its actual
counts in Qadam's data, or why Qadam has no actual for it yet."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any  # a lazy translation
    unit: str  # "people", "seats", "enterprises", "colleges", "agreements", "share"
    counts: Any  # what the actual counts (a lazy translation)
    # the actual's figures by institution, for the drill-down region -> its colleges
    by_institution: bool = True

    @property
    def is_share(self) -> bool:
        return self.unit == "share"


UNIT_LABELS = {
    "people": _("people"),
    "seats": _("seats"),
    "enterprises": _("enterprises"),
    "colleges": _("colleges"),
    "agreements": _("agreements"),
    "share": _("share"),
}

STATUS_LABELS = {
    "met": _("met"),
    "on_track": _("on track"),
    "behind": _("behind"),
    "no_data": _("no data"),
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "state_funded_seats",
        _("State-funded TVET seats"),
        "seats",
        _("State-funded first-year seats of the colleges' programs (the registry)."),
    ),
    Indicator(
        "technical_share",
        _("Technical share of the state order"),
        "share",
        _("Share of those seats in technical specialties (the registry's catalogue)."),
    ),
    Indicator(
        "dual_students",
        _("Students in dual training"),
        "people",
        _(
            "College students placed at a dual-training offer running this academic year, "
            "in a published round, not declined by the enterprise (placements)."
        ),
    ),
    Indicator(
        "dual_enterprises",
        _("Enterprises training dual students"),
        "enterprises",
        _(
            "Enterprises with at least one such student (placements); by region: the "
            "enterprise's region."
        ),
    ),
    Indicator(
        "patron_companies",
        _("Patron companies"),
        "enterprises",
        _("Enterprises patron of a college under a patronage agreement in force (partnerships)."),
    ),
    Indicator(
        "patronised_colleges",
        _("Colleges with a patron"),
        "colleges",
        _("Colleges beneficiary of a patronage agreement in force (partnerships)."),
    ),
    Indicator(
        "colleges_modernised",
        _("State colleges with an upgraded material base"),
        "colleges",
        _(
            "State colleges that received equipment or modernisation funding delivered under "
            "an agreement (obligations and their deliveries). Upgrades paid from the state "
            "budget are not recorded in Qadam yet."
        ),
    ),
    Indicator(
        "festival_diagnostics",
        _("Career diagnostics at festivals"),
        "people",
        _(
            "Diagnostics completed at career-guidance festivals this academic year (guidance); "
            "by the pupil's region."
        ),
        by_institution=False,
    ),
    Indicator(
        "festival_memoranda",
        _("College–enterprise memoranda signed at festivals"),
        "agreements",
        _(
            "Memoranda of cooperation signed this academic year (partnerships). Qadam does "
            "not record where a memorandum was signed, so those signed outside a festival "
            "count too."
        ),
    ),
    Indicator(
        "students_in_russia",
        _("Kazakh students in Russia"),
        "people",
        _(
            "Students from Kazakhstan studying in Russia today (academic mobility); by their "
            "home institution's region, where it is recorded."
        ),
    ),
    Indicator(
        "university_agreements_kz_ru",
        _("Kazakh–Russian university agreements"),
        "agreements",
        _(
            "Double-diploma, joint research and joint education agreements in force between a "
            "Kazakh and a Russian university (partnerships)."
        ),
    ),
    Indicator(
        "npp_construction_workers",
        _("NPP construction workers in training"),
        "people",
        _(
            "People under a targeted-training contract toward the NPP (its operator's, its "
            "contractors', or an offer tied to its plan) in a worker-level program, as its "
            "pipeline counts them (placements, planning)."
        ),
    ),
    Indicator(
        "npp_mid_level_specialists",
        _("NPP mid-level specialists in training"),
        "people",
        _(
            "People under a targeted-training contract toward the NPP (its operator's, its "
            "contractors', or an offer tied to its plan) in a mid-level specialist program, as "
            "its pipeline counts them (placements, planning)."
        ),
    ),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
KEYS = tuple(BY_KEY)

# the national dashboard's map (static/dashboard/kz_regions.geojson), on the About page;
# each field by language, as in registry/data/attribution.json
DASHBOARD_ATTRIBUTION = (
    {
        "dataset": {
            "en": "Kazakhstan first-level administrative boundaries (20 regions), simplified",
            "ru": "Границы административных единиц первого уровня Казахстана (20 регионов), "
            "упрощённые",
            "kk": "Қазақстанның бірінші деңгейлі әкімшілік бірліктерінің шекаралары "
            "(20 өңір), жеңілдетілген",
        },
        "source": {
            "en": "Kazakhstan – Subnational Administrative Boundaries (COD-AB), UNHCR and UN "
            "OCHA, 2023, via the Humanitarian Data Exchange; simplified (about 200 m) and given "
            "ISO 3166-2 codes by Qadam, the source's swapped country fields corrected",
            "ru": "Казахстан – субнациональные административные границы (COD-AB), УВКБ ООН и "
            "УКГВ ООН, 2023, через Humanitarian Data Exchange; упрощены (около 200 м), коды "
            "ISO 3166-2 присвоены Qadam, перепутанные поля страны в источнике исправлены",
            "kk": "Қазақстан – ұлттықтан төмен әкімшілік шекаралар (COD-AB), БҰҰ БЖКБ және БҰҰ "
            "ГІҮБ, 2023, Humanitarian Data Exchange арқылы; жеңілдетілген (шамамен 200 м), "
            "ISO 3166-2 кодтарын Qadam берген, дереккөздегі ел өрістерінің шатасуы түзетілген",
        },
        "licence": {"en": "CC BY-IGO", "ru": "CC BY-IGO", "kk": "CC BY-IGO"},
        "attribution": {
            "en": "Map boundaries: Kazakhstan – Subnational Administrative Boundaries, "
            "UNHCR / UN OCHA (2023), HDX, CC BY-IGO."
        },
    },
)
