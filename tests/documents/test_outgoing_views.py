"""The outgoing screens, through Django's test client: what each person sees and can do."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, SigningRoute
from documents.services.outgoing.conversion import conversion_run
from documents.services.outgoing.issuing import outgoing_sign
from interchange.models import Outbound, Recipient, StatusEvent
from interchange.services.outbox import outbound_document_enqueue
from qlvb.demo.story import BACKAN_814, VPCP_807
from qlvb.models import Organization
from qlvb.services.delegation import delegation_create
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import (
    DEVNULL,
    DemoCast,
    agent_signature,
    axis_connect,
    draft_ready_to_sign,
    external_key_for,
    personal_key_for,
)

pytestmark = [pytest.mark.django_db]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures

VPCP, BTTTT, BACKAN = "000.00.00.G22", "000.00.00.G14", "000.00.00.H05"


@pytest.fixture
def cast(settings, tmp_path) -> DemoCast:
    """The demo organizations and people, without keys (nothing here signs)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    return DemoCast(tmp_path)


def as_user(client, cast, username):
    client.force_login(cast.user(username))
    return client


def text(response) -> str:
    return response.content.decode()


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def docx(paragraph: str) -> bytes:
    """A one-paragraph Word document."""
    ns = "http://schemas.openxmlformats.org"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml",
                   f'<Types xmlns="{ns}/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="r1" '
                   f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", f'<w:document xmlns:w="{ns}/wordprocessingml/2006/main"><w:body><w:p><w:r>'
                   f'<w:t>{paragraph}</w:t></w:r></w:p></w:body></w:document>')
    return out.getvalue()


# --- the list ---------------------------------------------------------------------------------

def test_the_list_flags_documents_signed_yesterday_and_still_not_dispatched(client, cast):
    late, today, sent = (draft_ready_to_sign(cast) for _ in range(3))
    now = timezone.now()
    Document.objects.filter(pk=late.pk).update(state="issued", symbol="805/VPCP-KSTT", signed_at=now - dt.timedelta(days=1))
    Document.objects.filter(pk=today.pk).update(state="signed", symbol="806/VPCP-KSTT", signed_at=now)
    Document.objects.filter(pk=sent.pk).update(state="dispatched", symbol="807/VPCP-KSTT", signed_at=now,
                                               dispatched_at=now)
    Recipient.objects.create(document=sent, channel="internal", organ_id=BACKAN, name="UBND tỉnh Bắc Kạn",
                             state=Recipient.State.REGISTERED)
    Recipient.objects.create(document=sent, channel="internal", organ_id=BTTTT, name="Bộ TT&TT",
                             state=Recipient.State.SENT)
    draft_ready_to_sign(cast, letter=BACKAN_814)  # Bắc Kạn's: never on VPCP's list

    page = text(as_user(client, cast, "vpcp.vanthu").get(reverse("outgoing:list")))
    assert page.count('class="list-group-item list-group-item-action doc-card') == 3
    assert "1 văn bản đã ký từ ngày trước nhưng chưa phát hành." in page
    assert 'data-flag="late"' in page and "Cần phát hành trong ngày" in page
    assert "1/2 đã tiếp nhận, 1 chưa đến" in page
    assert "UBND-VXNV" not in page and "Ủy ban nhân dân tỉnh Bắc Kạn</p>" not in page

    undispatched = text(client.get(reverse("outgoing:list"), {"state": "chua-phat-hanh"}))
    assert "805/VPCP-KSTT" in undispatched and "806/VPCP-KSTT" in undispatched
    assert "807/VPCP-KSTT" not in undispatched


# --- drafting ---------------------------------------------------------------------------------

def test_a_specialist_drafts_807_picking_recipients_with_the_autocomplete(client, cast):
    axis_connect("http://127.0.0.1:9")  # the two demo axis centers: Bắc Kạn is reached over the axis
    as_user(client, cast, "vpcp.chuyenvien")
    vpcp = cast.org(VPCP)
    form = text(client.get(reverse("outgoing:create")))
    assert "Soạn thảo văn bản đi" in form and 'name="content"' in form and 'hx-get="/van-ban/di/noi-nhan/' in form

    found = text(client.get(reverse("outgoing:recipient-options"), {"org": vpcp.pk, "q": "Bắc Kạn"},
                            HTTP_HX_REQUEST="true"))
    assert "Ủy ban nhân dân tỉnh Bắc Kạn" in found and "Qua trục liên thông" in found
    assert "Văn phòng Chính phủ" not in found  # not to itself
    backan, btttt = cast.org(BACKAN), cast.org(BTTTT)
    chip = text(client.get(reverse("outgoing:recipient-options"), {"org": vpcp.pk, "chon": btttt.pk}))
    assert f'name="recipients" value="{btttt.pk}" checked' in chip and "Trong hệ thống" in chip

    response = client.post(reverse("outgoing:create") + f"?org={vpcp.pk}", {
        "org": vpcp.pk, "document_type": cast_type("cong-van"), "subject": VPCP_807.subject, "urgency": 1,
        "secrecy": 0, "content": upload("807.pdf", VPCP_807.pdf()), "recipients": [backan.pk, btttt.pk],
        "paper_recipients": "Tập đoàn VNPT\n", "appendices": [upload("phu-luc.pdf", VPCP_807.pdf())],
    })
    document = Document.objects.get(organization=vpcp, direction="out")
    assert response.status_code == 302 and response.url == reverse("outgoing:detail", args=[document.pk])
    assert (document.state, document.urgency, document.unit.abbreviation) == ("draft", 1, "KSTT")
    page = text(client.get(response.url))
    assert "Đã tạo dự thảo." in page
    assert "Nơi nhận (3)" in page and "Tập đoàn VNPT" in page and "Qua trục liên thông" in page
    assert "Phiên bản 1" in page and "phu-luc.pdf" in page
    assert 'data-next="submit"' in page  # the author's next step


def cast_type(code: str) -> int:
    from documents.models import DocumentType

    return DocumentType.objects.get(code=code).pk


def test_refusals_are_shown_in_vietnamese_and_nothing_is_created(client, cast):
    as_user(client, cast, "vpcp.chuyenvien")
    vpcp = cast.org(VPCP)
    base = {"org": vpcp.pk, "document_type": cast_type("cong-van"), "subject": "Về việc thử", "urgency": 0,
            "secrecy": 0}
    wrong_type = client.post(reverse("outgoing:create"), {
        **base, "content": upload("ghi-chu.txt", b"hello", "text/plain"), "paper_recipients": "Báo Nhân Dân"})
    assert wrong_type.status_code == 200
    assert "Nội dung văn bản phải là tệp PDF hoặc DOCX." in text(wrong_type)
    nobody = client.post(reverse("outgoing:create"), {**base, "content": upload("a.pdf", VPCP_807.pdf())})
    assert "Cần chọn ít nhất một nơi nhận (điện tử hoặc bản giấy)." in text(nobody)
    assert not Document.objects.filter(direction="out").exists()


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) not installed")
def test_a_docx_draft_shows_its_conversion_until_the_pdf_is_ready(client, cast):
    as_user(client, cast, "vpcp.chuyenvien")
    vpcp = cast.org(VPCP)
    client.post(reverse("outgoing:create"), {
        "org": vpcp.pk, "document_type": cast_type("cong-van"), "subject": "Về việc thử chuyển đổi", "urgency": 0,
        "secrecy": 0, "paper_recipients": "Báo Bắc Kạn",
        "content": upload("du-thao.docx", docx("Số: /VPCP-KSTT"), "application/vnd.openxmlformats-"
                          "officedocument.wordprocessingml.document")})
    document = Document.objects.get(direction="out")
    page = text(client.get(reverse("outgoing:detail", args=[document.pk])))
    assert "Đang chờ chuyển đổi" in page and f'hx-get="/van-ban/di/{document.pk}/chuyen-doi/"' in page
    assert 'disabled aria-describedby="conversion"' in page  # cannot submit before the PDF exists
    polled = client.get(reverse("outgoing:conversion", args=[document.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in polled and 'hx-trigger="every 2s"' in text(polled)

    conversion_run(conversion_id=document.files.get().conversion.pk)
    done = client.get(reverse("outgoing:conversion", args=[document.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "Đã chuyển sang PDF" in text(done)
    page = text(client.get(reverse("outgoing:detail", args=[document.pk])))
    assert "Phiên bản 2" in page and "du-thao.pdf" in page and "/trang-1.png" in page
    pdf = document.files.get(name="du-thao.pdf")
    image = client.get(reverse("outgoing:page-image", args=[document.pk, pdf.pk, 1]))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")


# --- review -------------------------------------------------------------------------------------

def test_the_unit_head_returns_with_a_comment_and_the_clerk_checks_the_format(client, cast):
    specialist = as_user(client, cast, "vpcp.chuyenvien")
    vpcp = cast.org(VPCP)
    client.post(reverse("outgoing:create"), {
        "org": vpcp.pk, "document_type": cast_type("cong-van"), "subject": VPCP_807.subject, "urgency": 1,
        "secrecy": 0, "content": upload("807.pdf", VPCP_807.pdf()), "paper_recipients": "Tập đoàn VNPT"})
    document = Document.objects.get(direction="out")
    specialist.post(reverse("outgoing:submit", args=[document.pk]))
    assert 'name="approve"' not in text(specialist.get(reverse("outgoing:review", args=[document.pk])))

    head = as_user(client, cast, "vpcp.kstt.truongphong")
    assert 'data-next="review"' in text(head.get(reverse("outgoing:detail", args=[document.pk])))
    refused = head.post(reverse("outgoing:review", args=[document.pk]), {"return": "1", "comment": ""})
    assert "Cần ghi ý kiến khi trả lại dự thảo." in text(refused)
    head.post(reverse("outgoing:review", args=[document.pk]), {"return": "1", "comment": "Bổ sung điểm 7."})
    document.refresh_from_db()
    assert document.state == "returned"

    as_user(client, cast, "vpcp.chuyenvien")
    page = text(client.get(reverse("outgoing:detail", args=[document.pk])))
    assert "Dự thảo bị trả lại" in page and "Bổ sung điểm 7." in page
    client.post(reverse("outgoing:version-add", args=[document.pk]),
                {"content": upload("807-v2.pdf", VPCP_807.pdf()), "note": "Đã bổ sung điểm 7"})
    client.post(reverse("outgoing:comment-add", args=[document.pk]), {"text": "Em đã sửa theo ý kiến."})
    client.post(reverse("outgoing:submit", args=[document.pk]))
    page = text(client.get(reverse("outgoing:detail", args=[document.pk])))
    assert "Phiên bản 2" in page and "Em đã sửa theo ý kiến." in page

    as_user(client, cast, "vpcp.kstt.truongphong").post(reverse("outgoing:review", args=[document.pk]),
                                                         {"approve": "1", "comment": ""})
    clerk = as_user(client, cast, "vpcp.vanthu")
    review_page = text(clerk.get(reverse("outgoing:review", args=[document.pk])))
    assert 'id="decide-title">Kiểm tra thể thức<' in review_page and 'name="approve"' in review_page
    clerk.post(reverse("outgoing:review", args=[document.pk]), {"approve": "1", "comment": "Đúng thể thức."})
    document.refresh_from_db()
    assert document.state == "approved"
    assert list(document.review_steps.filter(round=2).values_list("state", flat=True)) == ["approved", "approved"]
    leader_page = text(as_user(client, cast, "vpcp.lanhdao").get(reverse("outgoing:detail", args=[document.pk])))
    assert 'data-next="sign"' in leader_page


# --- signing ------------------------------------------------------------------------------------

def test_the_leader_signs_in_the_browser_and_a_wrong_pin_is_a_message(client, demo_cast):
    document = draft_ready_to_sign(demo_cast)
    leader = as_user(client, demo_cast, "vpcp.lanhdao")
    page = text(leader.get(reverse("outgoing:sign", args=[document.pk])))
    assert 'name="pin"' in page and 'name="totp_code"' not in page and "/trang-1.png" in page
    assert "Ký với tư cách" not in page

    wrong = leader.post(reverse("outgoing:sign", args=[document.pk]), {"pin": "000000"})
    assert wrong.status_code == 200 and "Mã PIN không đúng." in text(wrong)
    document.refresh_from_db()
    assert document.state == "approved" and not document.symbol

    signed = leader.post(reverse("outgoing:sign", args=[document.pk]), {"pin": demo_cast.pin("vpcp.lanhdao")},
                         follow=True)
    assert "Đã ký ban hành văn bản số 01/VPCP-KSTT." in text(signed)
    assert 'data-symbol>01/VPCP-KSTT<' in text(signed)


def test_the_signing_page_asks_for_the_code_and_offers_signing_for_a_delegator(client, demo_cast):
    SigningRoute.objects.update_or_create(organization=demo_cast.org(VPCP), defaults={"require_second_factor": True})
    document = draft_ready_to_sign(demo_cast)
    leader, deputy = demo_cast.user("vpcp.lanhdao"), demo_cast.user("vpcp.kstt.truongphong")
    page = text(as_user(client, demo_cast, "vpcp.lanhdao").get(reverse("outgoing:sign", args=[document.pk])))
    assert 'name="totp_code"' in page and "Mã xác thực" in page
    refused = client.post(reverse("outgoing:sign", args=[document.pk]), {"pin": demo_cast.pin("vpcp.lanhdao")})
    assert "Cơ quan yêu cầu mã xác thực khi ký." in text(refused)

    page = text(as_user(client, demo_cast, deputy.username).get(reverse("outgoing:sign", args=[document.pk])))
    assert "Văn bản đang chờ lãnh đạo ký." in page and 'name="pin"' not in page
    now = timezone.now()
    delegation_create(actor=leader, organization=demo_cast.org(VPCP), delegator=leader, delegate=deputy,
                      starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=2), scope="signing",
                      signing_form="TUQ")  # a head of a unit signs TUQ. (NĐ30 Điều 13.3)
    assert "Bạn chưa có khóa ký số trên hệ thống" in text(client.get(reverse("outgoing:sign", args=[document.pk])))
    personal_key_for(demo_cast, deputy.username, "24681357")
    page = text(client.get(reverse("outgoing:sign", args=[document.pk])))
    assert "Ký với tư cách" in page and f"Ký thay / thừa ủy quyền {leader.full_name}" in page


def test_signing_with_a_device_prepare_digest_then_complete(client, demo_cast):
    credential = external_key_for(demo_cast, "vpcp.lanhdao")
    document = draft_ready_to_sign(demo_cast)
    leader = as_user(client, demo_cast, "vpcp.lanhdao")
    assert "Ký bằng thiết bị ký số (USB token)" in text(leader.get(reverse("outgoing:sign", args=[document.pk])))

    prepared = leader.post(reverse("outgoing:external-prepare", args=[document.pk]))
    assert prepared.status_code == 302
    page = text(leader.get(prepared.url))
    document.refresh_from_db()
    assert document.symbol == "01/VPCP-KSTT" and document.state == "approved"  # numbered, waiting for the device
    assert "python -m signatures.external_signer" in page
    digest = page.split("data-digest>")[1].split("<")[0]
    bad = leader.post(prepared.url, {"signature": "AAAA"})
    assert bad.status_code == 200 and "alert-danger" in text(bad)
    done = leader.post(prepared.url, {"signature": agent_signature(credential, digest)}, follow=True)
    assert "Đã ký ban hành văn bản số 01/VPCP-KSTT." in text(done)
    document.refresh_from_db()
    assert document.state == "signed" and document.register_number == 1


# --- issuing and tracking ------------------------------------------------------------------------

def test_the_clerk_seals_dispatches_follows_and_recalls(client, demo_cast):
    document = outgoing_sign(actor=demo_cast.user("vpcp.lanhdao"), document=draft_ready_to_sign(demo_cast),
                             pin=demo_cast.pin("vpcp.lanhdao"))
    clerk = as_user(client, demo_cast, "vpcp.vanthu")
    page = text(clerk.get(reverse("outgoing:issue", args=[document.pk])))
    assert f'action="/van-ban/di/{document.pk}/phat-hanh/ky-so-co-quan/"' in page
    assert "Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu)." in page
    assert 'disabled aria-describedby="dispatch-problems"' in page

    wrong = clerk.post(reverse("outgoing:seal", args=[document.pk]), {"pin": "999999"})
    assert "Mã PIN không đúng." in text(wrong)
    sealed = text(clerk.post(reverse("outgoing:seal", args=[document.pk]), {"pin": demo_cast.pin(VPCP)}, follow=True))
    assert "Đã ký số của cơ quan lên văn bản và các tệp kèm theo." in sealed
    assert "dispatch-problems" not in sealed and "Chưa phát hành được" not in sealed

    # Phát hành asks for a confirmation first: the box, required by the browser, checked by the server.
    assert 'name="xac_nhan" value="1" id="dispatch-confirm" required' in sealed
    unconfirmed = text(clerk.post(reverse("outgoing:dispatch", args=[document.pk]), follow=True))
    assert "Chưa phát hành: hãy đánh dấu ô xác nhận" in unconfirmed
    document.refresh_from_db()
    assert document.dispatched_at is None and not document.outbound.exists()
    tracking = text(clerk.post(reverse("outgoing:dispatch", args=[document.pk]), {"xac_nhan": "1"}, follow=True))
    assert "Đã phát hành văn bản đến các nơi nhận." in tracking
    assert "0/2 đã tiếp nhận, 2 đã đến, chưa vào sổ, 1 gửi bản giấy" in tracking
    assert tracking.count("01 · Đã đến") == 2 and "Tập đoàn VNPT (để phối hợp)" in tracking
    assert "Phát hành" in tracking and "Ký ban hành, cấp số" in tracking  # the timeline

    refused = clerk.post(reverse("outgoing:recall", args=[document.pk]), {"reason": ""})
    assert refused.status_code == 400 and "Cần nêu lý do thu hồi." in text(refused)
    recalled = text(clerk.post(reverse("outgoing:recall", args=[document.pk]),
                               {"reason": "Sai thể thức, sẽ có công văn đính chính"}, follow=True))
    assert "Đã gửi đề nghị thu hồi đến các nơi nhận." in recalled and "Thu hồi văn bản" in recalled
    copy = Document.objects.get(organization__organ_id=BTTTT, direction="in")
    assert copy.recall_reason == "Sai thể thức, sẽ có công văn đính chính"


def test_a_secret_document_with_an_axis_addressee_shows_the_hard_block(client, cast):
    ministry = Organization.objects.create(organ_id="000.00.00.G23", name="Bộ Y tế", short_name="BYT")
    document = draft_ready_to_sign(cast, recipients=[ministry.organ_id], paper=[], secrecy=1)
    clerk = as_user(client, cast, "vpcp.vanthu")
    for name in ("outgoing:detail", "outgoing:issue"):
        page = text(clerk.get(reverse(name, args=[document.pk])))
        assert "Văn bản mật không được gửi qua Trục liên thông văn bản quốc gia." in page, name


def test_tracking_shows_rejections_and_failed_sends_and_the_clerk_retries(client, cast):
    axis_connect("http://127.0.0.1:9")
    document = draft_ready_to_sign(cast)
    Document.objects.filter(pk=document.pk).update(state="dispatched", symbol="807/VPCP-KSTT",
                                                   issued_on=timezone.localdate(), dispatched_at=timezone.now())
    document.refresh_from_db()
    outbound = outbound_document_enqueue(document=document, recipients=[cast.org(BACKAN)])
    Outbound.objects.filter(pk=outbound.pk).update(state="failed", attempts=6,
                                                   last_error="Không kết nối được trục: connection refused")
    outbound.recipients.update(state=Recipient.State.FAILED, reason="connection refused")
    rejected = Recipient.objects.create(document=document, channel="internal", organ_id=BTTTT,
                                        name="Bộ Thông tin và Truyền thông", state=Recipient.State.REJECTED,
                                        reason="Gửi nhầm cơ quan", last_status_code="02")
    StatusEvent.objects.create(recipient=rejected, external_id="x", from_organ_id=BTTTT, code="02",
                               description="Gửi nhầm cơ quan", occurred_at=timezone.now())

    leader_view = text(as_user(client, cast, "vpcp.lanhdao").get(reverse("outgoing:tracking", args=[document.pk])))
    assert "Gửi lại" not in leader_view and "Lỗi: Không kết nối được trục: connection refused (6 lần gửi)" in leader_view
    clerk = as_user(client, cast, "vpcp.vanthu")
    page = text(clerk.get(reverse("outgoing:tracking", args=[document.pk])))
    assert "0/2 đã tiếp nhận, 1 từ chối, 1 gửi lỗi" in page
    assert "Lý do từ chối: Gửi nhầm cơ quan" in page and "02 · Từ chối tiếp nhận" in page
    assert "Bộ Thông tin và Truyền thông: 02 Từ chối tiếp nhận" in page  # the timeline
    assert "Gửi lại" in page
    retried = text(clerk.post(reverse("outgoing:retry", args=[document.pk, outbound.pk]), follow=True))
    assert "Đã đưa văn bản vào hàng đợi để gửi lại." in retried
    outbound.refresh_from_db()
    assert outbound.state == "queued" and outbound.recipients.get().state == Recipient.State.QUEUED


def test_people_of_another_organization_get_nothing(client, cast):
    document = draft_ready_to_sign(cast)
    as_user(client, cast, "btttt.vanthu")
    for name in ("outgoing:detail", "outgoing:review", "outgoing:sign", "outgoing:issue", "outgoing:tracking"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 404, name
    assert client.post(reverse("outgoing:submit", args=[document.pk])).status_code == 404
    assert VPCP_807.subject not in text(client.get(reverse("outgoing:list")))
