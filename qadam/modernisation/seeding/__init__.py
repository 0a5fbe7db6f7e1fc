"""The national dataset's modernisation (`qadam seed`, after the partnerships).

What it adds: 285 colleges in the modernisation programme (the Minister: "more than 270
state colleges"; the small profile scales it, at least 5), each with two or three workshops
or laboratories, equipment lines paid from the republican and local budgets, the college's
own funds, patrons (lines drawn from the patrons' equipment obligations to that college:
each delivery already recorded on the obligation is a delivered line of the same tenge, what
is left of the obligation one line still to come) and PPP investors, and four milestones
(about one in eight of those past due is overdue on the register's day). Seed 002's
partners (POCR, ERG, Nephtechim, Prommashkomplekt, KAZ Minerals Bozshakol) are the
registry's Pavlodar enterprises renamed (the enterprise count stays the published one) and
invest in the Pavlodar region's university under public-private investment agreements. Amounts and
shares are labelled assumptions (ASSUMPTIONS below), not published figures.
"""

from qadam.modernisation.seeding.programme import MODERNISATION_MODELS, seed_modernisation

__all__ = ["MODERNISATION_MODELS", "seed_modernisation"]
