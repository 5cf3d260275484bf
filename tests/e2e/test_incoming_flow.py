"""One document from arrival to completion, as the people of Bắc Kạn would do it on a phone.

Văn phòng Chính phủ (its own deployment) sends 807/VPCP-KSTT through the real local axis; it
arrives in the live server's database; in Chromium the clerk registers it and presents it to the
leader, the leader instructs a specialist, the specialist completes it; the sender has received
the statuses 01, 03, 04 and 06.
"""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document
from qlvb.models import User
from tests.conftest import wait_for
from tests.e2e.walk import fits_the_phone, log_in

from .conftest import BACKAN

pytestmark = [pytest.mark.e2e, pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

SUBJECT = ("V/v tăng cường gửi, nhận văn bản điện tử giữa các cơ quan hành chính nhà nước nhằm phòng, "
           "chống dịch COVID-19")

SEND = """
import datetime as dt, hashlib, json
from django.core.files.base import ContentFile
from documents.models import Document, DocumentFile, DocumentType
from documents.rendering.layout import DocumentLayout, render_document
from interchange.services.outbox import outbound_document_enqueue
from qlvb.models import Organization
vpcp = Organization.objects.get(organ_id="000.00.00.G22")
backan = Organization.objects.get(organ_id="000.00.00.H05")
today = dt.date.today()
pdf = render_document(DocumentLayout(
    organization=vpcp.name, symbol="807/VPCP-KSTT", place="Hà Nội", date=today, subject=SUBJECT[4:],
    body=["Văn phòng Chính phủ đề nghị các bộ, ngành, địa phương tăng cường gửi, nhận văn bản điện tử."],
    recipients_to=["UBND các tỉnh, thành phố trực thuộc Trung ương."], places=["Như trên;", "Lưu: VT, KSTT."],
    signer_title="BỘ TRƯỞNG, CHỦ NHIỆM", signer_name="Mai Tiến Dũng"))
doc = Document.objects.create(
    organization=vpcp, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
    symbol="807/VPCP-KSTT", subject=SUBJECT, issued_on=today, urgency=1, state="issued",
    signer_name="Mai Tiến Dũng", signer_title="Bộ trưởng, Chủ nhiệm")
f = DocumentFile(document=doc, name="807-VPCP-KSTT.pdf", content_type="application/pdf", size=len(pdf),
                 sha256=hashlib.sha256(pdf).hexdigest())
f.file.save("807-VPCP-KSTT.pdf", ContentFile(pdf), save=False)
f.save()
print(json.dumps(outbound_document_enqueue(document=doc, recipients=[backan]).external_id))
"""


def open_from_my_work(page, section: str) -> None:
    card = page.locator(f'[data-section="{section}"] a.doc-card', has_text="807/VPCP-KSTT")
    card.click()
    page.wait_for_url("**/van-ban/*/")


def test_a_document_from_the_axis_is_registered_instructed_and_completed(
        live_server, page, screenshot, sender, receiver):
    base = live_server.url
    external_id = json.loads(sender.shell(f"SUBJECT = {SUBJECT!r}\n" + SEND).strip().splitlines()[-1])
    wait_for(lambda: Document.objects.filter(external_id=external_id, direction="in").exists(), timeout=90,
             message="the document to arrive over the axis")
    document = Document.objects.get(external_id=external_id, direction="in")
    assert document.state == "arrived" and document.organization.organ_id == BACKAN[0]

    # The clerk: to register, urgent, on her list; the PDF is there; register and present.
    log_in(page, base, "backan.vanthu")
    to_register = page.locator('[data-section="to_register"]')
    assert to_register.get_by_text("Khẩn").first.is_visible()
    assert fits_the_phone(page)
    screenshot("1-clerk-my-work")
    page.goto(f"{base}/van-ban/den/")
    assert page.locator("a.doc-card.urgency-1", has_text="807/VPCP-KSTT").is_visible()
    screenshot("2-incoming-list")
    page.locator("summary", has_text="Bộ lọc").click()
    page.get_by_label("Độ khẩn").select_option("khan")  # htmx swaps the results in place
    page.wait_for_url("**urgency=khan**")
    assert page.locator("a.doc-card", has_text="807/VPCP-KSTT").is_visible()
    screenshot("2b-incoming-filters")
    page.get_by_role("link", name="Nhập văn bản giấy").click()
    page.get_by_label("Cơ quan ban hành").press_sequentially("Văn phòng Chính")
    page.locator("#issuer-options option").first.wait_for(state="attached")
    assert page.evaluate("document.activeElement.name") == "issuer_name"
    screenshot("2c-paper-form")
    page.goto(f"{base}/van-ban/den/")
    page.locator("a.doc-card", has_text="807/VPCP-KSTT").click()
    page.wait_for_url(f"{base}/van-ban/{document.pk}/")
    # The received PDF is shown as page images (rendered by the server, loaded by the browser) and
    # downloaded sandboxed: never opened by the browser's plugin.
    first_page = page.get_by_role("img", name="Trang 1", exact=False).first
    first_page.scroll_into_view_if_needed()
    expect(first_page).to_have_js_property("complete", True)
    assert first_page.evaluate("img => img.naturalWidth") > 0
    download = page.get_by_role("link", name="Tải về").first
    pdf = page.request.get(base + download.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
    assert pdf.headers["content-security-policy"].startswith("sandbox")
    assert pdf.headers["content-disposition"].startswith("attachment")
    screenshot("3-arrived")
    page.get_by_role("button", name="Vào sổ").click()
    page.get_by_text("Đã vào sổ văn bản đến.").wait_for()
    page.get_by_label("Trình lãnh đạo").select_option(label="Đàm Duy Hưng")
    page.get_by_role("button", name="Trình lãnh đạo").click()
    page.get_by_text("Đã trình Đàm Duy Hưng.").wait_for()
    assert fits_the_phone(page)
    screenshot("4-registered-and-presented")

    # The leader: the document waits for an instruction; lead = the specialist, 5 working days.
    log_in(page, base, "backan.lanhdao")
    open_from_my_work(page, "to_instruct")
    page.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    specialist = User.objects.get(username="backan.chuyenvien")
    page.get_by_label("Ý kiến chỉ đạo").fill("Giao đồng chí Mai tham mưu văn bản triển khai, báo cáo kết quả.")
    page.get_by_label("Chủ trì").select_option(f"user:{specialist.pk}")
    page.get_by_label("Số ngày làm việc").fill("5")
    page.locator("summary", has_text="Nhận để biết").click()
    page.get_by_label("Phòng Văn xã - Nội vụ").last.check()
    assert fits_the_phone(page)
    screenshot("5-instruct-form")
    page.get_by_role("button", name="Gửi ý kiến chỉ đạo").click()
    page.get_by_text("Đã cho ý kiến chỉ đạo và phân công xử lý.").wait_for()
    screenshot("6-instructed")

    # The specialist: her assignment, with its deadline; she completes it.
    log_in(page, base, "backan.chuyenvien")
    assert page.locator('[data-section="my_assignments"]').get_by_text("Chủ trì").first.is_visible()
    open_from_my_work(page, "my_assignments")
    page.get_by_label("Kết quả xử lý").fill("Đã tham mưu UBND tỉnh ban hành Công văn 814/UBND-VXNV.")
    page.get_by_role("button", name="Hoàn thành").click()
    page.get_by_text("Đã hoàn thành xử lý.").wait_for()
    assert page.locator(".badge", has_text="Hoàn thành").first.is_visible()
    screenshot("7-done")
    document.refresh_from_db()
    assert document.state == "done" and document.due_date > timezone.localdate()

    # The sender heard every step.
    def sender_codes() -> set[str]:
        rows = sender.query("SELECT code FROM interchange_statusevent WHERE external_id = %s AND from_organ_id = %s",
                            [external_id, BACKAN[0]])
        return {code for (code,) in rows}

    wait_for(lambda: {"01", "03", "04", "06"} <= sender_codes(), timeout=90, message="statuses at the sender")
    assert sender.scalar("SELECT r.state FROM interchange_recipient r JOIN interchange_outbound o "
                         "ON o.id = r.outbound_id WHERE o.external_id = %s AND r.organ_id = %s",
                         [external_id, BACKAN[0]]) == 60  # Hoàn thành
