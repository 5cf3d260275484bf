"""Signing (numbering at signing), the organization's signature, dispatch and recall of outgoing
documents, with the real demo PKI from `manage.py pki_init` and a real timestamp authority."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from documents.models import Document, DocumentFile, Register
from documents.rendering.layout import DocumentLayout, render_document
from documents.selectors.documents import document_current_files, document_main_file
from documents.selectors.outgoing import delivery_summary
from documents.services.outgoing.issuing import (
    IssueError,
    dispatch_problems,
    outgoing_dispatch,
    outgoing_recall,
    outgoing_seal,
    outgoing_sign,
)
from documents.services.outgoing.review import route_for
from interchange.models import Outbound, Recipient
from qlvb.demo.story import VPCP_807
from qlvb.models import AuditEvent, Organization
from qlvb.services.delegation import delegation_create
from signatures.models import SignatureRecord, SigningKey
from signatures.services import file_verify
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import (
    axis_connect,
    draft_ready_to_sign,
    file_bytes,
    pdf_text,
    pdfsig,
    personal_key_for,
)
from tests.factories import make_authenticator, totp_code

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki, local_axis = fx.demo_cast, fx.story_pki, fx.local_axis  # fixtures

LEADER, CLERK, VPCP = "vpcp.lanhdao", "vpcp.vanthu", "000.00.00.G22"
BTTTT, BACKAN = "000.00.00.G14", "000.00.00.H05"


def sign(cast, document, *, actor=LEADER, pin=None, **kwargs) -> Document:
    return outgoing_sign(actor=cast.user(actor), document=document, pin=pin or cast.pin(actor), **kwargs)


def seal(cast, document) -> Document:
    return outgoing_seal(actor=cast.user(CLERK), document=document, pin=cast.pin(VPCP))


def main_pdf(document) -> bytes:
    return file_bytes(document_main_file(document))


def test_signing_numbers_documents_in_order_and_a_failed_attempt_gives_its_number_back(demo_cast):
    first, second, third = (draft_ready_to_sign(demo_cast) for _ in range(3))

    signed_first = sign(demo_cast, first)
    assert signed_first.symbol == "01/VPCP-KSTT"
    with pytest.raises(IssueError, match="Mã PIN không đúng"):
        sign(demo_cast, second, pin="000000")
    second.refresh_from_db()
    assert second.state == Document.State.APPROVED and second.register_number is None and second.symbol == ""
    assert Register.objects.get(pk=signed_first.register_id).last_number == 1
    assert sign(demo_cast, second).symbol == "02/VPCP-KSTT"
    assert sign(demo_cast, third).symbol == "03/VPCP-KSTT"

    second.refresh_from_db()
    assert (second.register_number, second.state, second.issued_on) == (2, Document.State.SIGNED, timezone.localdate())
    # The blank number and date of the draft are covered by the ones the system wrote.
    text = " ".join(pdf_text(main_pdf(second)).split())
    assert re.search(r"Số: ?02/VPCP-KSTT", text), text[:300]
    assert f"ngày {timezone.localdate():%d} tháng {timezone.localdate():%m}" in text
    assert "Signature is Valid" in pdfsig(main_pdf(second))
    verification = file_verify(document_file=document_main_file(second))
    assert verification.valid, verification.summary
    assert SignatureRecord.objects.get(document=second).signer.username == LEADER


def test_wrong_pins_count_towards_locking_the_key(demo_cast):
    document = draft_ready_to_sign(demo_cast)
    with pytest.raises(IssueError):
        sign(demo_cast, document, pin="000000")
    assert SigningKey.objects.get(user__username=LEADER, is_active=True).failed_pin_attempts == 1


def test_delegated_signing_only_within_an_active_delegation_and_it_is_recorded(demo_cast):
    deputy = personal_key_for(demo_cast, "vpcp.kstt.truongphong", "24681357")  # the head of KSTT
    leader, vpcp = demo_cast.user(LEADER), demo_cast.org(VPCP)
    layout = DocumentLayout(**{**VPCP_807.layout.__dict__, "competence": "TUQ. BỘ TRƯỞNG, CHỦ NHIỆM",
                               "signer_title": "CỤC TRƯỞNG", "signer_name": deputy.full_name})
    document = draft_ready_to_sign(demo_cast, layout=layout)

    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo"):
        sign(demo_cast, document, actor=deputy.username, pin="24681357")
    with pytest.raises(PermissionDenied, match="ủy quyền còn hiệu lực"):
        sign(demo_cast, document, actor=deputy.username, pin="24681357", on_behalf_of=leader)
    now = timezone.now()
    delegation_create(actor=leader, organization=vpcp, delegator=leader, delegate=deputy,
                      starts_at=now - dt.timedelta(days=10), ends_at=now - dt.timedelta(days=1), scope="signing",
                      signing_form="TUQ", now=now - dt.timedelta(days=11))  # made back then, over now
    with pytest.raises(PermissionDenied, match="ủy quyền còn hiệu lực"):
        sign(demo_cast, document, actor=deputy.username, pin="24681357", on_behalf_of=leader)
    document.refresh_from_db()
    assert document.register_number is None

    delegation_create(actor=leader, organization=vpcp, delegator=leader, delegate=deputy,
                      starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=3), scope="signing",
                      signing_form="TUQ", reason="Bộ trưởng đi công tác")
    signed = sign(demo_cast, document, actor=deputy.username, pin="24681357", on_behalf_of=leader)
    assert (signed.signed_by, signed.signed_on_behalf_of, signed.signing_form) == (deputy, leader, "TUQ")
    assert signed.symbol == "01/VPCP-KSTT"
    record = SignatureRecord.objects.get(document=signed)
    assert (record.signer, record.on_behalf_of) == (deputy, leader)
    event = AuditEvent.objects.get(action="outgoing.sign", object_id=str(signed.pk))
    assert (event.actor, event.on_behalf_of, event.data["signing_form"]) == (deputy, leader, "TUQ")
    assert file_verify(document_file=document_main_file(signed)).valid


def test_the_route_can_require_an_authenticator_code_to_sign(demo_cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # wrong codes are throttled: tests/documents/test_outgoing_second_factor.py
    route = route_for(demo_cast.org(VPCP))
    route.require_second_factor = True
    route.save()
    leader = demo_cast.user(LEADER)
    document = draft_ready_to_sign(demo_cast)

    with pytest.raises(IssueError, match="chưa đăng ký ứng dụng xác thực"):
        sign(demo_cast, document)
    device = make_authenticator(leader)
    with pytest.raises(IssueError, match="Hãy nhập 6 chữ số"):
        sign(demo_cast, document)
    wrong = f"{(int(totp_code(device)) + 500000) % 1000000:06d}"
    with pytest.raises(IssueError, match="Mã xác thực không đúng"):
        sign(demo_cast, document, totp_code=wrong)
    signed = sign(demo_cast, document, totp_code=totp_code(device))
    assert signed.symbol == "01/VPCP-KSTT"  # the refused attempts took no number


def test_the_clerk_cannot_seal_before_the_leader_signed(demo_cast):
    document = draft_ready_to_sign(demo_cast)
    with pytest.raises(IssueError, match="chưa có chữ ký của người có thẩm quyền"):
        seal(demo_cast, document)
    sign(demo_cast, document)
    with pytest.raises(PermissionDenied, match="Chỉ văn thư"):
        outgoing_seal(actor=demo_cast.user("vpcp.chuyenvien"), document=document, pin=demo_cast.pin(VPCP))
    assert document_main_file(document).signature_record.kind == SignatureRecord.Kind.LEADER


def test_the_seal_goes_on_the_document_and_a_text_stamp_on_each_attachment(demo_cast):
    appendix = render_document(DocumentLayout(
        organization="Văn phòng Chính phủ", symbol="", place="Hà Nội", date=None,
        subject="Danh mục văn bản gửi, nhận dưới dạng điện tử", body=["Phụ lục kèm theo công văn."]))
    document = draft_ready_to_sign(demo_cast, appendices=[("phu-luc.pdf", appendix)])
    sign(demo_cast, document)
    sealed = seal(demo_cast, document)

    assert sealed.state == Document.State.ISSUED and sealed.sealed_at is not None
    main = document_main_file(sealed)
    assert main.signature_record.kind == SignatureRecord.Kind.SEAL
    assert pdfsig(file_bytes(main)).count("Signature is Valid") == 2
    assert file_verify(document_file=main).valid
    stamped = next(f for f in document_current_files(sealed) if f.role == DocumentFile.Role.APPENDIX)
    assert stamped.signature_record.kind == SignatureRecord.Kind.ATTACHMENT
    first_lines = pdf_text(file_bytes(stamped)).splitlines()[:3]
    assert any(re.search(r"01/VPCP-KSTT; \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", line) for line in first_lines), first_lines
    assert file_verify(document_file=stamped).valid


def test_dispatch_is_refused_with_the_reasons(demo_cast):
    document = draft_ready_to_sign(demo_cast)
    problems = dispatch_problems(document)
    assert problems[:3] == ["Văn bản chưa được cấp số.", "Văn bản chưa có chữ ký số của người có thẩm quyền.",
                            "Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu)."]
    with pytest.raises(IssueError, match="chưa được cấp số"):
        outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    sign(demo_cast, document)
    document = seal(demo_cast, document)
    with pytest.raises(PermissionDenied):
        outgoing_dispatch(actor=demo_cast.user(LEADER), document=document)
    assert dispatch_problems(document) == []
    outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    with pytest.raises(IssueError, match="đã được phát hành; không gửi trùng"):
        outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    assert Recipient.objects.filter(document=document, channel=Recipient.Channel.INTERNAL).count() == 2


def test_a_secret_document_never_goes_to_the_axis(demo_cast):
    ministry = Organization.objects.create(organ_id="000.00.00.G23", name="Bộ Y tế", short_name="BYT")  # not hosted
    document = draft_ready_to_sign(demo_cast, recipients=[BTTTT, ministry.organ_id], paper=[], secrecy=1)
    signed = sign(demo_cast, document)
    assert signed.register.is_secret and signed.symbol == "01/VPCP-KSTT"  # the secret series
    seal(demo_cast, document)
    assert "Văn bản mật không được gửi qua Trục liên thông văn bản quốc gia." in dispatch_problems(document)
    with pytest.raises(IssueError, match="Văn bản mật không được gửi qua Trục"):
        outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    assert not Recipient.objects.filter(document=document).exists() and not Outbound.objects.exists()


def test_one_dispatch_reaches_this_deployment_directly_bac_kan_over_the_axis_and_paper(demo_cast, local_axis,
                                                                                       settings):
    from interchange.models import AxisConnection
    from interchange.services.inbox import inbox_poll
    from interchange.services.outbox import outbound_send

    settings.QLVB_INBOX_FAN_OUT = False  # the test takes what the axis holds in this process
    axis_connect(local_axis.endpoint)
    document = draft_ready_to_sign(demo_cast)  # Bắc Kạn and BTTTT, and VNPT on paper
    channels = dict(document.addressees.values_list("name", "channel"))
    assert channels == {"Ủy ban nhân dân tỉnh Bắc Kạn": "axis", "Bộ Thông tin và Truyền thông": "internal",
                        "Tập đoàn VNPT (để phối hợp)": "paper"}
    sign(demo_cast, document)
    seal(demo_cast, document)
    outgoing_dispatch(actor=demo_cast.user(CLERK), document=document)
    document.refresh_from_db()
    assert document.state == Document.State.DISPATCHED and document.dispatched_at is not None

    sealed = document_main_file(document)
    btttt_copy = Document.objects.get(organization__organ_id=BTTTT, direction="in")
    assert (btttt_copy.symbol, btttt_copy.state, btttt_copy.issuer) == ("01/VPCP-KSTT", "arrived", document.organization)
    assert document_main_file(btttt_copy).sha256 == sealed.sha256
    assert Recipient.objects.get(document=document, channel="paper").name == "Tập đoàn VNPT (để phối hợp)"

    outbound = Outbound.objects.get(document=document)
    assert outbound_send(outbound_id=outbound.pk) == "sent"
    backan_side = AxisConnection.objects.get(system_id="qlvb.h05")
    assert inbox_poll(connection=backan_side).accepted == 1
    arrived = Document.objects.get(organization__organ_id=BACKAN, direction="in")
    assert (arrived.symbol, arrived.source, arrived.issuer_name) == ("01/VPCP-KSTT", "axis", "Văn phòng Chính phủ")
    assert file_verify(document_file=document_main_file(arrived)).valid

    # Bắc Kạn's "arrived" (01) travels back over the axis to VPCP.
    status = Outbound.objects.get(kind="status", organization__organ_id=BACKAN)
    assert outbound_send(outbound_id=status.pk) == "sent"
    inbox_poll(connection=AxisConnection.objects.get(system_id="qlvb.trunguong"))
    assert Recipient.objects.get(document=document, organ_id=BACKAN).state == Recipient.State.ARRIVED
    assert delivery_summary(document=document) == "0/2 đã tiếp nhận, 2 đã đến, chưa vào sổ, 1 gửi bản giấy"


def test_recall_asks_every_electronic_recipient_to_take_the_document_back(demo_cast, local_axis):
    axis_connect(local_axis.endpoint)
    document = draft_ready_to_sign(demo_cast)
    clerk = demo_cast.user(CLERK)
    with pytest.raises(IssueError, match="chưa phát hành"):
        outgoing_recall(actor=clerk, document=document, reason="Sai trích yếu")
    sign(demo_cast, document)
    document = outgoing_dispatch(actor=clerk, document=seal(demo_cast, document))
    with pytest.raises(IssueError, match="Cần nêu lý do"):
        outgoing_recall(actor=clerk, document=document, reason="  ")

    outgoing_recall(actor=clerk, document=document, reason="Sai thể thức, sẽ ban hành công văn đính chính")
    btttt_copy = Document.objects.get(organization__organ_id=BTTTT, direction="in")
    assert btttt_copy.recall_requested_at is not None
    assert btttt_copy.recall_reason == "Sai thể thức, sẽ ban hành công văn đính chính"
    revoke = Outbound.objects.get(document=document, business_type=1)
    assert revoke.recipients.get().organ_id == BACKAN
    assert AuditEvent.objects.filter(action="outgoing.recall", object_id=str(document.pk)).exists()
