"""Lists in the reader's alphabetical order, numbers by value."""

import pytest
from django.utils import translation

from qadam.common.collation import sort_key, sorted_by_name


def test_kazakh_letters_sort_in_the_kazakh_alphabet():
    names = ["Қостанай", "Көкшетау", "Ақтөбе", "Әлия", "Атырау", "Ұлытау", "Үржар"]
    assert sorted(names, key=lambda n: sort_key(n, "kk")) == [
        "Ақтөбе",
        "Атырау",
        "Әлия",
        "Көкшетау",
        "Қостанай",
        "Ұлытау",
        "Үржар",
    ]  # қ comes before т


def test_numbers_sort_by_value_not_by_digits():
    names = ["Школа №10", "Школа №2", "Школа №1", "Школа №11"]
    assert sorted(names, key=lambda n: sort_key(n, "ru")) == [
        "Школа №1",
        "Школа №2",
        "Школа №10",
        "Школа №11",
    ]  # қ comes before т


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_regions_dropdown_follows_the_readers_language(language):
    from qadam.registry.seeding.reference import load_reference_data
    from qadam.registry.selectors import region_list

    load_reference_data()
    with translation.override(language):
        names = [region.name for region in region_list()]
        assert len(names) == 20
        assert names == [r.name for r in sorted_by_name(region_list())]
        assert names == sorted(names, key=lambda n: sort_key(n, language))
    if language != "en":  # not the English order any more
        with translation.override("en"):
            english = [region.pk for region in region_list()]
        with translation.override(language):
            assert [region.pk for region in region_list()] != english
