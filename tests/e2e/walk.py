"""What every Chromium walk does: sign a demo person in, and check that the page fits the phone."""

from __future__ import annotations

from qlvb.demo.cast import DEMO_PASSWORD


def log_in(page, base: str, username: str) -> None:
    """Sign `username` in (with the demo password) afresh, and wait for "Việc của tôi"."""
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def fits_the_phone(page) -> bool:
    """No sideways scrolling: the page is no wider than the 390 px screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
