"""`qadam demo_logins` prints where Qadam is served and the demo logins the seed created."""

from io import StringIO

from django.core.management import call_command

from qadam.registry.tests.factories import UserFactory
from qadam.seeding.demo import DEMO_PASSWORD


def test_demo_logins_lists_the_demo_users_with_their_password(db):
    UserFactory.guidance_organiser(username="organiser")
    UserFactory.ministry_admin(username="ministry")
    UserFactory.analyst(username="someone-else")
    out = StringIO()
    call_command("demo_logins", url="http://qadam.test/", stdout=out)
    lines = out.getvalue().splitlines()
    assert "http://qadam.test/" in lines[0]
    assert DEMO_PASSWORD in lines[1]
    assert [line.split()[0] for line in lines[2:]] == ["ministry", "organiser"]
