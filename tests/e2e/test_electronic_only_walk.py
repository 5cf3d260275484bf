"""The e-only catalogue in Chromium on a phone (390×844):

a) the organization's admin opens "Văn bản điện tử" from the menu and marks Công văn reviewed;
b) backan.vanthu (clerk, no unit) drafts a công văn — on the catalogue — to Sở Tài chính tỉnh Bắc Kạn:
   the form offers no paper copy for it; choosing paper anyway asks for a reason, refused without one,
   and the reason then shows next to that recipient on the document page."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from documents.models import Addressee, Document, DocumentType
from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.demo.story import VPCP_807
from qlvb.models import User
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in
from tests.factories import make_authenticator, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
STC = "Sở Tài chính tỉnh Bắc Kạn"
REASON = "Sở đề nghị gửi kèm bản giấy có dấu để đối chiếu"


def test_admin_reviews_a_type_and_the_clerk_sends_paper_only_with_a_reason(live_server, page, screenshot, tmp_path):
    call_command("seed_demo", stdout=DEVNULL)
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 500 and r.url.startswith(base) else None)

    # a) The admin (who must give a second factor) marks Công văn reviewed.
    authenticator = make_authenticator(User.objects.get(username="admin"))
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/tai-khoan/xac-thuc/ma/**")
    page.get_by_label("Mã xác thực").fill(totp_code(authenticator))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{base}/")
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name="Văn bản điện tử", exact=True).click()
    page.wait_for_url(f"{base}/danh-muc-van-ban-dien-tu/")
    expect(page.get_by_role("heading", name="Danh mục văn bản điện tử")).to_be_visible()
    row = page.locator("li[data-type=cong-van]")
    expect(row.locator("[data-needs-review]")).to_have_text("Cần rà soát")
    assert fits_the_phone(page)
    row.get_by_text("Sửa", exact=True).click()
    row.get_by_label("Đã rà soát").check()
    row.get_by_label("Ghi chú").fill("Đã đối chiếu Công văn 775/VPCP-KSTT")
    row.get_by_role("button", name="Lưu").click()
    row = page.locator("li[data-type=cong-van]")
    expect(row.locator("[data-reviewed]")).to_have_text("Đã rà soát")
    expect(row).to_contain_text("Quản trị hệ thống")
    expect(row.locator("[data-electronic-only]")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("catalogue")

    # b) The clerk drafts a công văn to Sở Tài chính: no paper copy is offered for it.
    content = tmp_path / "cong-van.pdf"
    content.write_bytes(VPCP_807.pdf())
    log_in(page, base, "backan.vanthu")
    page.goto(f"{base}/van-ban/di/soan-thao/")
    expect(page.get_by_label("Loại văn bản")).to_have_value(str(DocumentType.objects.get(code="cong-van").pk))
    page.get_by_label(STC, exact=True).check()
    expect(page.locator("[data-paper-plain]:visible")).to_have_count(0)
    paper = page.get_by_label(f"Vẫn gửi bản giấy đến {STC}")
    expect(paper).to_be_hidden()  # behind "vẫn gửi bản giấy?", with its reason
    # A type off the catalogue (Quyết định) offers paper plainly; back to công văn, it does not.
    page.get_by_label("Loại văn bản").select_option(label="Quyết định (cá biệt)")
    expect(page.locator("[data-paper-plain]:visible").first).to_be_visible()
    expect(page.locator("[data-paper-anyway]:visible")).to_have_count(0)
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    expect(page.locator("[data-paper-plain]:visible")).to_have_count(0)
    assert fits_the_phone(page)
    screenshot("no-paper-offered")

    # Choosing paper anyway without a reason: a clear error, nothing saved.
    page.get_by_label("Trích yếu").fill("V/v gửi báo cáo quyết toán ngân sách năm 2026")
    page.get_by_label("Nội dung văn bản (PDF hoặc DOCX)").set_input_files(str(content))
    chooser = page.locator("details[data-paper-anyway]").filter(has_text=STC)
    chooser.locator("summary").click()
    paper.check()
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"“Công văn” thuộc danh mục văn bản gửi điện tử và {STC} nhận được văn bản điện tử: phải ghi lý do gửi bản giấy.")
    assert not Document.objects.filter(direction="out").exists()
    assert fits_the_phone(page)

    # With the reason, the draft is saved and its page shows the reason next to Sở Tài chính.
    expect(page.get_by_label(f"Vẫn gửi bản giấy đến {STC}")).to_be_checked()
    page.get_by_label(f"Lý do gửi bản giấy đến {STC} (bắt buộc)").fill(REASON)
    page.get_by_label("Nội dung văn bản (PDF hoặc DOCX)").set_input_files(str(content))
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(f"{base}/van-ban/di/*/")
    line = page.locator("#addressees-title").locator("xpath=../..").locator("li").filter(has_text=STC)
    expect(line).to_contain_text("Bản giấy")
    expect(line.locator("[data-paper-reason]")).to_contain_text(REASON)
    assert fits_the_phone(page)
    screenshot("reason-on-the-document")
    addressee = Addressee.objects.get(document__direction="out")
    assert (addressee.channel, addressee.paper_reason) == ("paper", REASON)
    assert not errors, errors
