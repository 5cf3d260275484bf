import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from qlvb.demo.cast import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_on_a_phone_and_sees_the_vietnamese_dashboard(live_server, page, screenshot):
    call_command("seed_demo")
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/dang-nhap/")
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()
    screenshot("login")
    page.get_by_label("Tên đăng nhập").fill("backan.vanthu")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    assert page.get_by_text("Văn bản chờ vào sổ").is_visible()
    assert page.get_by_text("Ủy ban nhân dân tỉnh Bắc Kạn").first.is_visible()
    # Bootstrap from our own static files: the navbar collapses into a toggler at 390 px.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.locator(".navbar-toggler").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("my-work")
    page.locator(".navbar-toggler").click()
    # The menu slides open; the user's name opens its dropdown once the menu has finished opening
    # (a tap during the slide can be lost on a busy machine).
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bcollapse\b.*\bshow\b|\bshow\b.*\bcollapse\b"))
    page.get_by_text("Hoàng Thị Nhung").click()
    logout = page.get_by_role("button", name="Đăng xuất")
    expect(logout).to_be_visible()
    logout.click()
    page.wait_for_url(f"{live_server.url}/dang-nhap/")
