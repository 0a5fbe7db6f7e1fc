"""With DEBUG off (the demo, production) a missing page, a refusal and a failure show Qadam's
own pages in the visitor's language, never Django's debug pages."""

import pytest
from django.conf import settings
from django.test import Client

from qadam.registry.tests.factories import UserFactory


def visitor(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Page not found"), ("ru", "Страница не найдена")]
)
def test_a_missing_page_is_qadams_own_in_the_visitors_language(db, language, title):
    response = visitor(language).get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-status="404"' in page and title in page
    assert 'href="/"' in page and "Traceback" not in page


def test_a_record_out_of_sight_is_the_same_friendly_404_for_a_signed_in_user(db):
    client = visitor("en")
    client.force_login(UserFactory.analyst())
    response = client.get("/jobs/999999/")
    assert response.status_code == 404
    assert 'data-status="404"' in response.content.decode()


@pytest.mark.urls("tests.security.urls_failing")
def test_a_failure_is_a_plain_500_page_without_the_traceback(db):
    response = visitor("en").get("/fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'data-status="500"' in page and "Something went wrong" in page
    assert "a bug" not in page and "Traceback" not in page
