"""Each role reads only its own educators; analysts get shares with small counts masked."""

from datetime import date, timedelta

import pytest

from qadam.educators import selectors
from qadam.educators.filters import EducatorListFilters, ShareFilters
from qadam.educators.models import Upskilling
from qadam.registry.tests.factories import EducatorFactory

from .conftest import TODAY


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("ministry_admin", {"a", "b"}),
        ("college_admin_a", {"a"}),
        ("college_admin_b", {"b"}),
        ("university_admin", set()),
        ("analyst", set()),
        ("enterprise_hr", set()),
        ("student", set()),
        ("guidance_organiser", set()),
    ],
)
def test_each_role_reads_only_its_own_educators(setting, world, users, role, sees):
    expected = {
        *(e.pk for e in world.educators_a if "a" in sees),
        *(e.pk for e in world.educators_b if "b" in sees),
    }
    found = {e.pk for e in selectors.educator_list(user=users[role], today=TODAY)}
    assert found == expected
    overdue = {e.pk for e in selectors.overdue_educators(user=users[role], today=TODAY)}
    assert overdue == expected - {setting.upskilled.pk}


def test_the_list_filters_by_standing_against_the_period(setting, users):
    ministry = users["ministry_admin"]
    current = selectors.educator_list(
        user=ministry, filters=EducatorListFilters(status="current"), today=TODAY
    )
    assert [e.pk for e in current] == [setting.upskilled.pk]
    assert current[0].last_upskilled_on == setting.course.completed_on
    overdue = selectors.educator_list(
        user=ministry, filters=EducatorListFilters(status="overdue"), today=TODAY
    )
    assert setting.upskilled.pk not in {e.pk for e in overdue}
    # three years on, the same course no longer counts
    later = TODAY + timedelta(days=3 * 365)
    assert not selectors.educator_list(
        user=ministry, filters=EducatorListFilters(status="current"), today=later
    ).exists()


def test_the_period_is_a_setting(setting, users, settings):
    settings.QADAM_UPSKILLING_PERIOD_YEARS = 1
    ministry = users["ministry_admin"]
    # its course ended a year before TODAY: within the year on TODAY, overdue the day after
    assert setting.upskilled.pk not in {
        e.pk for e in selectors.overdue_educators(user=ministry, today=TODAY)
    }
    next_day = TODAY + timedelta(days=1)
    overdue = selectors.overdue_educators(user=ministry, today=next_day)
    assert setting.upskilled.pk in {e.pk for e in overdue}


def _upskill(educators):
    for educator in educators:
        Upskilling.objects.create(
            educator=educator, kind="course", title="t", provider="p", form="online",
            hours=36, started_on=date(2026, 1, 1), completed_on=date(2026, 1, 10),
        )  # fmt: skip


def test_shares_by_region_are_exact_for_the_ministry_and_masked_for_analysts(world, users):
    many = EducatorFactory.create_batch(8, institution=world.college_a)
    _upskill(many[:6])
    by_region = ShareFilters(by="region")
    ministry = {
        row.key: row
        for row in selectors.upskilling_shares(
            user=users["ministry_admin"], filters=by_region, today=TODAY
        )
    }
    alpha, beta = ministry[world.region_a.pk], ministry[world.region_b.pk]
    assert (alpha.educators, alpha.upskilled, alpha.share) == (10, 6, 60.0)
    assert (beta.educators, beta.upskilled, beta.share) == (2, 0, 0.0)
    analyst = {
        row.key: row
        for row in selectors.upskilling_shares(
            user=users["analyst"], filters=by_region, today=TODAY
        )
    }
    alpha, beta = analyst[world.region_a.pk], analyst[world.region_b.pk]
    assert (alpha.educators, alpha.upskilled, alpha.share) == (10, 6, 60.0)
    assert (beta.educators, beta.upskilled, beta.share) == ("<5", 0, None)


def test_shares_by_college_and_by_sector(world, users):
    _upskill(world.educators_b[:1])
    rows = selectors.upskilling_shares(
        user=users["ministry_admin"], filters=ShareFilters(by="institution"), today=TODAY
    )
    assert {row.key: row.share for row in rows} == {
        world.college_a.pk: 0.0,
        world.college_b.pk: 50.0,
    }
    [sector] = selectors.upskilling_shares(
        user=users["ministry_admin"], filters=ShareFilters(by="sector"), today=TODAY
    )
    assert (sector.educators, sector.upskilled) == (4, 1)


def test_an_institution_reads_no_national_shares_and_the_headline_masks_for_analysts(
    setting, users
):
    total = selectors.upskilling_total(user=users["analyst"], today=TODAY)
    assert (total.educators, total.upskilled, total.share) == ("<5", "<5", None)
    own = selectors.upskilling_total(user=users["college_admin_a"], today=TODAY)
    assert (own.educators, own.upskilled, own.share) == (2, 1, 50.0)


def test_the_national_share_for_qadam_stats(setting):
    assert selectors.upskilled_share(TODAY) == 0.25
    assert selectors.statistics() == {"educators_upskilled_3y_share": 0.25}
