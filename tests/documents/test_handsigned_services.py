"""Hand-signed outgoing documents (issue 16.1): registered by the clerk from the signed paper's scan,
numbered in the same series as electronic documents, dispatched electronically (the digitized copy
under the organization's signature) and on paper (the post register)."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image

from documents.literals import Direction
from documents.models import Addressee, Document, DocumentType, PostRegisterEntry, Register
from documents.selectors.documents import document_main_file
from documents.services.numbering import register_for
from documents.services.outgoing.handsigned import (
    handsigned_dispatch,
    handsigned_register,
    handsigned_seal,
    scan_as_pdf,
)
from documents.services.outgoing.issuing import IssueError, outgoing_dispatch, outgoing_seal, outgoing_sign
from interchange.models import Recipient
from qlvb.audit_actions import AuditAction
from qlvb.demo.story import BACKAN_814
from qlvb.errors import Forbidden, Refused
from qlvb.models import AuditEvent
from signatures.models import SignatureRecord
from signatures.services import file_verify
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import draft_ready_to_sign, file_bytes, pdf_text

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

BACKAN, STC = "000.00.00.H05", "000.00.11.H05"


def png_scan() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1654, 2339), "white").save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def register_letter(cast, *, recipients=(STC,), paper=("Công ty Điện lực Bắc Kạn",), scan=None, **kwargs):
    fields = dict(
        actor=cast.user("backan.vanthu"), organization=cast.org(BACKAN),
        document_type=DocumentType.objects.get(code="cong-van"),
        subject="V/v kiểm tra công tác văn thư năm 2026", scan=scan or ("cv-ky-tay.pdf", BACKAN_814.pdf()),
        signer_name="", signer_title="Phó Chủ tịch", signed_on=timezone.localdate(),
        signed_by=cast.user("backan.lanhdao"), recipients=[cast.org(o) for o in recipients],
        paper_recipients=list(paper),
    )
    fields.update(kwargs)
    return handsigned_register(**fields)


def test_a_hand_signed_letter_takes_the_next_number_of_the_electronic_series(demo_cast):
    organization = demo_cast.org(BACKAN)
    register = register_for(organization=organization, direction=Direction.OUTGOING,
                            document_type=DocumentType.objects.get(code="cong-van"))
    Register.objects.filter(pk=register.pk).update(last_number=4)
    electronic = draft_ready_to_sign(demo_cast, BACKAN_814, recipients=[STC], paper=[])
    electronic = outgoing_sign(actor=demo_cast.user("backan.lanhdao"), document=electronic,
                               pin=demo_cast.pin("backan.lanhdao"))
    assert electronic.symbol == "05/UBND-VXNV"

    paper = register_letter(demo_cast)

    assert (paper.register_id, paper.register_number, paper.symbol) == (register.pk, 6, "06/UBND")
    assert Register.objects.get(pk=register.pk).last_number == 6
    # The contract of issue 16: out, paper, no digital signing time, the signer named, the leader linked.
    assert (paper.direction, paper.source, paper.signed_at) == ("out", "paper", None)
    assert (paper.signer_name, paper.signer_title) == ("Đàm Duy Hưng", "Phó Chủ tịch")
    assert paper.signed_by == demo_cast.user("backan.lanhdao")
    assert paper.issued_on == timezone.localdate() and paper.state == Document.State.SIGNED
    assert document_main_file(paper).content_type == "application/pdf"
    assert sorted(paper.addressees.values_list("channel", flat=True)) == ["internal", "paper"]
    event = AuditEvent.objects.get(action=AuditAction.HANDSIGNED_REGISTER, object_id=str(paper.pk))
    assert event.data["symbol"] == "06/UBND" and event.actor.username == "backan.vanthu"


def test_an_image_scan_becomes_a_pdf_and_garbage_is_refused():
    pdf = scan_as_pdf(name="trang-1.png", data=png_scan())
    assert pdf.startswith(b"%PDF-")
    for name, data in (("x.pdf", b"%PDF-1.7 garbage"), ("x.png", b"not an image"), ("x.docx", b"PK\x03\x04zz")):
        with pytest.raises(Refused, match="không phải tệp PDF hay ảnh"):
            scan_as_pdf(name=name, data=data)


@pytest.mark.parametrize("change, message", [
    ({"scan": ("", b"")}, "bản quét"),
    ({"scan": ("hong.pdf", b"%PDF-1.4 rubbish")}, "không phải tệp PDF hay ảnh"),
    ({"document_type": "ban-sao-y"}, "hình thức bản sao"),
    ({"signed_by": None, "signer_name": "", "signer_title": "Phó Chủ tịch"}, "họ tên và chức vụ"),
    ({"signed_by": "backan.chuyenvien"}, "không phải là lãnh đạo|is not a leader|lãnh đạo"),
    ({"signed_on": timezone.localdate() + timezone.timedelta(days=1)}, "sau ngày hôm nay"),
    ({"recipients": (), "paper": ()}, "nơi nhận"),
])
def test_bad_input_is_refused_and_no_number_is_used(demo_cast, change, message):
    organization = demo_cast.org(BACKAN)
    before = Document.objects.filter(organization=organization, direction="out").count()
    last = dict(Register.objects.filter(organization=organization).values_list("pk", "last_number"))
    if "document_type" in change:
        change["document_type"] = DocumentType.objects.get(code=change["document_type"])
    if isinstance(change.get("signed_by"), str):
        change["signed_by"] = demo_cast.user(change["signed_by"])
    kwargs = {k: v for k, v in change.items() if k not in ("recipients", "paper")}
    with pytest.raises(Refused, match=message):
        register_letter(demo_cast, recipients=change.get("recipients", (STC,)),
                        paper=change.get("paper", ("Công ty Điện lực Bắc Kạn",)), **kwargs)
    assert Document.objects.filter(organization=organization, direction="out").count() == before
    assert dict(Register.objects.filter(organization=organization).values_list("pk", "last_number")) == last


def test_only_a_clerk_of_the_organization_registers(demo_cast):
    for username in ("backan.lanhdao", "stc.vanthu"):
        with pytest.raises(Forbidden):
            register_letter(demo_cast, actor=demo_cast.user(username))
    assert not Document.objects.filter(source="paper", direction="out").exists()


def test_dispatch_both_ways_seals_the_copy_delivers_it_and_fills_the_post_register(demo_cast):
    document = register_letter(demo_cast, scan=("quet.png", png_scan()))
    clerk = demo_cast.user("backan.vanthu")
    with pytest.raises(IssueError, match="ký số của cơ quan lên bản số hóa"):
        handsigned_dispatch(actor=clerk, document=document)
    # The electronic path of signed documents does not apply: there is no leader's digital signature.
    with pytest.raises(Exception):  # noqa: B017 - whichever refusal, nothing is sealed
        outgoing_seal(actor=clerk, document=document, pin=demo_cast.pin(BACKAN))
    with pytest.raises(IssueError):
        outgoing_dispatch(actor=clerk, document=document)

    sealed = handsigned_seal(actor=clerk, document=document, pin=demo_cast.pin(BACKAN))
    assert sealed.state == Document.State.ISSUED and sealed.sealed_at and sealed.signed_at is None
    main = document_main_file(sealed)
    record = SignatureRecord.objects.get(signed_file=main)
    assert record.kind == SignatureRecord.Kind.ATTACHMENT and record.organization == demo_cast.org(BACKAN)
    assert "SAO Y; Ủy ban nhân dân tỉnh Bắc Kạn" in " ".join(pdf_text(file_bytes(main)).split())
    assert file_verify(document_file=main).valid

    dispatched = handsigned_dispatch(actor=clerk, document=sealed, envelopes={
        sealed.addressees.get(channel=Addressee.Channel.PAPER).pk: 2}, note="Thư bảo đảm")
    assert dispatched.state == Document.State.DISPATCHED and dispatched.dispatched_at
    internal = Recipient.objects.get(document=document, channel=Recipient.Channel.INTERNAL)
    assert internal.organ_id == STC and internal.state >= Recipient.State.SENT
    received = Document.objects.get(organization=demo_cast.org(STC), direction="in", delivery=internal)
    assert (received.symbol, received.signer_name, received.state) == (document.symbol,
                                                                      "Đàm Duy Hưng", Document.State.ARRIVED)
    assert file_bytes(document_main_file(received)) == file_bytes(main)
    paper = Recipient.objects.get(document=document, channel=Recipient.Channel.PAPER)
    entry = PostRegisterEntry.objects.get(document=document)
    assert (entry.recipient, entry.recipient_name, entry.envelopes, entry.note, entry.sent_on) == (
        paper, "Công ty Điện lực Bắc Kạn", 2, "Thư bảo đảm", timezone.localdate())
    assert AuditEvent.objects.filter(action=AuditAction.HANDSIGNED_SEAL, object_id=str(document.pk)).exists()
    assert AuditEvent.objects.get(action=AuditAction.HANDSIGNED_DISPATCH, object_id=str(document.pk)).data["paper"] == 1
    with pytest.raises(IssueError, match="đã được phát hành"):
        handsigned_dispatch(actor=clerk, document=document)


def test_a_paper_only_letter_goes_without_a_seal_and_bad_envelope_counts_write_nothing(demo_cast):
    clerk = demo_cast.user("backan.vanthu")
    document = register_letter(demo_cast, recipients=(), paper=("Báo Bắc Kạn", "Đài PT-TH Bắc Kạn"))
    first = document.addressees.first()
    with pytest.raises(IssueError, match="Số lượng bì"):
        handsigned_dispatch(actor=clerk, document=document, envelopes={first.pk: 0})
    with pytest.raises(Forbidden):
        handsigned_dispatch(actor=demo_cast.user("backan.lanhdao"), document=document)
    assert not PostRegisterEntry.objects.exists() and not Recipient.objects.filter(document=document).exists()
    handsigned_dispatch(actor=clerk, document=document)
    assert list(PostRegisterEntry.objects.filter(document=document).values_list("recipient_name", "envelopes")) == [
        ("Báo Bắc Kạn", 1), ("Đài PT-TH Bắc Kạn", 1)]
