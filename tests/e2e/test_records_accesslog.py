"""Access history in Chromium on a phone (390 px): the specialist of Bắc Kạn opens a document handed
to her and prints it; the clerk (no unit) then sees both accesses on the document's page, under
"Lịch sử truy cập", and in the access report."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from documents.models import DocumentType
from documents.services import access_log
from documents.services.incoming.handling import Holder, incoming_instruct
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from qlvb.demo.story import VPCP_807
from qlvb.models import Organization, User
from tests.documents.records.accesslog_setup import clear_buffer
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"


def _handed_to_the_specialist():
    organization = Organization.objects.get(organ_id=BACKAN)
    clerk, leader = User.objects.get(username="backan.vanthu"), User.objects.get(username="backan.lanhdao")
    sender = Organization.objects.exclude(pk=organization.pk).first()
    document = incoming_create_paper(
        actor=clerk, organization=organization, document_type=DocumentType.objects.get(code="cong-van"),
        symbol="807/VPCP-KSTT", subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1),
        issuer=sender, scan=("807.pdf", VPCP_807.pdf()))
    incoming_register(actor=clerk, document=document, allow_duplicate=True)
    incoming_instruct(actor=leader, document=document, text="Giao chị Mai nghiên cứu, tham mưu.",
                      lead=Holder(user=User.objects.get(username="backan.chuyenvien")))
    return document


def test_the_clerk_sees_who_opened_and_printed_a_document(live_server, page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    clear_buffer()
    document = _handed_to_the_specialist()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)

    # The specialist opens the document (its first page is shown as an image) and prints it.
    log_in(page, live_server.url, "backan.chuyenvien")
    page.goto(f"{live_server.url}/van-ban/{document.pk}/")
    expect(page.locator('img[data-page="1"]')).to_be_visible()
    expect(page.get_by_role("heading", name="Lịch sử truy cập")).to_have_count(0)  # not hers to watch
    with page.expect_download() as download:
        page.get_by_role("link", name="In", exact=True).click()
    printed = download.value
    assert printed.suggested_filename == "ban-in-807.pdf"
    text = " ".join(subprocess.run(["pdftotext", printed.path(), "-"], capture_output=True, check=True)
                    .stdout.decode().split())
    assert "Bản in từ Hệ thống QLVB — Ủy ban nhân dân tỉnh Bắc Kạn — Nông Thị Mai —" in text
    assert "Bản in, không thay thế bản gốc điện tử" in text
    screenshot("accesslog-1-specialist")
    assert access_log.access_log_drain() >= 2  # what beat does every few seconds

    # The clerk (no unit) sees both accesses on the document's page…
    log_in(page, live_server.url, "backan.vanthu")
    page.goto(f"{live_server.url}/van-ban/{document.pk}/")
    history = page.locator("section", has=page.get_by_role("heading", name="Lịch sử truy cập"))
    expect(history).to_be_visible()
    expect(history.locator('[data-access="page_image"]', has_text="Nông Thị Mai")).to_have_count(1)
    expect(history.locator('[data-access="print"]', has_text="Nông Thị Mai")).to_have_count(1)
    history.scroll_into_view_if_needed()
    screenshot("accesslog-2-clerk-history")
    assert fits_the_phone(page)
    history.get_by_role("link", name="Xem tất cả").click()
    page.wait_for_url(f"{live_server.url}/van-ban/{document.pk}/lich-su-truy-cap/")
    expect(page.locator('[data-access="print"]')).to_have_count(1)

    # …and in the access report, through the menu.
    page.goto(f"{live_server.url}/")
    page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Thống kê truy cập").click()
    page.wait_for_url(f"{live_server.url}/van-ban/thong-ke-truy-cap/")
    row = page.locator(f'tr[data-document="{document.pk}"]')
    expect(row).to_contain_text("807/VPCP-KSTT")
    expect(row.locator("td").last).to_have_text("2")
    expect(page.locator('tr[data-person="backan.chuyenvien"] td').last).to_have_text("2")
    screenshot("accesslog-3-clerk-report")
    assert fits_the_phone(page)
    with page.expect_download() as sheet:
        page.get_by_role("link", name="Tải Excel").click()
    assert sheet.value.suggested_filename.endswith(".xlsx")
    assert errors == []
