"""The engine's broken constraints as a planner reads them: in their language, with the
region's name where the engine knows only its position."""

from django.utils import translation

from qadam.engines.allocation import Violation
from qadam.planning.violations import violation_texts

REGIONS = ["Алматы", "Астана"]


def stored(violation: Violation) -> dict:
    return {"code": violation.code, "values": violation.values}


def test_a_region_below_its_minimum_is_named_in_the_readers_language():
    below = stored(Violation("region_minimum", {"region": 1, "seats": 40, "minimum": 1200}))
    with translation.override("ru"):
        (text,) = violation_texts([below], REGIONS)
    assert text.startswith("Астана") and "1\u00a0200" in text and "минимум" in text
    with translation.override("en"):
        (text,) = violation_texts([below], REGIONS)
    assert text == "Астана has 40 seats, below its minimum of 1,200"


def test_the_technical_share_is_a_percentage_in_the_readers_format():
    share = stored(Violation("technical_share", {"share": 0.6351, "minimum": 0.7}))
    with translation.override("kk"):
        (text,) = violation_texts([share], REGIONS)
    assert "63,5%" in text and "70%" in text and "below" not in text


def test_a_run_stored_before_codes_shows_its_words_as_they_are():
    assert violation_texts(["negative seats"], REGIONS) == ["negative seats"]
