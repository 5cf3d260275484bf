"""Hồ sơ công việc in Chromium on a phone (390×844): backan.chuyenvien (unit VXNV) opens her hồ sơ
from the approved catalogue's row, files the answer 814 and the letter 807 it answers from the
suggestions, adds the meeting's biên bản, closes the hồ sơ and downloads its mục lục; the clerk
backan.vanthu (no unit) finds it in the organization's list; the leader backan.lanhdao (no unit)
opens it."""

from __future__ import annotations

import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import DocumentAccess
from documents.models.records import RecordFile
from qlvb.models import Organization, User
from tests.documents.records.workfile_helpers import make_catalogue, make_doc, pdf_bytes
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"
TITLE = "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử"


def _setting(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    org = Organization.objects.get(organ_id=BACKAN)
    specialist = User.objects.get(username="backan.chuyenvien")
    unit = specialist.memberships.get().unit
    today = timezone.localdate()
    make_catalogue(org, year=today.year, rows=[("01.VP", "Hồ sơ hội nghị giao ban", 5, None, None),
                                               ("05.VXNV", TITLE, 10, unit, None)])
    letter = make_doc(org, symbol="807/VPCP-KSTT", subject="Về việc tăng cường gửi, nhận văn bản điện tử",
                      issued_on=today, pages=2)
    DocumentAccess.objects.create(document=letter, user=specialist, reason="assigned")
    make_doc(org, symbol="814/UBND-VXNV", direction="out", subject="Về việc gửi, nhận văn bản điện tử",
             issued_on=today, pages=1, created_by=specialist, unit=unit, reply_to=letter)


def test_a_specialist_makes_a_hồ_sơ_and_the_clerk_and_the_leader_find_it(live_server, page, screenshot, settings,
                                                                        tmp_path):
    _setting(settings, tmp_path)
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)

    log_in(page, live_server.url, "backan.chuyenvien")
    page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Hồ sơ").click()
    expect(page.get_by_role("heading", name="Hồ sơ công việc")).to_be_visible()
    page.get_by_role("link", name="Mở hồ sơ").click()
    rows = page.locator(".catalogue-rows li")
    expect(rows.first).to_contain_text("05.VXNV")  # her unit's row first
    assert fits_the_phone(page)
    page.get_by_role("button", name="Mở hồ sơ 05.VXNV").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("[data-record-state]")).to_have_text("Đang lập")

    # The answer from what she handled, then the letter it answers from the thread.
    page.locator('[data-suggestions="handled"]').get_by_role("button", name="Thêm 814/UBND-VXNV vào hồ sơ").click()
    expect(page.get_by_text("Đã thêm 814/UBND-VXNV vào hồ sơ.")).to_be_visible()
    page.locator('[data-suggestions="thread"]').get_by_role("button", name="Thêm 807/VPCP-KSTT vào hồ sơ").click()
    expect(page.locator(".record-items > li")).to_have_count(2)

    page.get_by_label("Tên tài liệu").fill("Biên bản họp triển khai")
    page.get_by_label("Loại").select_option("minutes")
    page.locator("#attach-file").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(1)}])
    page.get_by_role("button", name="Thêm tệp vào hồ sơ").click()
    expect(page.locator(".record-items > li")).to_have_count(3)
    expect(page.locator(".record-items > li").nth(2)).to_contain_text("Biên bản họp triển khai")
    assert fits_the_phone(page)
    screenshot("records-workfile-open")

    page.get_by_role("link", name="Kết thúc hồ sơ").click()
    expect(page.get_by_role("heading", name="Kiểm tra trước khi kết thúc hồ sơ")).to_be_visible()
    expect(page.get_by_text("Không thấy văn bản trùng hay dự thảo.")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("records-workfile-review")
    page.get_by_role("button", name="Kết thúc hồ sơ").click()
    expect(page.locator("[data-record-state]")).to_have_text("Đã kết thúc")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mục lục văn bản").click()
    text = subprocess.run(["pdftotext", "-layout", download.value.path(), "-"], capture_output=True,
                          check=True).stdout.decode()
    assert "MỤC LỤC VĂN BẢN, TÀI LIỆU" in text and "814/UBND-VXNV" in text and "Biên bản họp triển khai" in text
    assert "1–2" not in text or "807/VPCP-KSTT" in text
    record = RecordFile.objects.get(code="05.VXNV")
    assert record.state == "closed" and record.items.count() == 3

    log_in(page, live_server.url, "backan.vanthu")
    page.goto(f"{live_server.url}/ho-so/")
    expect(page.get_by_role("link", name=f"05.VXNV — {TITLE}")).to_be_visible()
    assert fits_the_phone(page)

    log_in(page, live_server.url, "backan.lanhdao")
    page.goto(f"{live_server.url}/ho-so/")
    page.get_by_role("link", name=f"05.VXNV — {TITLE}").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".record-items > li")).to_have_count(3)
    expect(page.get_by_text(f"{BACKAN}.{timezone.localdate().year}.05.VXNV")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("records-workfile-leader")
    assert errors == []
