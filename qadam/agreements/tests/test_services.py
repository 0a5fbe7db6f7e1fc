"""The register's services and selectors: creating agreements with their parties, the
lifecycle, edits, parties, PDF documents, who may write (403) and see (404), the filters
and the figures. The agreements are those of `partnerships` (see conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qadam.agreements import policies, selectors, services
from qadam.agreements.filters import AgreementFilters
from qadam.agreements.models import Agreement, Document, Obligation, Party
from qadam.agreements.services import MAX_DOCUMENT_BYTES, PartyData
from qadam.common.errors import ApplicationError
from qadam.common.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="signed.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def create(actor, number="N-100", parties=(), **fields):
    return services.agreement_create(
        actor=actor,
        number=number,
        kind=fields.pop("kind", "memorandum"),
        title=fields.pop("title", "Cooperation in welding"),
        parties=list(parties),
        **fields,
    )


def institution(inst, role="partner"):
    return PartyData(kind="institution", role=role, institution_id=inst.pk)


def enterprise(ent, role="partner"):
    return PartyData(kind="enterprise", role=role, enterprise_id=ent.pk)


def errors_of(excinfo):
    return excinfo.value.message_dict


# --------------------------------------------------------------------------- create


def test_the_ministry_registers_a_draft_with_its_parties(world, users):
    foreign = PartyData(
        kind="foreign_institution", role="partner", name="Harbin Polytechnic", country="cn"
    )
    agreement = create(
        users["ministry_admin"],
        number="  MIN-1 ",
        parties=[institution(world.college_a), enterprise(world.enterprise), foreign],
        signed_on=date(2026, 5, 1),
    )
    assert (agreement.number, agreement.status) == ("MIN-1", "draft")
    assert agreement.created_by == users["ministry_admin"]
    parties = list(agreement.parties.order_by("id"))
    assert [p.country for p in parties] == ["KZ", "KZ", "CN"]
    assert str(parties[2]) == "Harbin Polytechnic"
    entry = AuditEntry.objects.get(model="agreements.Agreement", object_id=str(agreement.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["number"] == [None, "MIN-1"]
    assert AuditEntry.objects.filter(model="agreements.Party").count() == 3


def test_an_institution_party_takes_its_institutions_country(world, users, partnerships):
    agreement = create(
        users["university_admin"],
        parties=[
            institution(world.university),
            PartyData(
                kind="foreign_institution",
                role="host",
                institution_id=partnerships.russian_university.pk,
            ),
        ],
    )
    assert sorted(agreement.parties.values_list("country", flat=True)) == ["KZ", "RU"]


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("college_admin_a", "Your institution must be one of the parties."),
        ("enterprise_hr", "Your enterprise must be one of the parties."),
    ],
)
def test_the_creators_own_organisation_must_be_a_party(world, users, role, message):
    with pytest.raises(ValidationError) as excinfo:
        create(users[role], parties=[institution(world.college_b)])
    assert errors_of(excinfo) == {"parties": [message]}
    assert not Agreement.objects.exists()


def test_an_institution_or_enterprise_registers_with_itself_as_a_party(world, users):
    a = create(users["college_admin_a"], "A-1", [institution(world.college_a, "beneficiary")])
    b = create(users["enterprise_hr"], "B-1", [enterprise(world.enterprise, "patron")])
    assert [a.status, b.status] == ["draft", "draft"]


def test_a_branch_speaks_for_its_university(world, users):
    agreement = create(users["university_admin"], parties=[institution(world.branch)])
    assert agreement.parties.get().institution == world.branch


@pytest.mark.parametrize("role", ["analyst", "student", "guidance_organiser"])
def test_read_only_roles_may_not_register(world, users, role):
    with pytest.raises(PermissionDenied):
        create(users[role], parties=[institution(world.college_a)])


def test_a_number_is_unique_and_the_error_names_the_field(world, users, partnerships):
    with pytest.raises(ValidationError) as excinfo:
        create(users["ministry_admin"], number="P-001", parties=[institution(world.college_a)])
    assert list(errors_of(excinfo)) == ["number"]
    assert "P-001" in errors_of(excinfo)["number"][0]
    assert Agreement.objects.count() == 3


def test_an_agreement_needs_a_party(world, users):
    with pytest.raises(ValidationError) as excinfo:
        create(users["ministry_admin"])
    assert list(errors_of(excinfo)) == ["parties"]


@pytest.mark.parametrize(
    ("party", "fragment"),
    [
        (PartyData(kind="institution", role="partner"), "institution: An institution party"),
        (PartyData(kind="enterprise", role="patron"), "enterprise: An enterprise party"),
        (PartyData(kind="ministry", role="funder"), "name: A ministry or state body"),
        (PartyData(kind="foreign_institution", role="partner", name="X"), "country: Give"),
        (
            PartyData(kind="ministry", role="funder", name="MES", country="Kazakhstan"),
            "country: Give the country as two letters",
        ),
        (PartyData(kind="enterprise", role="patron", enterprise_id=999_999), "No such enterprise"),
        (PartyData(kind="ministry", role="boss", name="MES"), "role:"),
    ],
)
def test_a_bad_party_is_named_by_its_row_and_field(world, users, party, fragment):
    with pytest.raises(ValidationError) as excinfo:
        create(users["ministry_admin"], parties=[institution(world.college_a), party])
    (message,) = errors_of(excinfo)["parties"]
    assert message.startswith("party 2: ")
    assert fragment in message
    assert not Agreement.objects.exists()  # nothing half-written


def test_an_agreement_cannot_end_before_it_starts(world, users):
    with pytest.raises(ValidationError) as excinfo:
        create(
            users["ministry_admin"],
            parties=[institution(world.college_a)],
            starts_on=date(2027, 1, 1),
            ends_on=date(2026, 1, 1),
        )
    assert list(errors_of(excinfo)) == ["ends_on"]


# --------------------------------------------------------------------------- lifecycle


def transition(user, agreement, to, **extra):
    return services.agreement_transition(actor=user, agreement=agreement, to=to, **extra)


def test_a_draft_is_signed_then_comes_into_force_then_expires(world, users):
    ministry = users["ministry_admin"]
    agreement = create(ministry, parties=[institution(world.college_a)])
    agreement = transition(ministry, agreement, "signed", on=date(2026, 3, 1))
    assert (agreement.status, agreement.signed_on) == ("signed", date(2026, 3, 1))
    agreement = transition(ministry, agreement, "active", on=date(2026, 4, 1))
    assert (agreement.status, agreement.starts_on) == ("active", date(2026, 4, 1))
    agreement = transition(ministry, agreement, "expired", on=date(2026, 11, 1))
    assert (agreement.status, agreement.ends_on) == ("expired", date(2026, 11, 1))
    statuses = [
        e.changes["status"]
        for e in AuditEntry.objects.filter(model="agreements.Agreement", action="update").order_by(
            "id"
        )
    ]
    assert statuses == [["draft", "signed"], ["signed", "active"], ["active", "expired"]]
    timeline = selectors.agreement_timeline(agreement=agreement)
    assert [step["status"] for step in timeline] == ["draft", "signed", "active", "expired"]


@pytest.mark.parametrize(
    ("number", "status", "target", "message"),
    [
        ("DD-001", "expired", "active", "An expired agreement cannot become active."),
        ("M-001", "terminated", "signed", "A terminated agreement cannot become signed."),
        ("M-001", "draft", "active", "A draft agreement cannot become active."),
        ("P-001", "active", "draft", "An active agreement cannot become draft."),
        ("M-001", "signed", "signed", "The agreement is already signed."),
    ],
)
def test_a_refused_transition_says_why(partnerships, users, number, status, target, message):
    Agreement.objects.filter(number=number).update(status=status)
    agreement = Agreement.objects.get(number=number)
    with pytest.raises(ApplicationError) as excinfo:
        transition(users["ministry_admin"], agreement, target, reason="r")
    assert excinfo.value.message == message
    agreement.refresh_from_db()
    assert agreement.status == status


def test_an_unknown_status_is_refused(partnerships, users):
    with pytest.raises(ValidationError) as excinfo:
        transition(users["ministry_admin"], partnerships.memorandum, "paused")
    assert list(errors_of(excinfo)) == ["to"]


@pytest.mark.parametrize("number", ["P-001", "M-001"])
def test_termination_needs_a_reason(partnerships, users, number):
    agreement = Agreement.objects.get(number=number)
    with pytest.raises(ValidationError) as excinfo:
        transition(users["ministry_admin"], agreement, "terminated", reason="   ")
    assert list(errors_of(excinfo)) == ["reason"]
    agreement = transition(
        users["enterprise_hr"], agreement, "terminated", reason="The company closed its plant"
    )
    assert agreement.status == "terminated"
    assert agreement.termination_reason == "The company closed its plant"
    timeline = selectors.agreement_timeline(agreement=agreement)
    assert timeline[-1]["reason"] == "The company closed its plant"


def test_an_agreement_still_running_is_terminated_not_expired(partnerships, users):
    with pytest.raises(ApplicationError, match="runs until 2027-12-31"):
        transition(users["ministry_admin"], partnerships.patronage, "expired")
    ended = transition(users["ministry_admin"], partnerships.double_diploma, "expired")
    assert ended.status == "expired" and ended.ends_on is not None


@pytest.mark.parametrize(
    ("role", "error"),
    [
        ("analyst", PermissionDenied),
        ("college_admin_b", Agreement.DoesNotExist),
        ("university_admin", Agreement.DoesNotExist),
        ("student", Agreement.DoesNotExist),
    ],
)
def test_who_may_not_move_the_patronage(partnerships, users, role, error):
    with pytest.raises(error):
        transition(users[role], partnerships.patronage, "terminated", reason="x")
    partnerships.patronage.refresh_from_db()
    assert partnerships.patronage.status == "active"


def test_a_beneficiary_that_is_no_party_reads_but_may_not_write(partnerships, users, world):
    Obligation.objects.create(
        agreement=partnerships.double_diploma,
        kind="seats",
        beneficiary=world.college_b,
        target=Decimal(5),
        due_on=date(2027, 9, 1),
    )
    college_b = users["college_admin_b"]
    agreement = selectors.agreement_get(user=college_b, agreement_id=partnerships.double_diploma.pk)
    assert not policies.may_write_agreement(college_b, agreement)
    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=college_b, agreement=agreement, description="ours")


# --------------------------------------------------------------------------- update


def test_a_signed_agreement_changes_freely_and_is_audited(partnerships, users):
    updated = services.agreement_update(
        actor=users["college_admin_b"],
        agreement=partnerships.memorandum,
        number="M-001/2",
        title="  Memorandum on welding  ",
    )
    assert (updated.number, updated.title) == ("M-001/2", "Memorandum on welding")
    entry = AuditEntry.objects.filter(model="agreements.Agreement").latest("id")
    assert entry.changes == {
        "number": ["M-001", "M-001/2"],
        "title": ["memorandum M-001", "Memorandum on welding"],
    }


def test_an_active_agreement_keeps_its_number_but_may_be_prolonged(partnerships, users):
    ministry = users["ministry_admin"]
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_update(
            actor=ministry, agreement=partnerships.patronage, number="P-002", kind="memorandum"
        )
    assert sorted(errors_of(excinfo)) == ["kind", "number"]
    prolonged = services.agreement_update(
        actor=ministry,
        agreement=partnerships.patronage,
        number="P-001",  # unchanged: not an edit
        ends_on=date(2028, 12, 31),
    )
    assert prolonged.ends_on == date(2028, 12, 31)


def test_an_update_refuses_a_taken_number_and_unknown_fields(partnerships, users):
    ministry = users["ministry_admin"]
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_update(actor=ministry, agreement=partnerships.memorandum, number="P-001")
    assert list(errors_of(excinfo)) == ["number"]
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_update(actor=ministry, agreement=partnerships.memorandum, status="x")
    assert list(errors_of(excinfo)) == ["status"]


# --------------------------------------------------------------------------- parties


def test_parties_are_added_and_removed_while_signed(partnerships, users, world):
    college_b = users["college_admin_b"]
    memorandum = partnerships.memorandum
    party = services.party_add(
        actor=college_b, agreement=memorandum, data=institution(world.college_a)
    )
    assert memorandum.parties.count() == 3
    with pytest.raises(ValidationError, match="already a party"):
        services.party_add(actor=college_b, agreement=memorandum, data=institution(world.college_a))
    services.party_remove(actor=college_b, party=party)
    assert not Party.objects.filter(pk=party.pk).exists()
    assert AuditEntry.objects.filter(
        model="agreements.Party", object_id=str(party.pk), action=AuditEntry.Action.DELETE
    ).exists()


def test_a_party_stays_when_removing_it_would_break_a_rule(partnerships, users, world):
    memorandum = partnerships.memorandum
    own = memorandum.parties.get(institution=world.college_b)
    with pytest.raises(ApplicationError, match="your own organisation"):
        services.party_remove(actor=users["college_admin_b"], party=own)
    company = memorandum.parties.get(enterprise=world.enterprise)
    Obligation.objects.create(
        agreement=memorandum, kind="mentors", party=company, target=2, due_on=date(2027, 1, 1)
    )
    with pytest.raises(ApplicationError, match="has obligations"):
        services.party_remove(actor=users["ministry_admin"], party=company)
    with pytest.raises(ApplicationError, match="draft or signed"):
        services.party_add(
            actor=users["ministry_admin"],
            agreement=partnerships.patronage,
            data=institution(world.college_b),
        )


# --------------------------------------------------------------------------- documents


def test_a_small_pdf_is_stored_and_audited(partnerships, users):
    document = services.document_upload(
        actor=users["college_admin_a"], agreement=partnerships.patronage, file=pdf()
    )
    assert (document.title, document.size) == ("signed", len(PDF))
    assert document.file.name.startswith("agreements/") and document.file.name.endswith(".pdf")
    with document.file.open("rb") as handle:
        assert handle.read() == PDF
    assert AuditEntry.objects.filter(model="agreements.Document").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100), "not a PDF"),
        (pdf("notes.txt", PDF), "Upload a PDF file"),
        (pdf("huge.pdf", PDF + b"0" * MAX_DOCUMENT_BYTES), "the limit is 10 MB"),
        (pdf("empty.pdf", b""), "not a PDF"),
    ],
)
def test_what_is_not_a_small_pdf_is_refused(partnerships, users, upload, message):
    with pytest.raises(ValidationError) as excinfo:
        services.document_upload(
            actor=users["ministry_admin"], agreement=partnerships.patronage, file=upload
        )
    assert list(errors_of(excinfo)) == ["file"]
    assert message in errors_of(excinfo)["file"][0]
    assert not Document.objects.exists()


def test_only_a_party_or_the_ministry_uploads(partnerships, users):
    with pytest.raises(PermissionDenied):
        services.document_upload(
            actor=users["analyst"], agreement=partnerships.patronage, file=pdf()
        )
    with pytest.raises(Agreement.DoesNotExist):
        services.document_upload(
            actor=users["college_admin_b"], agreement=partnerships.patronage, file=pdf()
        )


# --------------------------------------------------------------------------- selectors


def numbers(user, **filters):
    agreements = selectors.agreement_list(user=user, filters=AgreementFilters(**filters))
    return sorted(a.number for a in agreements)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["DD-001", "M-001", "P-001"]),
        ({"kind": "patronage"}, ["P-001"]),
        ({"status": "signed"}, ["M-001"]),
        ({"country": "RU"}, ["DD-001"]),
        ({"q": "dd-"}, ["DD-001"]),
        ({"q": "memorandum"}, ["M-001"]),
    ],
)
def test_each_register_filter(partnerships, users, filters, expected):
    assert numbers(users["ministry_admin"], **filters) == expected


def test_region_and_partner_filters(partnerships, users, world):
    ministry = users["ministry_admin"]
    assert numbers(ministry, region=world.region_b.pk) == ["M-001"]
    assert numbers(ministry, region=world.region_a.pk) == ["DD-001", "M-001", "P-001"]
    assert numbers(ministry, enterprise=world.enterprise.pk) == ["M-001", "P-001"]
    assert numbers(ministry, institution=world.college_a.pk) == ["P-001"]
    assert numbers(ministry, institution=partnerships.russian_university.pk) == ["DD-001"]
    # filters narrow a user's scope, never widen it
    assert numbers(users["college_admin_a"], enterprise=world.enterprise.pk) == ["P-001"]


def test_malformed_filters_are_dropped():
    filters = AgreementFilters.from_query(
        {"kind": "nonsense", "status": "x", "country": "Russia", "region": "1e3", "q": " a "}
    )
    assert filters == AgreementFilters(q="a")
    assert AgreementFilters.from_query({"country": "ru", "region": "7"}).as_query() == {
        "country": "RU",
        "region": "7",
    }


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("ministry_admin", {"DD-001", "M-001", "P-001"}),
        ("analyst", {"DD-001", "M-001", "P-001"}),
        ("college_admin_a", {"P-001"}),
        ("enterprise_hr", {"M-001", "P-001"}),
        ("student", set()),
    ],
)
def test_detail_and_documents_follow_the_scope(partnerships, users, role, visible):
    ministry = users["ministry_admin"]
    for agreement in Agreement.objects.all():
        document = services.document_upload(actor=ministry, agreement=agreement, file=pdf())
        if agreement.number in visible:
            assert selectors.agreement_get(user=users[role], agreement_id=agreement.pk)
            assert selectors.document_get(user=users[role], document_id=document.pk)
        else:
            with pytest.raises(Agreement.DoesNotExist):
                selectors.agreement_get(user=users[role], agreement_id=agreement.pk)
            with pytest.raises(Document.DoesNotExist):
                selectors.document_get(user=users[role], document_id=document.pk)


def test_counts_and_figures(partnerships, users):
    ministry = users["ministry_admin"]
    counts = selectors.agreement_counts(user=ministry)
    assert counts["total"] == 3
    assert {row["status"]: row["count"] for row in counts["by_status"]}["active"] == 2
    figures = selectors.agreement_figures(user=ministry)
    assert (figures["total"], figures["active"]) == (3, 2)
    assert figures["by_country"] == [
        {"country": "KZ", "agreements": 3, "active": 2},
        {"country": "RU", "agreements": 1, "active": 1},
    ]
    kinds = {row["kind"]: (row["agreements"], row["active"]) for row in figures["by_kind"]}
    assert kinds == {"patronage": (1, 1), "memorandum": (1, 0), "double_diploma": (1, 1)}
    college_a = selectors.agreement_figures(user=users["college_admin_a"])
    assert college_a["total"] == 1
    partners = selectors.partner_choices(user=users["college_admin_a"])
    assert [pk for pk, _name in partners["enterprises"]] == [partnerships.patronage.parties.get(
        role="patron").enterprise_id]  # fmt: skip
