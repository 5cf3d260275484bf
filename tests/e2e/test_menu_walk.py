"""Each role walks its menu in Chromium on a phone: every item it is shown opens a Vietnamese page
that fits the 390 px screen, with no error page on the way.

The roles are those the product must not forget: the clerk with no unit (backan.vanthu), a leader,
a unit head, a specialist, the organization's admin (no document rights) and a clerk of another
organization. The crawl (tests/qlvb/test_crawl.py) follows every link with Django's client; this
walk is what a person does in the browser.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.models import User
from tests.e2e.story_fixtures import DEVNULL
from tests.factories import make_authenticator, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# username → the menu items that person must find (labels as the navbar shows them)
ROLES = {
    "backan.vanthu": ["Việc của tôi", "Văn bản đến", "Văn bản đi", "Tra cứu", "Sổ văn bản", "Hồ sơ", "Cảnh báo"],
    "backan.lanhdao": ["Việc của tôi", "Văn bản đến", "Văn bản đi", "Tra cứu", "Sổ văn bản", "Hồ sơ", "Lưu trữ",
                       "Tổng quan", "Báo cáo xử lý"],
    "backan.vxnv.truongphong": ["Việc của tôi", "Văn bản đến", "Văn bản đi", "Tra cứu", "Sổ văn bản", "Hồ sơ",
                                "Tổng quan", "Báo cáo xử lý"],
    "backan.chuyenvien": ["Việc của tôi", "Văn bản đến", "Văn bản đi", "Tra cứu", "Sổ văn bản", "Hồ sơ"],
    "backan.luutru": ["Việc của tôi", "Hồ sơ", "Lưu trữ"],  # the archivist, no unit
    "admin": ["Việc của tôi", "Cảnh báo", "Tổng quan", "Báo cáo xử lý", "Văn bản điện tử", "Nhật ký", "Quản trị"],
    "vpcp.vanthu": ["Việc của tôi", "Văn bản đến", "Văn bản đi", "Tra cứu", "Sổ văn bản", "Hồ sơ", "Cảnh báo"],
}


def _menu(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    return page.locator(".navbar-collapse")


def test_each_role_opens_every_item_of_its_menu_on_a_phone(live_server, page, screenshot):
    call_command("seed_demo", stdout=DEVNULL)
    authenticators = {u.username: make_authenticator(u) for u in User.objects.filter(username__in=ROLES,
                                                                                      is_superuser=True)}
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)
    # Nothing on any page breaks the Content-Security-Policy (Chromium reports each refusal on the console).
    page.on("console", lambda m: errors.append(f"console: {m.text}")
            if "Content Security Policy" in m.text else None)
    counters: list[str] = []  # htmx still works under the policy: the bell's counter loads by itself
    page.on("request", lambda r: counters.append(r.url) if "/viec-cua-toi/dem/" in r.url else None)
    for username, items in ROLES.items():
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        if username in authenticators:  # a superuser: the code from the authenticator app too
            page.wait_for_url(f"{live_server.url}/tai-khoan/xac-thuc/ma/**")
            page.get_by_label("Mã xác thực").fill(totp_code(authenticators[username]))
            page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_url(f"{live_server.url}/")
        for label in items:
            link = _menu(page).get_by_role("link", name=label, exact=True).first
            assert link.is_visible(), f"{username} does not see “{label}” in the menu"
            link.click()
            page.wait_for_load_state("load")
            assert page.locator("html").get_attribute("lang") == "vi", f"{username} › {label}: not a page of ours"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
                f"{username} › {label} is wider than the phone")
            screenshot(f"{username}-{label}")
        assert not errors, f"{username}: error answers while walking the menu: {errors}"
    assert counters, "htmx did not load the bell's counter"
