"""An organization's admin, on a phone (390 px), opens the audit log from the menu, filters it and
exports what they filtered; every page fits the screen and the download is the filtered list."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.models import User
from tests.e2e.story_fixtures import DEVNULL
from tests.factories import make_authenticator, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_admin_filters_and_exports_the_audit_log_on_a_phone(live_server, page, screenshot, tmp_path):
    call_command("seed_demo", stdout=DEVNULL)
    authenticator = make_authenticator(User.objects.get(username="admin"))
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tai-khoan/xac-thuc/ma/**")  # a superuser: the authenticator's code too
    page.get_by_label("Mã xác thực").fill(totp_code(authenticator))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/")

    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name="Nhật ký", exact=True).click()
    page.wait_for_url(f"{live_server.url}/nhat-ky/")
    assert page.get_by_role("heading", name="Nhật ký hệ thống").is_visible()
    assert page.locator("[data-chain-status]").is_visible()
    assert _fits(page)
    screenshot("audit-list")

    # A bad range first: a clear error, no rows
    page.get_by_label("Từ ngày").fill("2026-12-07")
    page.get_by_label("Đến ngày").fill("2026-12-01")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.").is_visible()
    assert page.locator("[data-audit-seq]").count() == 0
    errors.clear()  # the 400 of the bad filter was expected

    # Their own login, by action and by person
    page.get_by_label("Từ ngày").fill("")
    page.get_by_label("Đến ngày").fill("")
    page.get_by_label("Hành động").select_option("auth.login")
    page.get_by_label("Người thực hiện").fill("admin")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state("load")
    rows = page.locator("[data-audit-seq]")
    assert rows.count() >= 1
    assert all(text == "auth.login" for text in page.locator(".audit-action").all_inner_texts())
    assert _fits(page)
    screenshot("audit-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Xuất Excel").click()
    download = download_info.value
    assert download.suggested_filename.startswith("nhat-ky-") and download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).active
    exported = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(exported) == rows.count() and {row[2] for row in exported} == {"auth.login"}

    rows.first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("Sự kiện #")
    assert _fits(page)
    screenshot("audit-detail")
    assert not errors, errors
