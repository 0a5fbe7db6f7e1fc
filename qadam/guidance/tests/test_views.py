"""Career-guidance pages: consent, the test screen by screen, resuming, results and their
PDF, in three languages; events with their live dashboard; who sees which pupil's results
(404 out of scope, 403 for forbidden actions)."""

import re
import uuid
from datetime import date

import pytest
from django.conf import settings

from qadam.guidance import selectors, services
from qadam.guidance.forms import screens
from qadam.guidance.models import DiagnosticSession, GuidanceEvent, ParentLink
from qadam.guidance.services import PupilDetails
from qadam.registry.tests.factories import InstitutionFactory, UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
PROFILE = {"R": 5, "I": 4, "C": 3}  # a Realistic-Investigative pupil: code RIC


def html(response) -> str:
    return response.content.decode()


def consent_data(world, **changes) -> dict:
    data = {
        "client_id": str(uuid.uuid4()),
        "language": "en",
        "age": "15",
        "region": str(world.region_a.pk),
        "school": "",
        "consent": "on",
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def begin(client, world, **changes) -> DiagnosticSession:
    response = client.post("/guidance/start/", consent_data(world, **changes))
    assert response.status_code == 302, html(response)
    return DiagnosticSession.objects.get(resume_code=response.url.split("/")[-2])


def screen_items(session) -> list[list]:
    return screens(selectors.instrument_items(instrument=session.instrument))


def screen_post(session, number, *, move="next", profile=PROFILE, skip=()) -> dict:
    data = {"screen": str(number), "move": move}
    for _n, item in screen_items(session)[number - 1]:
        if item.code not in skip:
            data[f"item_{item.code}"] = str(profile.get(item.scale, 1))
    return data


def answers_for(instrument, **by_scale) -> dict[str, int]:
    return {item.code: by_scale.get(item.scale, 1) for item in instrument.items.all()}


def completed(world, instrument, *, language="en", event_code="", **details) -> DiagnosticSession:
    session, _created = services.submission_create(
        client_id=uuid.uuid4(),
        details=PupilDetails(language=language, age=15, region_id=world.region_a.pk, **details),
        consent=True,
        answers=answers_for(instrument, **PROFILE),
        event_code=event_code,
    )
    return session


def test_the_consent_screen_says_what_is_collected_and_carries_a_submission_id(
    world, instrument, client_for
):
    page = html(client_for(None).get("/guidance/start/"))
    assert "No name, no phone number" in page
    assert "My school&#x27;s counsellor may see my results." in page
    client_id = re.search(r'name="client_id" value="([0-9a-f-]{36})"', page).group(1)
    assert uuid.UUID(client_id)
    assert 'hx-get="/guidance/start/schools/"' in page


def test_the_diagnostic_needs_consent(world, instrument, client_for):
    response = client_for(None).post("/guidance/start/", consent_data(world, consent=None))
    assert response.status_code == 200
    assert "The diagnostic needs your consent first." in html(response)
    assert not DiagnosticSession.objects.exists()


def test_a_double_posted_consent_form_starts_one_session(world, instrument, client_for):
    client = client_for(None)
    data = consent_data(world)
    first = client.post("/guidance/start/", data)
    again = client.post("/guidance/start/", data)
    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    assert DiagnosticSession.objects.count() == 1


def test_the_schools_offered_are_those_of_the_chosen_region(world, instrument, client_for):
    here = InstitutionFactory.create(school=True, region=world.region_a, name_en="School 7")
    there = InstitutionFactory.create(school=True, region=world.region_b, name_en="School 9")
    client = client_for(None)
    options = html(client.get(f"/guidance/start/schools/?region={world.region_a.pk}"))
    assert f'value="{here.pk}"' in options and f'value="{there.pk}"' not in options
    # without JS the pupil asks for the list; nothing starts
    data = consent_data(world, region=str(world.region_b.pk), action="schools")
    page = html(client.post("/guidance/start/", data))
    assert f'value="{there.pk}"' in page and f'value="{here.pk}"' not in page
    assert not DiagnosticSession.objects.exists()
    session = begin(client, world, school=str(here.pk), share_with_counsellor="on")
    assert session.school == here and session.share_with_counsellor


def test_a_pupil_answers_screen_by_screen_stops_and_resumes(
    world, instrument, catalogue, client_for
):
    client = client_for(None)
    session = begin(client, world)
    url = f"/guidance/s/{session.resume_code}/"
    page = html(client.get(url))
    assert session.resume_code in page and "write it down" in page
    assert 'data-screen="1"' in page and "Screen 1 of 8" in page
    assert page.count('type="radio"') == 6 * 5
    for number in range(1, 5):
        response = client.post(url, screen_post(session, number))
        assert response.status_code == 302 and response.url == f"{url}?screen={number + 1}"
    # back on another day: the code (as typed, lower case) leads to the fifth screen
    response = client.post("/guidance/resume/", {"resume_code": session.resume_code.lower()})
    assert response.url == url
    page = html(client.get(url))
    assert 'data-screen="5"' in page and "24 of 48 answered" in page
    back = client.post(url, {**screen_post(session, 5, skip={"R5"}), "move": "back"})
    assert back.url == f"{url}?screen=4"
    session.refresh_from_db()
    assert session.answers.count("0") == 48 - 24 - 5
    for number in range(5, 9):
        data = screen_post(session, number)
        if number == 8:
            data.update(move="finish", skill_tools="5", skill_people="2")
        response = client.post(url, data)
    assert response.url == f"/guidance/r/{session.resume_code}/"
    session.refresh_from_db()
    assert session.completed_at and session.holland_code == "RIC"
    assert session.skills == {"tools": 5, "people": 2}
    assert client.get(url).url == f"/guidance/r/{session.resume_code}/"
    resumed = client.post("/guidance/resume/", {"resume_code": session.resume_code})
    assert resumed.url == f"/guidance/r/{session.resume_code}/"


def test_next_needs_every_item_of_the_screen(world, instrument, client_for):
    client = client_for(None)
    session = begin(client, world)
    skipped = screen_items(session)[0][3][1]  # question 4
    response = client.post(
        f"/guidance/s/{session.resume_code}/", screen_post(session, 1, skip={skipped.code})
    )
    assert response.status_code == 200
    assert "Please answer question 4." in html(response)
    assert f'data-field="item_{skipped.code}"' in html(response)


def test_htmx_swaps_screens_and_sends_the_finished_pupil_to_the_results(
    world, instrument, catalogue, client_for
):
    client = client_for(None)
    session = begin(client, world)
    url = f"/guidance/s/{session.resume_code}/"
    response = client.post(url, screen_post(session, 1), **HTMX)
    assert response.url == f"{url}?screen=2"  # the browser follows it inside htmx
    partial = client.get(response.url, **HTMX)
    assert "<html" not in html(partial) and 'data-screen="2"' in html(partial)
    assert partial.headers["HX-Push-Url"] == f"{url}?screen=2"
    services.session_answer(session=session, answers=answers_for(instrument, **PROFILE))
    done = client.post(url, {**screen_post(session, 8), "move": "finish"}, **HTMX)
    assert done.headers["HX-Redirect"] == f"/guidance/r/{session.resume_code}/"


def test_finishing_with_unanswered_items_names_them_and_keeps_the_last_screen(
    world, instrument, catalogue, client_for
):
    client = client_for(None)
    session = begin(client, world)
    url = f"/guidance/s/{session.resume_code}/"
    response = client.post(url, {**screen_post(session, 8), "move": "finish"})
    page = html(response)
    assert response.status_code == 200
    assert "Please answer every item; missing: R1, R2, R3, R4, R5, R6, R7, I1," in page
    assert 'href="?screen=1"' in page and "questions 1, 2, 3, 4, 5, 6" in page
    assert 'href="?screen=8"' not in page
    session.refresh_from_db()
    assert session.completed_at is None and session.answers.count("0") == 42


def test_the_results_show_the_code_the_chart_a_recommendation_and_a_college(
    world, instrument, catalogue, client_for
):
    session = completed(world, instrument)
    response = client_for(None).get(f"/guidance/r/{session.resume_code.lower()}/")
    page = html(response)
    assert response.status_code == 200
    assert 'data-testid="holland-code">RIC<' in page
    assert "Realistic" in page and "Doer" in page and "hands-on work" in page
    assert 'id="radar-chart"' in page and '"type":"scatterpolar"' in page
    assert "Your strongest interests are Realistic (Doer, 5.0 of 5) and Investigative" in page
    assert "Electrician matches that profile (fit 0." in page
    assert "In Alpha Region: no dual-training places published this term" in page
    outlook = re.search(r'data-testid="outlook">([^<]*)<', page)
    assert outlook is not None, page
    assert outlook.group(1).endswith("; 25 state-funded first-year seats this year.")
    assert world.college_a.name_en in page and "in your region" in page
    assert "Liao, Armstrong &amp; Rounds" in page and "draft translations" in page
    assert f"/guidance/r/{session.resume_code}/pdf" in page
    assert client_for(None).get("/guidance/r/NOSUCH99/").status_code == 404


def test_unfinished_results_lead_back_to_the_test(world, instrument, client_for):
    client = client_for(None)
    session = begin(client, world)
    response = client.get(f"/guidance/r/{session.resume_code}/")
    assert response.url == f"/guidance/s/{session.resume_code}/"
    assert client.get(f"/guidance/r/{session.resume_code}/pdf").status_code == 404


@pytest.mark.parametrize("language", ["en", "kk"])
def test_the_pdf_is_one_page_with_the_holland_code(
    world, instrument, catalogue, client_for, language
):
    session = completed(world, instrument, language=language)
    response = client_for(None).get(f"/guidance/r/{session.resume_code}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", content)) == 1
    assert b"RIC" in content and session.resume_code.encode() in content
    assert b"DejaVu" in content  # the vendored Unicode font is embedded


def test_pupil_pages_speak_the_language_the_pupil_chose(world, instrument, catalogue, client_for):
    client = client_for(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    session = begin(client, world, language="kk")
    page = html(client.get(f"/guidance/s/{session.resume_code}/"))
    assert '<html lang="kk">' in page
    first = screen_items(session)[0][0][1]
    assert first.text_kk in page and "Ұнайды" in page
    done = completed(world, instrument, language="kk")
    results = html(client.get(f"/guidance/r/{done.resume_code}/"))
    assert '<html lang="kk">' in results and "Реалистік" in results and "Шебер" in results


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_guidance_pages_render_in_each_language(
    world, users, instrument, catalogue, client_for, language
):
    school = InstitutionFactory.create(school=True, region=world.region_a)
    counsellor = UserFactory.school_counsellor(school)
    event = services.event_create(
        actor=users["guidance_organiser"],
        name="Fest",
        kind="festival",
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 2),
    )
    shared = completed(world, instrument, school_id=school.pk, share_with_counsellor=True)
    pages = [
        (None, "/guidance/start/"),
        (None, f"/guidance/join/{event.join_code}/"),
        (None, "/guidance/join/"),
        (None, "/guidance/resume/"),
        (users["guidance_organiser"], "/guidance/events/"),
        (users["guidance_organiser"], "/guidance/events/new/"),
        (users["guidance_organiser"], f"/guidance/events/{event.pk}/"),
        (counsellor, "/guidance/pupils/"),
        (counsellor, f"/guidance/pupils/{shared.pk}/"),
    ]
    for user, url in pages:
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html(response), url


def test_a_signed_in_pupil_links_the_results_to_their_account(
    world, users, instrument, catalogue, client_for
):
    session = completed(world, instrument)
    url = f"/guidance/r/{session.resume_code}/"
    anonymous = client_for(None)
    assert "/accounts/login/?next=" in html(anonymous.get(url))
    assert anonymous.post(f"{url}link/").url.startswith("/accounts/login/")
    student = client_for(users["student"])
    response = student.post(f"{url}link/")
    assert response.url == url
    session.refresh_from_db()
    assert session.user == users["student"]
    assert "Saved in your account." in html(student.get(url))
    assert f"/guidance/pupils/{session.pk}/" in html(student.get("/guidance/pupils/"))
    assert student.get(f"/guidance/pupils/{session.pk}/").status_code == 200
    other = client_for(users["college_admin_a"]).post(f"{url}link/", follow=True)
    assert "These results belong to another account." in html(other)


def _event(client) -> GuidanceEvent:
    response = client.post(
        "/guidance/events/new/",
        {
            "name": "Atom Fest",
            "kind": "festival",
            "starts_on": "2026-11-20",
            "ends_on": "2026-11-22",
            "region": "",
        },
    )
    assert response.status_code == 302, html(response)
    return GuidanceEvent.objects.get(name="Atom Fest")


def test_an_organiser_runs_an_event_and_follows_its_live_figures(
    world, users, instrument, catalogue, client_for
):
    client = client_for(users["guidance_organiser"])
    event = _event(client)
    sessions = [completed(world, instrument, event_code=event.join_code) for _ in range(3)]
    services.session_start(
        client_id=uuid.uuid4(),
        details=PupilDetails(language="ru", age=14, region_id=world.region_a.pk),
        consent=True,
        event_code=event.join_code,
    )
    page = html(client.get(f"/guidance/events/{event.pk}/"))
    assert f'data-testid="join-code">{event.join_code}<' in page
    assert f"http://testserver/guidance/join/{event.join_code}/" in page
    assert "<svg" in page and 'data-testid="qr"' in page
    assert 'data-testid="started">4<' in page and 'data-testid="completed">3<' in page
    assert '"type":"bar"' in page
    assert "<code>RIC</code>" in page and "Electrician" in page
    assert re.search(
        r'data-scale="R"><td>R · Realistic</td>\s*<td class="num">[^<]+</td>\s*'
        r'<td class="num">0.88</td>',
        page,
    )
    # the organiser sees totals, never a pupil's code or answers
    assert all(s.resume_code not in page for s in sessions)
    live = client.get(f"/guidance/events/{event.pk}/", **HTMX)
    assert "<html" not in html(live) and 'hx-trigger="every 10s"' in html(live)
    listing = html(client.get("/guidance/events/"))
    assert "Atom Fest" in listing and event.join_code in listing


def test_a_closed_event_refuses_pupils(world, users, instrument, client_for):
    organiser = client_for(users["guidance_organiser"])
    event = _event(organiser)
    pupil = client_for(None)
    assert "Atom Fest" in html(pupil.get(f"/guidance/join/{event.join_code}/"))
    assert organiser.post(f"/guidance/events/{event.pk}/close/").status_code == 302
    event.refresh_from_db()
    assert not event.is_open
    response = pupil.get(f"/guidance/join/{event.join_code}/")
    assert response.status_code == 404 and "the event may be closed" in html(response)
    posted = pupil.post(f"/guidance/join/{event.join_code}/", consent_data(world))
    assert posted.status_code == 404 and not DiagnosticSession.objects.exists()
    organiser.post(f"/guidance/events/{event.pk}/open/")
    session = begin_at(pupil, world, event)
    assert session.event == event


def begin_at(client, world, event) -> DiagnosticSession:
    response = client.post(f"/guidance/join/{event.join_code}/", consent_data(world))
    assert response.status_code == 302, html(response)
    return DiagnosticSession.objects.get(resume_code=response.url.split("/")[-2])


def test_the_join_form_takes_the_code_as_typed(world, instrument, client_for):
    client = client_for(None)
    assert client.get("/guidance/join/?code=ab cd-12").url == "/guidance/join/ABCD12/"
    assert "Letters and digits only" in html(client.get("/guidance/join/?code=a/b"))


def test_resuming_with_an_unknown_code_says_so(world, instrument, client_for):
    response = client_for(None).post("/guidance/resume/", {"resume_code": "ZZZZ2222"})
    assert "No diagnostic has this code." in html(response)


def test_only_organisers_and_the_ministry_create_and_open_events(
    world, users, instrument, client_for
):
    event = _event(client_for(users["guidance_organiser"]))
    student = client_for(users["student"])
    assert student.get("/guidance/events/new/").status_code == 403
    assert student.post("/guidance/events/new/", {"name": "x"}).status_code == 403
    assert student.get(f"/guidance/events/{event.pk}/").status_code == 404
    assert "New event" not in html(student.get("/guidance/events/"))
    analyst = client_for(users["analyst"])
    assert analyst.get(f"/guidance/events/{event.pk}/").status_code == 200
    assert analyst.post(f"/guidance/events/{event.pk}/close/").status_code == 403
    other = client_for(UserFactory.guidance_organiser())
    assert other.get(f"/guidance/events/{event.pk}/").status_code == 404
    ministry = client_for(users["ministry_admin"])
    assert ministry.post(f"/guidance/events/{event.pk}/close/").status_code == 302
    assert client_for(None).get("/guidance/events/").url.startswith("/accounts/login/")


def test_a_counsellor_sees_the_consenting_pupils_of_their_school_only(
    world, users, instrument, catalogue, client_for
):
    school = InstitutionFactory.create(school=True, region=world.region_a)
    other_school = InstitutionFactory.create(school=True, region=world.region_a)
    shared = completed(world, instrument, school_id=school.pk, share_with_counsellor=True)
    private = completed(world, instrument, school_id=school.pk)
    counsellor = client_for(UserFactory.school_counsellor(school))
    listing = html(counsellor.get("/guidance/pupils/"))
    assert f"/guidance/pupils/{shared.pk}/" in listing
    assert f"/guidance/pupils/{private.pk}/" not in listing
    detail = html(counsellor.get(f"/guidance/pupils/{shared.pk}/"))
    assert "RIC" in detail and "Electrician" in detail and shared.resume_code not in detail
    assert counsellor.get(f"/guidance/pupils/{private.pk}/").status_code == 404
    stranger = client_for(UserFactory.school_counsellor(other_school))
    assert stranger.get(f"/guidance/pupils/{shared.pk}/").status_code == 404


def test_a_parent_follows_a_childs_results_with_the_code(
    world, users, instrument, catalogue, client_for
):
    child = completed(world, instrument)
    parent = UserFactory.parent()
    client = client_for(parent)
    assert client.get(f"/guidance/pupils/{child.pk}/").status_code == 404
    wrong = client.post("/guidance/pupils/", {"resume_code": "ZZZZ2222"})
    assert "No diagnostic has this code." in html(wrong)
    response = client.post("/guidance/pupils/", {"resume_code": child.resume_code.lower()})
    assert response.url == "/guidance/pupils/"
    assert ParentLink.objects.filter(parent=parent, session=child).exists()
    assert f"/guidance/pupils/{child.pk}/" in html(client.get("/guidance/pupils/"))
    assert client.get(f"/guidance/pupils/{child.pk}/").status_code == 200
    forbidden = client_for(users["analyst"]).post(
        "/guidance/pupils/", {"resume_code": child.resume_code}
    )
    assert forbidden.status_code == 403


@pytest.mark.parametrize("role", ["guidance_organiser", "ministry_admin", "analyst"])
def test_organisers_and_national_roles_see_no_individual_results(
    world, users, instrument, catalogue, client_for, role
):
    session = completed(world, instrument)
    client = client_for(users[role])
    assert client.get(f"/guidance/pupils/{session.pk}/").status_code == 404
    assert f"/guidance/pupils/{session.pk}/" not in html(client.get("/guidance/pupils/"))


def nav(page: str) -> str:
    return re.search(r"<nav[^>]*>(.*?)</nav>", page, re.S).group(1)


def test_the_navigation_leads_each_role_to_its_guidance_page(world, users, client_for):
    organiser = nav(html(client_for(users["guidance_organiser"]).get("/guidance/events/")))
    assert 'href="/guidance/events/"' in organiser and "Pupils" not in organiser
    student = nav(html(client_for(users["student"]).get("/guidance/start/")))
    assert 'href="/guidance/start/"' in student and "Career guidance" in student
    for user in (UserFactory.school_counsellor(), UserFactory.parent()):
        assert 'href="/guidance/pupils/"' in nav(html(client_for(user).get("/guidance/pupils/")))
