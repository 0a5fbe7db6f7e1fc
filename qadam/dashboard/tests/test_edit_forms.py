"""A national target's edit page submitted exactly as a browser does, in Kazakh, Russian and
English: saved unchanged it changes nothing (a share stays 0.7, its date stays its date), and
a typed change changes that input only, with its audit entry."""

import pytest
from django.conf import settings

from qadam.common.audit import snapshot
from qadam.common.models import AuditEntry
from qadam.common.tests.browser_forms import form_submission
from qadam.dashboard.models import KpiTarget

pytestmark = pytest.mark.django_db
LANGUAGES = ["kk", "ru", "en"]
PATH = "/national/targets/technical_share/"


def open_page(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(PATH)
    assert response.status_code == 200
    return response.content.decode()


def entries(target):
    return list(
        AuditEntry.objects.filter(object_id=str(target.pk), model__iendswith="kpitarget")
        .order_by("id")
        .values("action", "changes")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_a_target_unchanged_changes_nothing(world, users, client_for, language):
    target = KpiTarget.objects.get(key="technical_share")
    before, history = snapshot(target), entries(target)
    client = client_for(users["ministry_admin"])
    form = form_submission(open_page(client, language), containing="source")
    response = client.post(PATH, form.data())
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert snapshot(target) == before
    assert entries(target) == history


@pytest.mark.parametrize("language", LANGUAGES)
def test_changing_the_source_changes_it_only(world, users, client_for, language):
    target = KpiTarget.objects.get(key="technical_share")
    before = snapshot(target)
    client = client_for(users["ministry_admin"])
    form = form_submission(open_page(client, language), containing="source")
    form.set("source", "Order of the Minister, 2026")
    assert client.post(PATH, form.data()).status_code == 302
    target.refresh_from_db()
    after = snapshot(target)
    assert after["source"] == "Order of the Minister, 2026"
    assert {k: v for k, v in after.items() if k not in ("source", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("source", "updated_at")
    }
    assert entries(target)[-1]["changes"].keys() <= {"source", "updated_at"}
