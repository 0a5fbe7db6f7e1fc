"""The region dropdowns follow the reader's alphabet (qadam.common.collation)."""

import pytest
from django.utils import translation

from qadam.common.collation import sort_key, sorted_by_name
from qadam.registry.seeding.reference import load_reference_data
from qadam.registry.selectors import region_list


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_regions_dropdown_follows_the_readers_language(language):
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
