"""The seed story, end to end, in Chromium on a phone-sized screen.

One deployment (the live server on the pytest database) hosts Văn phòng Chính phủ, UBND tỉnh Bắc
Kạn and its departments; the local axis runs as its own process with the two demo systems (the
ministries' and Bắc Kạn's), so VPCP ↔ Bắc Kạn goes over the axis while Bắc Kạn → its departments
is direct; a real worker and beat run on the same database.

a) VPCP's specialist drafts 807/VPCP-KSTT (the PDF from documents.rendering.layout), the checks pass, the
   leader signs, the clerk seals and dispatches it to Bắc Kạn and BTTTT;
b) Bắc Kạn receives it over the axis, its signatures verify as valid, the clerk registers it (03),
   the leader instructs Phòng Văn xã - Nội vụ (04), whose head gives it to a specialist; she drafts
   814/UBND-VXNV answering
   it, the Phó Chủ tịch signs, the clerk issues it to the departments and the city (direct);
c) the specialist completes 807 with 814 as the answer (06);
d) VPCP's tracking shows 01, 03, 04 and 06 for Bắc Kạn; the departments have 814 in their lists.
Bắc Kạn's side of the incoming document goes through the incoming screens.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents.literals import Direction
from documents.models import Document, DocumentType, Register
from documents.services.numbering import register_for
from interchange.models import Outbound, Recipient, StatusEvent
from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.demo.story import BACKAN_814, VPCP_807
from qlvb.models import AuditEvent, Unit
from tests.conftest import test_database_url, wait_for
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import DEVNULL, axis_connect, pki_environment
from tests.interchange.deployments import Deployment

demo_cast, story_pki, local_axis = fx.demo_cast, fx.story_pki, fx.local_axis  # fixtures

VPCP, BTTTT, BACKAN = "000.00.00.G22", "000.00.00.G14", "000.00.00.H05"
DEPARTMENTS = ("000.00.01.H05", "000.00.13.H05", "000.00.11.H05", "000.00.31.H05")
REDIS_DB = 3  # this work stream's Redis database on the shared machine


def start_registers_at(letter) -> None:
    """The year has already issued letter.number - 1 documents, so the letter gets its seed number."""
    register = register_for(organization=fx.DemoCast.org(letter.organ_id), direction=Direction.OUTGOING,
                            document_type=DocumentType.objects.get(code="cong-van"))
    Register.objects.filter(pk=register.pk).update(last_number=letter.number - 1)


@pytest.fixture
def deployment(demo_cast, story_pki, local_axis, tmp_path, settings, use_broker):
    """This test's database as one QLVB deployment: connected to the local axis, worker and beat running."""
    import redis

    axis_connect(local_axis.endpoint)
    site = Deployment("story", database_url=test_database_url(), redis_db=REDIS_DB, var_dir=tmp_path / "var",
                      extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT), **pki_environment(story_pki)})
    redis.Redis.from_url(site.redis_url).flushdb()
    use_broker(site.redis_url)
    site.start("worker")
    site.start("beat")
    yield site
    site.stop_all()


class Browser:
    """The phone in everyone's hand: log in as someone, go somewhere, keep screenshots."""

    def __init__(self, page, base: str, screenshot):
        self.page, self.base, self.shot = page, base, screenshot

    def log_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/dang-nhap/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_url(f"{self.base}/")

    def go(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")

    def fits(self) -> bool:
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    def wait_for_pdf(self) -> None:
        """Page 1 of the document, drawn as a picture for the phone, has loaded."""
        # (Not wait_for_function: it evaluates a string, which the pages' Content-Security-Policy forbids.)
        first = self.page.locator('img[alt^="Trang 1"]').first
        expect(first).to_have_js_property("complete", True)
        assert first.evaluate("img => img.naturalWidth") > 500

    def see(self, text: str, timeout: float = 15_000) -> None:
        self.page.get_by_text(text).first.wait_for(timeout=timeout)


def pick_recipient(b: Browser, search: str, name: str) -> None:
    b.page.get_by_label("Tìm cơ quan (trong hệ thống hoặc danh bạ trục liên thông)").fill(search)
    b.page.locator("#recipient-options button").filter(has=b.page.get_by_text(name, exact=True)).click()
    b.page.locator("#chosen-recipients label").filter(has=b.page.get_by_text(name, exact=True)).wait_for()
    assert b.page.get_by_label("Tìm cơ quan (trong hệ thống hoặc danh bạ trục liên thông)").input_value() == ""


def draft_in_browser(b: Browser, letter, pdf_path, *, recipients=(), shortlist=(), reply_to: str = "") -> Document:
    b.go("/van-ban/di/")
    b.page.get_by_role("link", name="Soạn thảo văn bản").click()
    b.page.get_by_label("Độ khẩn").select_option(label="Khẩn")
    b.page.get_by_label("Trích yếu").fill(letter.subject)
    b.page.get_by_label("Nội dung văn bản (PDF hoặc DOCX)").set_input_files(str(pdf_path))
    for search, name in recipients:
        pick_recipient(b, search, name)
    for name in shortlist:
        b.page.locator(".checklist label", has_text=name).locator("input").check()
    if letter.paper_recipients:
        b.page.get_by_label("Nơi nhận bản giấy").fill("\n".join(letter.paper_recipients))
    if reply_to:
        b.page.get_by_label("Trả lời văn bản đến").select_option(value=reply_to)
    assert b.fits()
    b.shot(f"{letter.number}-1-draft-form")
    b.page.get_by_role("button", name="Lưu dự thảo").click()
    b.see("Đã tạo dự thảo.")
    document = Document.objects.filter(direction="out", subject=letter.subject,
                                       organization__organ_id=letter.organ_id).latest("pk")
    b.page.get_by_role("button", name="Trình duyệt dự thảo").click()
    b.see("Đã trình dự thảo.")
    b.wait_for_pdf()
    return document


def review_in_browser(b: Browser, letter, document: Document) -> None:
    for username, button in ((letter.unit_head, "Kiểm tra nội dung"), (letter.clerk, "Kiểm tra thể thức")):
        b.log_in(username)
        b.go(f"/van-ban/di/{document.pk}/")
        b.page.get_by_role("link", name=button).click()
        b.page.get_by_role("button", name="Đồng ý").click()
        b.see("Đã đồng ý dự thảo.")


def sign_in_browser(b: Browser, letter, document: Document, pin: str) -> None:
    b.log_in(letter.leader)
    b.go(f"/van-ban/di/{document.pk}/")
    b.page.get_by_role("link", name="Ký ban hành").first.click()
    b.wait_for_pdf()
    assert b.fits()
    b.shot(f"{letter.number}-2-sign")
    b.page.get_by_label("Mã PIN khóa ký số").fill(pin)
    b.page.get_by_role("button", name="Ký số và ban hành").click()
    b.see(f"Đã ký ban hành văn bản số {letter.number}/", timeout=60_000)


def issue_in_browser(b: Browser, letter, document: Document, pin: str) -> None:
    b.log_in(letter.clerk)
    b.go(f"/van-ban/di/{document.pk}/phat-hanh/")
    assert b.page.get_by_role("button", name="Phát hành").is_disabled()
    assert b.page.get_by_text("Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu).").is_visible()
    b.shot(f"{letter.number}-3-issue-before-seal")
    b.page.get_by_label("Mã PIN khóa ký số của cơ quan").fill(pin)
    b.page.get_by_role("button", name="Ký số của cơ quan").click()
    b.see("Đã ký số của cơ quan lên văn bản và các tệp kèm theo.", timeout=60_000)
    b.wait_for_pdf()
    b.shot(f"{letter.number}-4-sealed")
    assert b.page.get_by_role("button", name="Phát hành").is_enabled()
    b.page.get_by_label("Tôi đã kiểm tra số, ký hiệu và nơi nhận").check()  # the confirm step
    b.page.get_by_role("button", name="Phát hành").click()
    b.see("Đã phát hành văn bản đến các nơi nhận.")
    assert b.fits()
    b.shot(f"{letter.number}-5-tracking-after-dispatch")


@pytest.mark.e2e
@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(900)
def test_the_seed_story_807_and_its_answer_814(live_server, page, screenshot, deployment, demo_cast, tmp_path):
    b = Browser(page, live_server.url, screenshot)
    start_registers_at(VPCP_807)
    start_registers_at(BACKAN_814)
    pdf_807, pdf_814 = tmp_path / "807-du-thao.pdf", tmp_path / "814-du-thao.pdf"
    pdf_807.write_bytes(VPCP_807.pdf())
    pdf_814.write_bytes(BACKAN_814.pdf())

    # a) Văn phòng Chính phủ drafts, checks, signs, seals and dispatches 807/VPCP-KSTT.
    b.log_in(VPCP_807.drafter)
    sent = draft_in_browser(b, VPCP_807, pdf_807, recipients=[
        ("Bắc Kạn", "Ủy ban nhân dân tỉnh Bắc Kạn"), ("Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông")])
    assert {a.channel for a in sent.addressees.all()} == {"axis", "internal", "paper"}
    b.shot("807-1-draft-submitted")
    review_in_browser(b, VPCP_807, sent)
    sign_in_browser(b, VPCP_807, sent, demo_cast.pin(VPCP_807.leader))
    issue_in_browser(b, VPCP_807, sent, demo_cast.pin(VPCP))
    sent.refresh_from_db()
    assert (sent.symbol, sent.state) == ("807/VPCP-KSTT", "dispatched")

    # b) Bắc Kạn: it arrives over the axis; the signatures are valid; registered (03), instructed (04).
    wait_for(lambda: Document.objects.filter(organization__organ_id=BACKAN, direction="in", symbol=sent.symbol,
                                             source="axis").exists(), timeout=120, message="807 at Bắc Kạn")
    arrived = Document.objects.get(organization__organ_id=BACKAN, direction="in", symbol=sent.symbol)
    b.log_in(BACKAN_814.clerk)
    b.go("/van-ban/den/")
    b.page.locator("a.doc-card", has_text="807/VPCP-KSTT").click()
    b.page.wait_for_url(f"{b.base}/van-ban/{arrived.pk}/")
    b.page.get_by_role("link", name="Chữ ký số").first.click()
    b.page.get_by_role("button", name="Kiểm tra lại").click()
    verdict = b.page.locator("[data-outcome]")
    verdict.wait_for()
    assert verdict.get_attribute("data-outcome") == "valid"
    assert b.page.get_by_text("Cả 2 chữ ký số đều hợp lệ.").is_visible()
    b.shot("807-6-backan-signatures-valid")
    b.go(f"/van-ban/{arrived.pk}/")
    b.page.get_by_role("button", name="Vào sổ").click()
    b.see("Đã vào sổ văn bản đến.")
    b.page.get_by_label("Trình lãnh đạo").select_option(label="Đàm Duy Hưng")
    b.page.get_by_role("button", name="Trình lãnh đạo").click()
    b.see("Đã trình Đàm Duy Hưng.")

    b.log_in(BACKAN_814.leader)
    b.go(f"/van-ban/{arrived.pk}/")
    b.page.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    vxnv = Unit.objects.get(organization__organ_id=BACKAN, abbreviation="VXNV")
    b.page.get_by_label("Ý kiến chỉ đạo").fill("Giao Phòng Văn xã - Nội vụ tham mưu văn bản triển khai trong toàn tỉnh.")
    b.page.get_by_label("Chủ trì").select_option(f"unit:{vxnv.pk}")
    b.page.get_by_label("Số ngày làm việc").fill("5")
    b.page.get_by_role("button", name="Gửi ý kiến chỉ đạo").click()
    b.see("Đã cho ý kiến chỉ đạo và phân công xử lý.")
    b.log_in(BACKAN_814.unit_head)  # the head of VXNV gives it to the specialist
    b.go(f"/van-ban/{arrived.pk}/")
    b.page.get_by_label("Nông Thị Mai").check()
    b.page.get_by_role("button", name="Phân công").click()
    b.see("Đã phân công cho Nông Thị Mai.")

    # ... the specialist drafts 814/UBND-VXNV answering 807; the Phó Chủ tịch signs; issued directly.
    b.log_in(BACKAN_814.drafter)
    answer = draft_in_browser(
        b, BACKAN_814, pdf_814, shortlist=("Sở Thông tin và Truyền thông", "Sở Tài chính",
                                           "Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố Bắc Kạn"),
        reply_to=str(arrived.pk))
    assert "807/VPCP-KSTT của Văn phòng Chính phủ" in b.page.locator("[data-reply-to]").inner_text()
    assert answer.reply_to == arrived and {a.channel for a in answer.addressees.all()} == {"internal"}
    review_in_browser(b, BACKAN_814, answer)
    sign_in_browser(b, BACKAN_814, answer, demo_cast.pin(BACKAN_814.leader))
    issue_in_browser(b, BACKAN_814, answer, demo_cast.pin(BACKAN))
    answer.refresh_from_db()
    assert (answer.symbol, answer.signed_by.full_name) == ("814/UBND-VXNV", "Đàm Duy Hưng")
    assert b.page.locator("[data-delivery-state='20']").count() == 4  # 01 from each department, directly

    # c) The specialist completes 807 with 814 as its answer (06).
    b.log_in(BACKAN_814.drafter)
    b.go(f"/van-ban/{arrived.pk}/")
    b.page.get_by_label("Kết quả xử lý").fill("Đã tham mưu UBND tỉnh ban hành Công văn 814/UBND-VXNV.")
    b.page.get_by_label("Văn bản trả lời (nếu có)").select_option(label=f"814/UBND-VXNV — {answer.subject[:60]}")
    b.page.get_by_role("button", name="Hoàn thành").click()
    b.see("Đã hoàn thành xử lý.")
    arrived.refresh_from_db()
    assert arrived.state == "done"

    # d) VPCP sees every step Bắc Kạn took; the departments have 814.
    def backan_codes() -> set[str]:
        return set(StatusEvent.objects.filter(recipient__document=sent, from_organ_id=BACKAN)
                   .values_list("code", flat=True))

    wait_for(lambda: {"01", "03", "04", "06"} <= backan_codes(), timeout=120, message="Bắc Kạn's statuses at VPCP")
    b.log_in(VPCP_807.clerk)
    b.go(f"/van-ban/di/{sent.pk}/theo-doi/")
    backan_row = b.page.locator(f"[data-recipient='{BACKAN}']")
    assert backan_row.get_by_text("06 · Hoàn thành").is_visible()
    for code in ("01", "03", "04", "06"):
        assert b.page.locator(".timeline-status", has_text=f"Ủy ban nhân dân tỉnh Bắc Kạn: {code}").count() == 1, code
    # BTTTT (directly, nobody registered it there) has it, not registered yet; VNPT got paper.
    assert b.page.locator("[data-summary]").first.inner_text() == (
        "1/2 đã tiếp nhận, 1 đã đến, chưa vào sổ, 1 gửi bản giấy")
    assert b.fits()
    b.shot("807-7-vpcp-tracking-all-statuses")
    b.go("/van-ban/di/")
    b.shot("807-8-vpcp-outgoing-list")

    for organ_id in DEPARTMENTS:
        assert Document.objects.filter(organization__organ_id=organ_id, direction="in",
                                       symbol="814/UBND-VXNV").exists(), organ_id
    b.log_in("stttt.vanthu")
    b.go("/van-ban/den/")
    assert b.page.locator("a.doc-card", has_text="814/UBND-VXNV").is_visible()
    b.shot("814-6-department-incoming-list")
    assert not Outbound.objects.filter(state="failed").exists()


@pytest.mark.needs_services
@pytest.mark.django_db
def test_the_seed_story_command_tells_the_story_once(demo_cast, local_axis, settings):
    axis_connect(local_axis.endpoint)
    settings.QLVB_LOCAL_AXIS_URL = local_axis.endpoint
    call_command("seed_story", stdout=DEVNULL)

    sent = Document.objects.get(organization__organ_id=VPCP, direction="out")
    assert (sent.symbol, sent.state, sent.signed_by.username) == ("807/VPCP-KSTT", "dispatched", VPCP_807.leader)
    assert sent.sealed_at is not None and sent.issued_on == timezone.localdate()
    arrived = Document.objects.get(organization__organ_id=BACKAN, direction="in")
    assert (arrived.symbol, arrived.source, arrived.state) == ("807/VPCP-KSTT", "axis", "assigned")
    backan = Recipient.objects.get(document=sent, organ_id=BACKAN)
    assert backan.state == Recipient.State.ASSIGNED
    assert set(StatusEvent.objects.filter(recipient=backan).values_list("code", flat=True)) == {"01", "03", "04"}
    assert Document.objects.get(organization__organ_id=BTTTT, direction="in").symbol == "807/VPCP-KSTT"
    answer = Document.objects.get(organization__organ_id=BACKAN, direction="out")
    assert (answer.state, answer.reply_to, answer.symbol) == ("approved", arrived, "")
    assert sorted(answer.addressees.values_list("organization__organ_id", flat=True)) == sorted(DEPARTMENTS)

    counts = (Document.objects.count(), Outbound.objects.count(), AuditEvent.objects.count())
    said = io.StringIO()
    call_command("seed_story", stdout=said)
    assert (Document.objects.count(), Outbound.objects.count(), AuditEvent.objects.count()) == counts
    # The closing line says the step that is really next (the README walk-through relies on it).
    assert "log in as backan.lanhdao to sign it" in said.getvalue() and "backan.lanhdao.pin" in said.getvalue()
