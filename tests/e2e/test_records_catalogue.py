"""The yearly file catalogue (danh mục hồ sơ) in Chromium on a phone (390×844, no horizontal
scrolling), by the people of Bắc Kạn: the clerk (no unit) draws it up from a Phụ lục V sheet and
corrects a row; the leader (no unit) approves it with the decision; the specialist of VXNV reads the
approved catalogue, can change nothing, and finds the row assigned to her."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import FileCatalogue
from tests.documents.records.catalogue_fixtures import sheet_bytes
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = [
    ["", "I. TỔNG HỢP", "", "", ""],
    ["", "1. Kế hoạch, báo cáo", "", "", ""],
    ["01.TH", "Hồ sơ xây dựng chương trình công tác năm", "Vĩnh viễn", "Hoàng Thị Nhung", ""],
    ["02.TH", "Báo cáo tháng, quý", "10 năm", "Hoàng Thị Nhung", ""],
    ["", "II. VĂN HÓA - XÃ HỘI (VXNV)", "", "", ""],
    ["05.VXNV", "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", "10 năm", "Nông Thị Mai - VXNV", ""],
    ["06.VXNV", "Hồ sơ chuyển đổi số", "20 năm", "VXNV", ""],
]


def _open_catalogues(page) -> None:
    """Hồ sơ in the menu, then Danh mục hồ sơ in its sub-menu."""
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name="Hồ sơ", exact=True).click()
    page.locator(".records-nav").get_by_role("link", name="Danh mục hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", name="Danh mục hồ sơ", exact=True)).to_be_visible()


def test_clerk_imports_leader_approves_specialist_reads(live_server, page, screenshot, tmp_path):
    call_command("seed_demo", stdout=DEVNULL)
    year = timezone.localdate().year
    sheet = tmp_path / "danh-muc-ho-so.xlsx"
    sheet.write_bytes(sheet_bytes(ROWS))

    # The clerk (no unit) draws up this year's catalogue from the sheet, then corrects a row.
    log_in(page, live_server.url, "backan.vanthu")
    _open_catalogues(page)
    page.get_by_role("spinbutton", name="Năm").fill(str(year))
    page.get_by_role("button", name="Lập danh mục").click()
    expect(page.get_by_role("heading", name=f"Danh mục hồ sơ năm {year}")).to_be_visible()
    expect(page.locator("[data-state]")).to_have_text("Dự thảo")
    page.get_by_label("Tệp Excel (.xlsx) theo mẫu Phụ lục V").set_input_files(str(sheet))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_text("Đã nhập danh mục từ tệp Excel: 4 hồ sơ.")).to_be_visible()
    expect(page.locator(".catalogue-heading .catalogue-title").first).to_have_text("I. TỔNG HỢP")
    expect(page.locator(".catalogue-subheading .catalogue-title")).to_have_text("1. Kế hoạch, báo cáo")
    expect(page.locator("[data-code]")).to_have_count(4)
    assert fits_the_phone(page)
    screenshot("clerk-imported")
    page.get_by_role("link", name="Sửa dòng 02.TH").click()
    page.get_by_label("Tên đề mục hoặc tiêu đề hồ sơ").fill("Báo cáo tháng, quý, năm về công tác văn thư")
    page.get_by_label("Thời hạn bảo quản").fill("20 năm")
    page.get_by_role("button", name="Lưu").click()
    row = page.locator('[data-code="02.TH"]')
    expect(row).to_contain_text("Báo cáo tháng, quý, năm về công tác văn thư")
    expect(row).to_contain_text("20 năm")
    expect(page.get_by_role("button", name="Phê duyệt")).to_have_count(0)  # a clerk does not approve
    assert fits_the_phone(page)

    # The leader (no unit) approves it with the decision.
    log_in(page, live_server.url, "backan.lanhdao")
    _open_catalogues(page)
    page.get_by_role("link", name=f"Năm {year}").click()
    page.get_by_label("Số quyết định ban hành").fill("05/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(f"05/01/{year}")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text(f"Đã phê duyệt danh mục hồ sơ năm {year}.")).to_be_visible()
    expect(page.locator("[data-state]")).to_have_text("Đã phê duyệt")
    expect(page.get_by_text(f"(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm {year}")).to_be_visible()
    expect(page.get_by_role("link", name="Sửa dòng 02.TH")).to_have_count(0)
    expect(page.locator("summary", has_text="Mở lại để sửa đổi")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("leader-approved")

    # The specialist of VXNV reads it; nothing to change, and a forced edit is refused.
    log_in(page, live_server.url, "backan.chuyenvien")
    _open_catalogues(page)
    page.get_by_role("link", name=f"Năm {year}").click()
    expect(page.locator('[data-code="05.VXNV"]')).to_contain_text("Nông Thị Mai - VXNV")
    expect(page.get_by_text("Danh mục có 4 hồ sơ: 1 bảo quản vĩnh viễn, 3 bảo quản có thời hạn.")).to_be_visible()
    for name in ("Thêm dòng", "Sao từ năm trước"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    expect(page.get_by_role("button", name="Phê duyệt")).to_have_count(0)
    expect(page.get_by_role("button", name="Mở lại")).to_have_count(0)
    expect(page.locator("summary", has_text="Mở lại để sửa đổi")).to_have_count(0)
    expect(page.get_by_role("link", name="In (PDF)")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("specialist-reads")
    catalogue = FileCatalogue.objects.get(organization__organ_id="000.00.00.H05", year=year)
    entry = catalogue.entries.get(code="02.TH")
    page.goto(f"{live_server.url}/ho-so/danh-muc/{catalogue.pk}/dong/{entry.pk}/")
    expect(page.locator("[data-error-page]")).to_be_visible()
    entry.refresh_from_db()
    assert entry.title == "Báo cáo tháng, quý, năm về công tác văn thư" and entry.retention_years == 20
