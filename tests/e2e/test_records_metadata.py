"""Metadata corrected and search results taken away (issue 15, items 8 and 9), in Chromium on a phone
(390×844, no horizontal scrolling), as Bắc Kạn's people of the demo cast who belong to no unit:

- the clerk (backan.vanthu) searches, chooses the columns and the order of the results, and
  downloads them as an Excel file holding exactly those columns in that order;
- the leader (backan.lanhdao) corrects a document's subject with a reason, and the document's
  page shows the correction: who, the reason, the old and the new value.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from documents.models import DocumentType, MetadataChange
from documents.services.incoming.registration import incoming_create_paper
from documents.services.indexing import document_index
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"


def _arrivals():
    organization = Organization.objects.get(organ_id=BACKAN)
    clerk = User.objects.get(username="backan.vanthu")
    cv = DocumentType.objects.get(code="cong-van")
    docs = []
    for symbol, subject, day, issuer in (
            ("21/BTTTT-CĐSQG", "Về việc thúc đẩy chuyển đổi số trong cơ quan nhà nước", dt.date(2024, 3, 4),
             "Bộ Thông tin và Truyền thông"),
            ("7/SNV-VP", "Về chuyển đổi số công tác văn thư, lưu trữ", dt.date(2024, 5, 20), "Sở Nội vụ tỉnh Bắc Kạn"),
            ("3/STC-KHNS", "Kinh phí chuyển đổi số năm 2024", dt.date(2024, 1, 15), "Sở Tài chính tỉnh Bắc Kạn")):
        doc = incoming_create_paper(actor=clerk, organization=organization, document_type=cv, symbol=symbol,
                                    subject=subject, issued_on=day, issuer_name=issuer)
        document_index(document=doc)
        docs.append(doc)
    return docs


def test_the_clerk_chooses_columns_and_sort_and_downloads_the_results(live_server, page, screenshot, tmp_path):
    call_command("seed_demo", stdout=DEVNULL)
    _arrivals()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)
    log_in(page, live_server.url, "backan.vanthu")
    page.goto(f"{live_server.url}/tra-cuu/")
    page.locator("input[name=q]").fill("chuyen doi so")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_text("Tìm thấy 3 văn bản")).to_be_visible()

    page.get_by_text("Cột hiển thị và thứ tự").click()
    page.get_by_label("Sắp xếp").select_option(label="Ngày văn bản, cũ nhất trước")
    page.locator("#col-state").uncheck()  # the filters have a "Trạng thái" and a "Loại văn bản" too
    page.locator("#col-type").uncheck()
    page.get_by_label("Mã hồ sơ").check()
    page.get_by_role("button", name="Áp dụng").click()
    results = page.locator("[data-results] > li")
    expect(results).to_have_count(3)
    expect(results.nth(0)).to_contain_text("3/STC-KHNS")
    expect(results.nth(2)).to_contain_text("7/SNV-VP")
    expect(results.nth(0)).to_contain_text("Mã hồ sơ")
    expect(results.nth(0)).not_to_contain_text("Trạng thái")
    assert "sort=issued_on" in page.url and "cols=file_code" in page.url
    assert fits_the_phone(page)
    screenshot("clerk-search-columns")

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ket-qua.xlsx"
    download.save_as(path)
    values = [[c.value for c in row] for row in load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows()]
    header = values.index(["Số, ký hiệu", "Ngày văn bản", "Trích yếu", "Cơ quan ban hành", "Mã hồ sơ"])
    assert [row[0] for row in values[header + 1:]] == ["3/STC-KHNS", "21/BTTTT-CĐSQG", "7/SNV-VP"]
    assert not errors, f"error answers: {errors}"


def test_the_leader_corrects_a_subject_with_a_reason_and_sees_the_history(live_server, page, screenshot):
    call_command("seed_demo", stdout=DEVNULL)
    document = _arrivals()[2]
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)
    log_in(page, live_server.url, "backan.lanhdao")
    page.goto(f"{live_server.url}/van-ban/{document.pk}/")
    page.get_by_role("link", name="Sửa thông tin").click()
    expect(page.get_by_role("heading", name="Sửa thông tin văn bản")).to_be_visible()
    assert fits_the_phone(page)
    page.get_by_label("Trích yếu").fill("Về kinh phí chuyển đổi số năm 2024 của tỉnh")
    page.get_by_label("Số trang").fill("2")
    page.get_by_role("button", name="Lưu thay đổi").click()
    # The reason is required: the form says so and nothing is written.
    expect(page.get_by_text("Vui lòng nhập thông tin này.")).to_be_visible()
    assert not MetadataChange.objects.exists()
    page.get_by_label("Lý do sửa").fill("Trích yếu nhập thiếu so với bản giấy")
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.wait_for_url(f"{live_server.url}/van-ban/{document.pk}/#lich-su-sua")
    expect(page.get_by_text("Đã sửa 2 thông tin của văn bản.")).to_be_visible()
    history = page.locator("[data-metadata-history]")
    expect(history).to_contain_text("Đàm Duy Hưng")
    expect(history).to_contain_text("Lý do: Trích yếu nhập thiếu so với bản giấy")
    expect(history.locator("del").first).to_have_text("Kinh phí chuyển đổi số năm 2024")
    expect(history.locator("ins").first).to_have_text("Về kinh phí chuyển đổi số năm 2024 của tỉnh")
    expect(page.locator(".doc-subject-lg")).to_have_text("Về kinh phí chuyển đổi số năm 2024 của tỉnh")
    assert fits_the_phone(page)
    screenshot("leader-metadata-history")
    assert all(e.startswith("400 ") for e in errors), f"error answers besides the form's refusal: {errors}"
