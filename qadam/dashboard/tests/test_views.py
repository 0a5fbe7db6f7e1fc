"""Home per role, the About page and the jobs pages."""

import re

import pytest
from django.conf import settings

from qadam.common.models import Job
from qadam.common.services import job_create, job_finish
from qadam.registry.tests.factories import ROLES, RegionFactory, StudentFactory, UserFactory


def html(response):
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/", "/about/", "/jobs/"])
def test_home_about_and_jobs_render_for_every_role(world, users, client_for, role, path):
    response = client_for(users[role]).get(path)
    assert response.status_code == 200
    assert '<html lang="ru">' in html(response)  # the default language


def test_about_page_is_public_and_credits_the_data_sources(db, client_for):
    response = client_for(None).get("/about/")
    assert response.status_code == 200
    assert 'data-testid="attribution"' in html(response)
    assert "ISCO" in html(response)


def test_an_anonymous_visitor_sees_the_way_to_the_diagnostic_and_the_sign_in(
    db, client_for, settings
):
    settings.LANGUAGE_CODE = "en"
    client = client_for(None)
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    pupils = page.split('data-testid="for-pupils"')[1].split("</section>")[0]
    assert 'href="/guidance/start/"' in pupils
    assert "Take the career diagnostic" in pupils
    assert 'action="/guidance/join/"' in pupils and 'name="code"' in pupils
    assert 'href="/guidance/resume/"' in pupils
    assert 'action="/accounts/login/"' in page.split('data-testid="for-staff"')[1]
    # the welcome's forms lead where they say: the festival's consent screen, a signed-in home
    event_code = client.get("/guidance/join/", {"code": "abc-123"})
    assert event_code["Location"] == "/guidance/join/ABC123/"
    user = UserFactory.analyst(username="welcome", password="a-long-pass-phrase")
    signed_in = client.post(
        "/accounts/login/",
        {"username": "welcome", "password": "a-long-pass-phrase", "next": "/"},
    )
    assert signed_in["Location"] == "/"
    assert f"Welcome, {user.get_full_name() or user.username}" in html(client.get("/"))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_home_renders_in_each_language(world, users, client_for, language):
    client = client_for(users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f'<html lang="{language}">' in html(client.get("/"))


@pytest.mark.parametrize("role", ["ministry_admin", "analyst"])
def test_national_roles_see_national_totals_and_the_region_chart(world, users, client_for, role):
    page = html(client_for(users[role]).get("/"))
    # 6 college students; the university's and the branch's are counted apart, never summed
    assert re.search(r'data-testid="total-college-students">\s*6\s*<', page)
    assert re.search(r'data-testid="total-colleges">\s*2\s*<', page)
    kinds = re.search(r'data-testid="by-kind">(.*?)</table>', page, re.S).group(1)
    assert re.findall(r'data-kind="(\w+)"', kinds) == ["college", "university", "foreign_branch"]
    assert 'id="region-chart"' in page


@pytest.mark.parametrize(
    ("role", "college", "total"),
    [
        ("college_admin_a", "college_a", 3),
        ("college_admin_b", "college_b", 3),
        ("university_admin", "university", 2),
    ],
)
def test_institution_admin_home_counts_only_their_students(
    world, users, client_for, role, college, total
):
    page = html(client_for(users[role]).get("/"))
    assert 'data-testid="total-college-students"' not in page
    assert 'id="region-chart"' not in page
    assert getattr(world, college).name in page
    funding = re.search(r'data-testid="funding-table">(.*?)</table>', page, re.S).group(1)
    assert re.search(rf'<th class="num">\s*{total}\s*</th>', funding)


def test_student_home_links_to_their_own_record_only(world, users, client_for):
    page = html(client_for(users["student"]).get("/"))
    me = world.students_a[0]
    assert f"/registry/students/{me.pk}/" in page
    assert 'data-testid="funding-table"' not in page
    assert 'data-testid="total-college-students"' not in page


def test_enterprise_hr_home_shows_their_enterprise_and_no_people(world, users, client_for):
    page = html(client_for(users["enterprise_hr"]).get("/"))
    assert world.enterprise.bin in page
    assert 'data-testid="funding-table"' not in page
    assert not any(s.last_name in page for s in world.all_students)


def test_guidance_organiser_home_points_to_the_catalogue(world, users, client_for):
    page = html(client_for(users["guidance_organiser"]).get("/"))
    assert "/registry/specialties/" in page
    assert 'data-testid="funding-table"' not in page


@pytest.mark.parametrize(
    ("role", "has_students_link"),
    [
        ("ministry_admin", True),
        ("analyst", True),
        ("college_admin_a", True),
        ("student", True),
        ("enterprise_hr", False),
        ("guidance_organiser", False),
    ],
)
def test_navigation_offers_students_only_to_roles_that_see_them(
    world, users, client_for, role, has_students_link
):
    page = html(client_for(users[role]).get("/"))
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", page, re.S).group(1)
    assert ('href="/registry/students/"' in nav) is has_students_link


def test_region_names_in_the_chart_cannot_break_out_of_the_script(world, users, client_for):
    region = RegionFactory(name_ru="</script><script>alert(1)</script>")
    StudentFactory(institution=world.college_a, region=region, program=world.programs_a[0])
    page = html(client_for(users["analyst"]).get("/"))
    assert "<script>alert(1)" not in page


def test_jobs_page_lists_only_the_users_own_jobs(world, users, client_for):
    mine = job_create(owner=users["college_admin_a"], kind="k", title="Мой экспорт", parameters={})
    job_create(owner=users["college_admin_b"], kind="k", title="Чужой экспорт", parameters={})
    page = html(client_for(users["college_admin_a"]).get("/jobs/"))
    assert f"/jobs/{mine.pk}/" in page
    assert "Мой экспорт" in page and "Чужой экспорт" not in page


def test_job_progress_partial_for_htmx(world, users, client_for):
    job = job_create(owner=users["ministry_admin"], kind="k", title="T", parameters={})
    client = client_for(users["ministry_admin"])
    partial = html(client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true"))
    assert partial.startswith('<section id="job-progress"')
    assert 'data-status="queued"' in partial and 'hx-trigger="every 1s"' in partial
    job_finish(job_id=job.pk, result_file="")
    partial = html(client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true"))
    assert 'data-status="succeeded"' in partial and "hx-trigger" not in partial


def test_download_of_a_job_without_a_file_is_404(world, users, client_for):
    job = job_create(owner=users["ministry_admin"], kind="k", title="T", parameters={})
    client = client_for(users["ministry_admin"])
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    Job.objects.filter(pk=job.pk).update(result_file="exports/missing.xlsx")
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert client.get(f"/jobs/{10**9}/").status_code == 404


@pytest.mark.parametrize("role", ["school_counsellor", "parent"])
def test_a_counsellors_and_a_parents_home_say_what_they_can_do(world, client_for, role):
    from qadam.registry.tests.factories import InstitutionFactory, UserFactory

    school = InstitutionFactory(school=True) if role == "school_counsellor" else None
    user = UserFactory(role=role, institution=school)
    page = html(client_for(user).get("/"))
    assert 'data-testid="what-you-can-do"' in page
    assert "/guidance/pupils/" in page
