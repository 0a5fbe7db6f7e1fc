"""A round's counts of applicants and applications: read from the match's summary once the
round is matched, and the same figures the applications themselves give."""

from django.db.models import Count

from qadam.placements import selectors
from qadam.placements.models import Application


def test_a_published_rounds_counts_are_the_applications_and_cost_no_count_of_them(
    users, published, django_assert_num_queries
):
    placement_round = published.round
    counted = Application.objects.filter(round=placement_round).aggregate(
        applications=Count("id"), applicants=Count("student", distinct=True)
    )
    assert counted == {"applications": 4, "applicants": 3}
    with django_assert_num_queries(1):  # the offers' totals only
        counts = selectors.round_counts(
            user=users["ministry_admin"], placement_round=placement_round
        )
    assert {key: counts[key] for key in counted} == counted


def test_an_open_rounds_counts_follow_the_applications(users, open_round):
    counts = selectors.round_counts(user=users["ministry_admin"], placement_round=open_round.round)
    assert (counts["applications"], counts["applicants"]) == (0, 0)
