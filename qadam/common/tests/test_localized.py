"""A name in the reader's language, falling back ru -> en -> kk, from a record with the
Russian text in the field (`name`) or in `name_ru` (the registry's reference names)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from qadam.common.localized import localized, variant_cells, variants

ROUND = SimpleNamespace(name="Основной раунд", name_kk="Негізгі кезең", name_en="Main round")
RUSSIAN_ONLY = SimpleNamespace(name="Основной раунд", name_kk="", name_en="")
NO_RUSSIAN = SimpleNamespace(name="", name_kk="Негізгі кезең", name_en="Main round")
KAZAKH_ONLY = SimpleNamespace(name="", name_kk="Негізгі кезең", name_en="")
REFERENCE = SimpleNamespace(name_ru="Алматы", name_kk="Алматы қ.", name_en="")


@pytest.mark.parametrize(
    ("record", "language", "expected"),
    [
        (ROUND, "kk", "Негізгі кезең"),
        (ROUND, "ru", "Основной раунд"),
        (ROUND, "en", "Main round"),
        (RUSSIAN_ONLY, "kk", "Основной раунд"),
        (RUSSIAN_ONLY, "en", "Основной раунд"),
        (NO_RUSSIAN, "ru", "Main round"),  # then English
        (KAZAKH_ONLY, "en", "Негізгі кезең"),  # Kazakh last
        (REFERENCE, "en", "Алматы"),
        (REFERENCE, "kk", "Алматы қ."),
        ({"name": "Раунд", "name_kk": "", "name_en": "Round"}, "en", "Round"),  # a values() row
        (None, "en", ""),
    ],
)
def test_a_name_in_the_readers_language_falls_back_ru_en_kk(record, language, expected):
    with translation.override(language):
        assert localized(record) == expected
    assert localized(record, language=language) == expected


def test_a_title_and_its_three_variants():
    offer = SimpleNamespace(title="Сварщик", title_kk="Дәнекерлеуші", title_en="")
    assert localized(offer, "title", "kk") == "Дәнекерлеуші"
    assert localized(offer, "title", "en") == "Сварщик"
    assert variants(offer, "title") == {"kk": "Дәнекерлеуші", "ru": "Сварщик", "en": ""}
    assert variant_cells(offer, "title") == ("Дәнекерлеуші", "Сварщик", "")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Негізгі кезең"), ("ru", "Основной раунд"), ("en", "Main round")],
)
def test_the_template_filter_needs_no_load(language, expected):
    template = Template('{{ round|localized }} · {{ offer|localized:"title" }}')
    offer = SimpleNamespace(title="Сварщик", title_kk="", title_en="Welder")
    with translation.override(language):
        shown = template.render(Context({"round": ROUND, "offer": offer}))
    assert shown == f"{expected} · {'Welder' if language == 'en' else 'Сварщик'}"
