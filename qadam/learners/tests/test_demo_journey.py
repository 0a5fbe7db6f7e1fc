"""The demo student's journey after `qadam seed --profile small`: their diagnostic, their
enrolment and their placement; the demo parent reads it, another college's administrator
gets 404."""

from io import StringIO

import pytest
from django.core.management import call_command

from qadam.accounts.models import User
from qadam.registry.models import Institution
from qadam.registry.tests.factories import UserFactory

pytestmark = pytest.mark.slow


def test_the_demo_students_journey_from_diagnostic_to_placement(db, client_for):
    call_command("seed", profile="small", seed=42, verbosity=0, stdout=StringIO())
    users = {user.username: user for user in User.objects.filter(is_superuser=False)}
    student = users["student"].student
    url = f"/api/v1/learners/{student.pk}/journey"
    response = client_for(users["student"]).get(url)
    assert response.status_code == 200
    stages = [event["stage"] for event in response.json()["events"]]
    assert {"diagnostic", "enrolment", "placement"} <= set(stages)
    assert client_for(users["parent"]).get(url).status_code == 200
    assert client_for(users["college"]).get(url).status_code == 200
    other = Institution.objects.filter(kind="college").exclude(pk=student.institution_id).first()
    assert client_for(UserFactory.college_admin(other)).get(url).status_code == 404
    assert client_for(users["analyst"]).get(url).status_code == 404
