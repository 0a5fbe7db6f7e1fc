"""Where a national target was published is told in the reader's language."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said", "not_said"),
    [
        ("kk", "фестивалінің жабылуында", "at the close of"),
        ("ru", "на закрытии фестиваля", "at the close of"),
        ("en", "at the close of the «City of Working Professions»", "на закрытии"),
    ],
)
def test_the_national_page_cites_each_source_in_the_readers_language(
    users, client_for, language, said, not_said
):
    client = client_for(users["ministry_admin"])
    client.cookies["django_language"] = language
    page = client.get("/national/").content.decode()
    assert said in page and not_said not in page
