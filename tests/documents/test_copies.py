"""Copies (NĐ30 Điều 25–27): sao y, sao lục, trích sao of a received document in Bắc Kạn, with the
real demo PKI (`pki_init`) and timestamp authority: the copies register's numbers, each form, the
extract's pages, the original left untouched, and the signatures checked by the verifier."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from documents.models import CopyFile, CopyRegister, Document, DocumentAccess, DocumentCopy, DocumentFile
from documents.services.copies.render import page_count
from documents.services.copies.workflow import (
    copy_latest_file,
    copy_print,
    copy_request,
    copy_seal,
    copy_sign,
)
from documents.services.outgoing.issuing import IssueError
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, NotFound, Refused
from qlvb.models import AuditEvent
from signatures.pdf.verify import verify_pdf
from signatures.selectors.certificates import trust_anchor_list
from signatures.services import publication
from tests.documents.records.workfile_helpers import make_doc, pdf_bytes
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import file_bytes, pdf_text

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

BACKAN, CLERK, LEADER, SPECIALIST = "000.00.00.H05", "backan.vanthu", "backan.lanhdao", "backan.chuyenvien"


@pytest.fixture
def received(demo_cast):
    return make_doc(demo_cast.org(BACKAN), symbol="807/VPCP-KSTT", pages=3, subject="Letter",
                    issued_on=timezone.localdate())


def request_copy(cast, original, form="SY", mode="e2e", **kwargs) -> DocumentCopy:
    return copy_request(actor=cast.user(kwargs.pop("actor", CLERK)), original=original, form=form, mode=mode, **kwargs)


def sign_and_seal(cast, copy) -> DocumentCopy:
    copy = copy_sign(actor=cast.user(LEADER), copy=copy, pin=cast.pin(LEADER))
    return copy_seal(actor=cast.user(CLERK), copy=copy, pin=cast.pin(BACKAN))


def verified(pdf: bytes):
    return verify_pdf(pdf, trust_roots=trust_anchor_list(), fetch=publication.revocation_fetch())


def test_a_true_copy_is_signed_sealed_numbered_and_verifies_and_the_original_is_untouched(demo_cast, received):
    main = received.files.get()
    before = (list(DocumentFile.objects.filter(document=received).values_list("id", "sha256", "name")),
              hashlib.sha256(file_bytes(main)).hexdigest())

    copy = sign_and_seal(demo_cast, request_copy(demo_cast, received, recipients="Sở Tài chính"))

    assert (copy.state, copy.symbol, copy.number) == (DocumentCopy.State.SEALED, "01/SY-UBND", 1)
    assert copy.signer.username == LEADER and copy.sealed_by.username == CLERK
    pdf = file_bytes(copy_latest_file(copy))
    reports = verified(pdf)
    assert len(reports) == 2 and all(r.valid for r in reports), [r.summary for r in reports]
    text = " ".join(pdf_text(pdf, 1, page_count(pdf)).split())
    assert "SAO Y" in text and "Số: 01/SY-UBND" in text and "Đàm Duy Hưng" in text and "Sở Tài chính" in text
    assert "Letter trang 3" in text
    # The original's files: the same rows, the same bytes.
    main.refresh_from_db()
    after = (list(DocumentFile.objects.filter(document=received).values_list("id", "sha256", "name")),
             hashlib.sha256(file_bytes(main)).hexdigest())
    assert after == before and after[1] == main.sha256
    actions = set(AuditEvent.objects.filter(object_id=str(copy.pk)).values_list("action", flat=True))
    assert {AuditAction.COPY_REQUEST, AuditAction.COPY_SIGN, AuditAction.COPY_SEAL} <= actions


def test_an_extract_holds_only_its_pages_and_pages_outside_are_refused_in_vietnamese(demo_cast, received):
    with pytest.raises(Refused, match="Trang 2 đến 5 không có trong văn bản: văn bản có 3 trang"):
        request_copy(demo_cast, received, form="TrS", first_page=2, last_page=5)
    with pytest.raises(Refused, match="trích sao"):
        request_copy(demo_cast, received, form="TrS")
    with pytest.raises(Refused, match="Chỉ bản trích sao"):
        request_copy(demo_cast, received, form="SY", first_page=1, last_page=1)
    with pytest.raises(Refused, match="Chọn hình thức sao"):
        request_copy(demo_cast, received, form="XX")
    assert not DocumentCopy.objects.exists()

    copy = sign_and_seal(demo_cast, request_copy(demo_cast, received, form="TrS", first_page=2, last_page=2))
    pdf = file_bytes(copy_latest_file(copy))
    text = pdf_text(pdf, 1, page_count(pdf))
    assert "Letter trang 2" in text and "trang 1" not in text and "trang 3" not in text
    assert copy.symbol == "01/TrS-UBND" and "TRÍCH SAO" in text


def test_the_copies_register_numbers_every_form_in_one_yearly_series_and_gives_back_a_failed_number(
        demo_cast, received):
    org = demo_cast.org(BACKAN)
    CopyRegister.objects.create(organization=org, year=timezone.localdate().year - 1, last_number=41)
    leader = demo_cast.user(LEADER)
    paper = request_copy(demo_cast, received, form="SL", mode="e2p")
    with pytest.raises(Refused, match="số bản in"):
        copy_print(actor=demo_cast.user(CLERK), copy=paper, signer=leader, count=0)
    printed = copy_print(actor=demo_cast.user(CLERK), copy=paper, signer=leader, count=3)
    assert (printed.symbol, printed.printed_count, printed.state) == ("01/SL-UBND", 3, DocumentCopy.State.PRINTED)
    printable = file_bytes(printed.files.get(kind=CopyFile.Kind.PRINTABLE))
    assert "SAO LỤC" in pdf_text(printable, 1, page_count(printable))

    electronic = request_copy(demo_cast, received)
    with pytest.raises(IssueError, match="Mã PIN không đúng"):
        copy_sign(actor=leader, copy=electronic, pin="000000")
    electronic.refresh_from_db()
    assert electronic.number is None and electronic.state == DocumentCopy.State.REQUESTED
    assert copy_sign(actor=leader, copy=electronic, pin=demo_cast.pin(LEADER)).symbol == "02/SY-UBND"
    register = CopyRegister.objects.get(organization=org, year=timezone.localdate().year)
    assert register.last_number == 2


def test_a_copy_from_the_paper_original_is_its_scan_signed_and_sealed(demo_cast, received):
    scan = pdf_bytes(1, "Scan")
    with pytest.raises(Refused, match="bản quét"):
        request_copy(demo_cast, received, mode="p2e")
    copy = sign_and_seal(demo_cast, request_copy(demo_cast, received, mode="p2e", scan=("scan.pdf", scan)))
    pdf = file_bytes(copy_latest_file(copy))
    assert "Scan trang 1" in pdf_text(pdf, 1, page_count(pdf))
    assert all(r.valid for r in verified(pdf))


def test_only_a_leader_signs_only_a_clerk_seals_and_another_organization_cannot_copy(demo_cast, received):
    with pytest.raises(Forbidden):
        request_copy(demo_cast, received, actor=LEADER)  # leaders sign copies; clerks and specialists ask
    copy = request_copy(demo_cast, received)
    with pytest.raises(PermissionDenied):
        copy_sign(actor=demo_cast.user(SPECIALIST), copy=copy, pin="123456")
    with pytest.raises(Refused):
        copy_seal(actor=demo_cast.user(CLERK), copy=copy, pin=demo_cast.pin(BACKAN))
    with pytest.raises(NotFound):
        request_copy(demo_cast, received, actor="vpcp.vanthu")
    copy.refresh_from_db()
    assert copy.number is None and copy.symbol == "" and DocumentCopy.objects.count() == 1


def test_a_copy_of_a_signed_document_keeps_its_pictures_but_only_its_own_signatures(demo_cast, received):
    first = sign_and_seal(demo_cast, request_copy(demo_cast, received))
    signed_original = make_doc(demo_cast.org(BACKAN), symbol="808/VPCP-KSTT", content=file_bytes(
        copy_latest_file(first)), issued_on=timezone.localdate())
    assert len(verified(file_bytes(signed_original.files.get()))) == 2

    copy = sign_and_seal(demo_cast, request_copy(demo_cast, signed_original, form="SL"))
    pdf = file_bytes(copy_latest_file(copy))
    reports = verified(pdf)
    assert len(reports) == 2 and all(r.valid for r in reports), [r.summary for r in reports]
    text = " ".join(pdf_text(pdf, 1, page_count(pdf)).split())
    assert "Số: 01/SY-UBND" in text and "Số: 02/SL-UBND" in text  # the first copy's block is part of the page


def test_a_delegate_signs_with_the_signing_form_of_a_delegation_in_force(demo_cast, received):
    import datetime as dt

    from qlvb.services.delegation import delegation_create
    from tests.e2e.story_fixtures import personal_key_for

    deputy = personal_key_for(demo_cast, "backan.vxnv.truongphong", "24681357", title="Trưởng phòng")
    leader, org = demo_cast.user(LEADER), demo_cast.org(BACKAN)
    copy = request_copy(demo_cast, received)
    with pytest.raises(PermissionDenied):
        copy_sign(actor=deputy, copy=copy, pin="24681357", on_behalf_of=leader)
    now = timezone.now()
    delegation_create(actor=leader, organization=org, delegator=leader, delegate=deputy,
                      starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=2), scope="signing",
                      signing_form="TUQ", reason="Phó Chủ tịch đi công tác")
    signed = copy_sign(actor=deputy, copy=copy, pin="24681357", on_behalf_of=leader)
    assert (signed.signer, signed.signed_on_behalf_of, signed.signing_form) == (deputy, leader, "TUQ")
    sealed = copy_seal(actor=demo_cast.user(CLERK), copy=signed, pin=demo_cast.pin(BACKAN))
    pdf = file_bytes(copy_latest_file(sealed))
    text = " ".join(pdf_text(pdf, 1, page_count(pdf)).split())
    assert "TUQ. PHÓ CHỦ TỊCH" in text and deputy.full_name in text
    assert all(r.valid for r in verified(pdf))


def test_secret_documents_and_unissued_drafts_are_not_copied(demo_cast):
    org = demo_cast.org(BACKAN)
    secret = make_doc(org, symbol="12/MAT", pages=1, secrecy=1)
    draft = make_doc(org, symbol="", pages=1, direction="out", state="draft")
    leader_reads_both = demo_cast.user(LEADER)
    assert {secret, draft} <= set(Document.objects.visible_to(leader_reads_both))
    DocumentAccess.objects.bulk_create([DocumentAccess(document=d, user=demo_cast.user(CLERK), reason="test")
                                        for d in (secret, draft)])
    with pytest.raises(Refused, match="bí mật nhà nước"):
        request_copy(demo_cast, secret)
    with pytest.raises(Refused, match="văn bản đi đã ban hành"):
        request_copy(demo_cast, draft)
    assert not DocumentCopy.objects.exists()


def test_a_sao_luc_is_made_from_a_finished_sao_y_of_the_same_document(demo_cast, received):
    pending = request_copy(demo_cast, received)
    with pytest.raises(Refused, match="bản sao y đã hoàn thành"):
        request_copy(demo_cast, received, form="SL", source_copy=pending)
    true_copy = sign_and_seal(demo_cast, pending)
    with pytest.raises(Refused, match="Chỉ bản sao lục"):
        request_copy(demo_cast, received, form="SY", source_copy=true_copy)
    other = make_doc(demo_cast.org(BACKAN), symbol="900/UBND-VP", pages=1, issued_on=timezone.localdate())
    with pytest.raises(Refused, match="của chính văn bản này"):
        request_copy(demo_cast, other, form="SL", source_copy=true_copy)

    transcript = sign_and_seal(demo_cast, request_copy(demo_cast, received, form="SL", source_copy=true_copy))
    assert transcript.source_copy == true_copy and transcript.symbol == "02/SL-UBND"
    pdf = file_bytes(copy_latest_file(transcript))
    text = " ".join(pdf_text(pdf, 1, page_count(pdf)).split())
    assert "SAO Y" in text and "Số: 01/SY-UBND" in text and "SAO LỤC" in text and "Số: 02/SL-UBND" in text
    reports = verified(pdf)
    assert len(reports) == 2 and all(r.valid for r in reports)
