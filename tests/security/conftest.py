"""The small seeded country, seeded once per module that asks for it and rolled back after."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def country(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", profile="small", seed=42, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English (the default language is Russian)."""
    settings.LANGUAGE_CODE = "en"
