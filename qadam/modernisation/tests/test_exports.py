"""Each list exports what its page shows the user."""

from decimal import Decimal

import pytest

from qadam.common.exports import table_build

pytestmark = pytest.mark.django_db


def _rows(name, user):
    _exporter, table = table_build(name=name, user=user, params={})
    return [list(row) for row in table.rows]


def test_the_projects_export_carries_each_projects_money(programme, users):
    rows = _rows("modernisation.projects", users["ministry_admin"])
    assert len(rows) == 2
    by_money = sorted(row[5:] for row in rows)
    assert by_money == [
        [Decimal(2_000_000), Decimal(0), 1],  # college B
        [Decimal(9_000_000), Decimal(6_000_000), 1],  # college A
    ]
    assert len(_rows("modernisation.projects", users["college_admin_b"])) == 1


def test_the_other_lists_export_within_the_users_sight(programme, users):
    assert len(_rows("modernisation.lines", users["enterprise_hr"])) == 1
    assert len(_rows("modernisation.overdue", users["college_admin_a"])) == 1
    assert len(_rows("modernisation.investments", users["analyst"])) == 1
    assert _rows("modernisation.investments", users["student"]) == []
