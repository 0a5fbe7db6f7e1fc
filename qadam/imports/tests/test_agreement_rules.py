"""The agreements' services' rules hold for imports too: a refused row names its row, column
and value, says what is wrong, and nothing at all is written."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from qadam.agreements.models import Agreement, Obligation, Party
from qadam.common.models import AuditEntry
from qadam.imports.pipeline import Outcome, Status
from qadam.imports.tests.conftest import (
    AGREEMENT_HEADER,
    OBLIGATION_HEADER,
    agreement_rows,
    run,
)

pytestmark = pytest.mark.django_db

WITH_REASON = [*AGREEMENT_HEADER, "termination_reason"]
FROZEN = "This can no longer change: the agreement is {}."
PARTIES_FROZEN = "The parties can change only while the agreement is a draft or signed."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def registered(world, write):
    """П-2026/1 (signed) and М-2026/2 (a draft), as in conftest's agreement_rows."""
    outcome = run("agreements", write(AGREEMENT_HEADER, agreement_rows(world)))
    assert outcome.status == Status.COMMITTED, outcome.errors
    return world


def register():
    """Everything an import of agreements or obligations may write."""
    return (
        list(Agreement.objects.order_by("pk").values()),
        list(Party.objects.order_by("pk").values()),
        list(Obligation.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def refused(kind, path, *, commit=True):
    """Import `path`: refused, with the register as it was. The errors by (row, column):
    (value, message)."""
    before = register()
    outcome = run(kind, path, commit=commit)
    assert outcome.status == Status.INVALID, outcome.messages
    assert register() == before
    return problems(outcome)


def problems(outcome: Outcome):
    return {(row, column): (value, message) for row, column, value, message in outcome.errors}


def committed(kind, path):
    outcome = run(kind, path)
    assert outcome.status == Status.COMMITTED, outcome.errors or outcome.messages
    return outcome


def set_status(number, status, **fields):
    Agreement.objects.filter(number=number).update(status=status, **fields)


# --- agreements: the lifecycle -------------------------------------------------------------


def test_a_termination_needs_its_reason(registered, write):
    rows = [[*row, ""] for row in agreement_rows(registered)]
    rows[0][3] = "terminated"  # signed -> terminated, no reason
    rows.append(
        ["Н-3", "memorandum", "Сразу расторгнут", "terminated", "", "", "", "", "X|ministry", ""]
    )
    path = write(WITH_REASON, rows)
    errors = refused("agreements", path)
    assert errors == {
        (2, "termination_reason"): ("", "Give the reason for the termination."),
        (4, "termination_reason"): ("", "Give the reason for the termination."),
    }
    assert [error.line() for error in run("agreements", path).error_rows()] == [
        "row 2, termination_reason: Give the reason for the termination.",
        "row 4, termination_reason: Give the reason for the termination.",
    ]

    rows[0][-1] = "Предприятие ликвидировано"
    rows[2][-1] = "Ошибочная регистрация"
    committed("agreements", write(WITH_REASON, rows))
    terminated = Agreement.objects.get(number="П-2026/1")
    assert (terminated.status, terminated.termination_reason) == (
        "terminated",
        "Предприятие ликвидировано",
    )


def test_a_termination_without_the_reason_column_names_it(registered, write):
    rows = agreement_rows(registered)
    rows[0][3] = "terminated"
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {
        (2, "Reason for termination"): ("", "Give the reason for the termination."),
    }


def test_only_a_terminated_agreement_has_a_reason(registered, write):
    rows = [[*row, ""] for row in agreement_rows(registered)]
    rows[1][-1] = "Передумали"
    errors = refused("agreements", write(WITH_REASON, rows))
    assert errors == {
        (3, "termination_reason"): (
            "Передумали",
            "Only a terminated agreement has a reason for termination.",
        ),
    }


def test_an_agreement_that_still_runs_is_not_expired(registered, write):
    rows = agreement_rows(registered)
    rows[0][3:6] = ["expired", "2026-01-01", "2099-12-31"]  # signed -> expired
    rows.append(["Н-3", "memorandum", "Новое", "expired", "", "2099-06-30", "", "", "X|ministry"])
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {
        (2, "status"): (
            "expired",
            "The agreement runs until 2099-12-31; terminate it to end it early.",
        ),
        (4, "status"): (
            "expired",
            "The agreement runs until 2099-06-30; terminate it to end it early.",
        ),
    }

    rows[0][4:6] = ["2019-01-01", "2020-12-31"]
    rows[2][5] = "2021-06-30"
    committed("agreements", write(AGREEMENT_HEADER, rows))
    assert Agreement.objects.get(number="П-2026/1").status == "expired"


def test_dates_are_judged_with_the_stored_ones(registered, write):
    header = ["number", "kind", "title", "starts_on"]  # ends_on stays 2028-12-31
    rows = [["П-2026/1", "patronage", "Шефство над колледжем", "2029-01-01"]]
    errors = refused("agreements", write(header, rows))
    assert errors == {
        (2, "starts_on"): ("2029-01-01", "An agreement cannot end before it starts."),
    }
    header = ["number", "kind", "title", "ends_on"]
    rows = [["П-2026/1", "patronage", "Шефство над колледжем", "2025-12-31"]]
    errors = refused("agreements", write(header, rows))
    assert errors == {
        (2, "ends_on"): ("2025-12-31", "An agreement cannot end before it starts."),
    }


# --- agreements: what is frozen once in force ----------------------------------------------


def test_an_active_agreement_changes_only_its_title_description_and_end(registered, write):
    set_status("П-2026/1", "active")
    rows = agreement_rows(registered)[:1]
    rows[0][3] = "active"
    rows[0][1:3] = ["memorandum", "Шефство (новое название)"]  # kind frozen, title not
    rows[0][4:6] = ["2026-02-01", "2030-12-31"]  # start frozen, end not
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {
        (2, "kind"): ("memorandum", FROZEN.format("active")),
        (2, "starts_on"): ("2026-02-01", FROZEN.format("active")),
    }

    rows[0][1] = "patronage"
    rows[0][4] = "2026-01-01"
    outcome = committed("agreements", write(AGREEMENT_HEADER, rows))
    assert outcome.updated == 1
    agreement = Agreement.objects.get(number="П-2026/1")
    assert (agreement.title, str(agreement.ends_on)) == ("Шефство (новое название)", "2030-12-31")


def test_an_expired_or_terminated_agreement_changes_only_its_description(registered, write):
    set_status("П-2026/1", "expired", ends_on="2026-06-30")
    set_status("М-2026/2", "terminated", termination_reason="Колледж закрыт")
    header = ["number", "kind", "title", "ends_on", "description", "termination_reason"]
    rows = [
        ["П-2026/1", "patronage", "Новое название", "2027-06-30", "Итоги", ""],
        ["М-2026/2", "memorandum", "Меморандум", "", "", "Другая причина"],
    ]
    errors = refused("agreements", write(header, rows))
    assert errors == {
        (2, "title"): ("Новое название", FROZEN.format("expired")),
        (2, "ends_on"): ("2027-06-30", FROZEN.format("expired")),
        (3, "termination_reason"): ("Другая причина", FROZEN.format("terminated")),
    }

    rows = [
        ["П-2026/1", "patronage", "Шефство над колледжем", "2026-06-30", "Итоги", ""],
        ["М-2026/2", "memorandum", "Меморандум", "", "Причина в приказе", "Колледж закрыт"],
    ]
    assert committed("agreements", write(header, rows)).updated == 2


def test_an_active_agreements_parties_do_not_change(registered, write):
    set_status("П-2026/1", "active")
    rows = agreement_rows(registered)[:1]
    rows[0][3] = "active"
    rows[0][6] = f"{registered.college_b.code}|beneficiary"
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {(2, "party_institutions"): (rows[0][6], PARTIES_FROZEN)}

    # a signed agreement's parties change as it enters into force (changed, then activated)
    set_status("П-2026/1", "signed")
    committed("agreements", write(AGREEMENT_HEADER, rows))
    assert Party.objects.filter(agreement__number="П-2026/1", institution=registered.college_b)


# --- agreements: the parties ---------------------------------------------------------------


def test_an_organisation_is_a_party_once_whatever_its_role(world, write):
    college, bin_ = world.college_a.code, world.enterprise.bin
    rows = [
        [
            "Н-1",
            "memorandum",
            "Один",
            "",
            "",
            "",
            f"{college}|partner; {college}|beneficiary",
            "",
            "",
        ],
        ["Н-2", "patronage", "Два", "", "", "", "", f"{bin_}|patron; {bin_}|funder", ""],
    ]
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {
        (2, "party_institutions"): (
            rows[0][6],
            f"party 2 ({college}|beneficiary): This organisation is already a party.",
        ),
        (3, "party_enterprises"): (
            rows[1][7],
            f"party 2 ({bin_}|funder): This organisation is already a party.",
        ),
    }


def test_a_foreign_party_needs_its_country(world, write):
    rows = [
        [
            "Н-1",
            "international",
            "Один",
            "",
            "",
            "",
            "",
            "",
            "Томский университет|foreign_institution",
        ],
        ["Н-2", "international", "Два", "", "", "", "", "", "ТПУ|foreign_institution||partner"],
        ["Н-3", "international", "Три", "", "", "", "", "", "ТГУ|foreign_institution|RU|partner"],
    ]
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {
        (2, "party_others"): (
            rows[0][8],
            "party 1 (Томский университет|foreign_institution): Give the foreign party's country.",
        ),
        (3, "party_others"): (
            rows[1][8],
            "party 1 (ТПУ|foreign_institution||partner): Give the foreign party's country.",
        ),
    }
    committed("agreements", write(AGREEMENT_HEADER, rows[2:]))
    assert Party.objects.get(agreement__number="Н-3").country == "RU"


def test_a_party_that_promised_obligations_stays(registered, write):
    bin_ = registered.enterprise.bin
    obligations = [["П-2026/1", "jobs", "", "2027-01-01", 5, bin_, ""]]
    committed("obligations", write(OBLIGATION_HEADER, obligations))
    rows = agreement_rows(registered)[:1]
    message = (
        f"{bin_} has obligations under this agreement, so it stays a party with its role; "
        "remove them first."
    )
    rows[0][7] = ""  # removed
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {(2, "party_enterprises"): ("", message)}
    rows[0][7] = f"{bin_}|funder"  # a new role replaces the party
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {(2, "party_enterprises"): (rows[0][7], message)}
    assert Obligation.objects.get().party.enterprise == registered.enterprise


def test_a_beneficiary_stays_a_party(registered, write):
    college_b = registered.college_b
    obligations = [["М-2026/2", "mentors", college_b.code, "2027-01-01", 3, "", ""]]
    committed("obligations", write(OBLIGATION_HEADER, obligations))
    rows = agreement_rows(registered)[1:]
    rows[0][6] = registered.college_a.code
    errors = refused("agreements", write(AGREEMENT_HEADER, rows))
    assert errors == {
        (2, "party_institutions"): (
            registered.college_a.code,
            f"{college_b.code} is the beneficiary of obligations under this agreement, so it "
            "stays a party; remove them first.",
        ),
    }
    # another role keeps it a party: its obligations promised jointly stay as they are
    rows[0][6] = f"{registered.college_a.code}; {college_b.code}|coordinator"
    committed("agreements", write(AGREEMENT_HEADER, rows))
    assert Obligation.objects.get().beneficiary == college_b


# --- obligations ---------------------------------------------------------------------------


def test_places_mentors_seats_and_jobs_are_whole_numbers(registered, write):
    college = registered.college_a.code
    rows = [
        ["П-2026/1", "internship_places", college, "2027-01-01", "2.5", "", ""],
        ["П-2026/1", "mentors", college, "2027-01-01", "1,5", "", ""],
        ["П-2026/1", "seats", college, "2027-01-01", "10.01", "", ""],
        ["П-2026/1", "jobs", college, "2027-01-01", "3.00", "", ""],
        ["П-2026/1", "funding", college, "2027-01-01", "1500000.50", "", ""],
        ["П-2026/1", "equipment", college, "2027-01-01", "0.01", "", ""],
    ]
    errors = refused("obligations", write(OBLIGATION_HEADER, rows))
    assert errors == {
        (2, "target"): ("2.5", "Internship places are counted in whole numbers."),
        (3, "target"): ("1,5", "Mentors are counted in whole numbers."),
        (4, "target"): ("10.01", "State-funded or targeted seats are counted in whole numbers."),
    }
    committed("obligations", write(OBLIGATION_HEADER, rows[3:]))
    assert Obligation.objects.get(kind="funding").target == Decimal("1500000.50")


def test_the_beneficiary_is_an_institution_party_to_the_agreement(registered, write):
    university = registered.university.code
    rows = [
        ["П-2026/1", "jobs", registered.college_b.code, "2027-01-01", 5, "", ""],
        ["М-2026/2", "mentors", university, "2027-01-01", 2, "", ""],
        ["М-2026/2", "mentors", registered.college_b.code, "2027-01-01", 2, "", ""],
    ]
    message = "The beneficiary must be an institution that is a party to this agreement."
    for commit in (False, True):  # the check finds it, and so does the write
        errors = refused("obligations", write(OBLIGATION_HEADER, rows), commit=commit)
        assert errors == {
            (2, "beneficiary_code"): (registered.college_b.code, message),
            (3, "beneficiary_code"): (university, message),
        }

    # the agreements file makes the university a party; the obligations file then passes
    agreements = agreement_rows(registered)
    agreements[1][6] += f"; {university}|partner"
    committed("agreements", write(AGREEMENT_HEADER, agreements))
    committed("obligations", write(OBLIGATION_HEADER, rows[1:]))
    assert Obligation.objects.filter(beneficiary=registered.university).count() == 1


def test_a_closed_agreements_obligations_no_longer_change(registered, write):
    college = registered.college_a.code
    rows = [["П-2026/1", "jobs", college, "2027-01-01", 5, "", ""]]
    committed("obligations", write(OBLIGATION_HEADER, rows))
    for status in ("expired", "terminated"):
        set_status("П-2026/1", status)
        again = committed("obligations", write(OBLIGATION_HEADER, rows))  # as it is: no change
        assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
        changed = [
            [*rows[0][:4], 6, "", ""],
            ["П-2026/1", "mentors", college, "2027-01-01", 1, "", ""],
        ]
        errors = refused("obligations", write(OBLIGATION_HEADER, changed))
        message = f"The agreement is {status}; its obligations can no longer be changed."
        assert errors == {
            (2, "agreement_number"): ("П-2026/1", message),
            (3, "agreement_number"): ("П-2026/1", message),
        }
    assert Obligation.objects.get().target == 5


# --- in bulk -------------------------------------------------------------------------------


def queries(kind, path):
    with CaptureQueriesContext(connection) as captured:
        outcome = run(kind, path, commit=False)
    assert outcome.status == Status.VALID, outcome.errors
    return len(captured)


def test_the_rules_read_in_bulk_whatever_the_number_of_rows(world, write):
    college, bin_ = world.college_a.code, world.enterprise.bin
    parties = [f"{college}|beneficiary", f"{bin_}|patron", "Минпрос|ministry|KZ|funder"]

    def agreements(count):
        return [
            [f"A-{n}", "patronage", "Шефство", "signed", "", "", *parties] for n in range(count)
        ]

    def obligations(count):
        return [[f"A-{n}", "jobs", college, "2027-01-01", 5, bin_, ""] for n in range(count)]

    committed("agreements", write(AGREEMENT_HEADER, agreements(30)))
    committed("obligations", write(OBLIGATION_HEADER, obligations(30)))
    changed = [[*row[:3], "active", *row[4:]] for row in agreements(30)]
    few = queries("agreements", write(AGREEMENT_HEADER, changed[:2]))
    assert queries("agreements", write(AGREEMENT_HEADER, changed)) == few
    more = [[*row[:4], 6, *row[5:]] for row in obligations(30)]
    few = queries("obligations", write(OBLIGATION_HEADER, more[:2]))
    assert queries("obligations", write(OBLIGATION_HEADER, more)) == few
