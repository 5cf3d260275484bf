"""A scanned letter fills the paper-entry form, in Chromium on a phone (390×844).

backan.vanthu (clerk of Bắc Kạn, no unit) uploads the image of a công văn from Văn phòng Chính phủ;
the OCR worker reads it while the form waits; the fields come back filled and marked "Từ bản quét",
the issuer matched in the directory; she corrects the trích yếu, saves and registers the letter.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from documents.models import Document
from tests.documents.scan.helpers import CONG_VAN_VPCP, scan_of
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_a_clerk_without_a_unit_registers_a_letter_filled_from_its_scan(live_server, page, media_worker, tmp_path):
    call_command("seed_demo", stdout=DEVNULL)
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)
    letter = tmp_path / "cong-van-09-VPCP.png"
    letter.write_bytes(scan_of(CONG_VAN_VPCP))

    log_in(page, base, "backan.vanthu")
    page.goto(base + reverse("documents:paper-create"))
    expect(page.get_by_role("heading", name="Điền tự động từ bản quét")).to_be_visible()
    page.get_by_label("Bản quét văn bản giấy (PDF, JPEG, PNG, TIFF)").set_input_files(str(letter))
    page.get_by_role("button", name="Đọc bản quét").click()
    expect(page.get_by_role("status")).to_contain_text("bản quét")
    assert fits_the_phone(page)

    # The worker reads the scan; the page fills itself when it is done.
    badges = page.locator("[data-from-scan]")
    expect(badges.first).to_be_visible(timeout=240_000)
    expect(badges).to_have_count(7)
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("09/VPCP-KSTT")
    expect(page.get_by_label("Cơ quan ban hành")).to_have_value("Văn phòng Chính phủ")
    assert page.get_by_label("Loại văn bản").evaluate("s => s.options[s.selectedIndex].text") == "Công văn"
    expect(page.get_by_label("Người ký", exact=True)).to_have_value("Phạm Thị Dung")
    expect(page.get_by_label("Trích yếu")).to_have_value("Thực hiện chế độ báo cáo thống kê định kỳ")
    assert fits_the_phone(page)

    page.get_by_label("Trích yếu").fill("V/v thực hiện chế độ báo cáo thống kê định kỳ năm 2024")
    page.get_by_role("button", name="Lưu văn bản đến").click()
    expect(page.get_by_text("Đã nhập văn bản 09/VPCP-KSTT")).to_be_visible()
    page.get_by_role("button", name="Vào sổ").click()
    expect(page.get_by_text("Vào sổ lúc")).to_be_visible()
    assert fits_the_phone(page)

    doc = Document.objects.get(symbol="09/VPCP-KSTT")
    assert doc.subject == "V/v thực hiện chế độ báo cáo thống kê định kỳ năm 2024"
    assert doc.issuer.organ_id == "000.00.00.G22" and doc.signer_name == "Phạm Thị Dung"
    assert doc.registered_at is not None and doc.files.filter(name="cong-van-09-VPCP.png").exists()
    assert not errors, errors
