"""In Chromium on a phone-sized screen: an admin opens the dashboard, the alert, and the daily
report (screenshots in test-artifacts/)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from alerts.services.reports import daily_report_create
from alerts.services.scan import alerts_scan
from interchange.models import Recipient
from tests.conftest import ARTIFACTS

from .builders import incoming, office, outbound, outgoing, status_sent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _a_month_of_exchange(org):
    now = timezone.now()
    for day in range(30):
        moment = now - dt.timedelta(days=day, hours=2)
        for _ in range(day % 4 + 1):
            doc = outgoing(org, subject="V/v triển khai văn bản điện tử")
            outbound(doc, created_at=moment, sent_at=moment, recipient_state=Recipient.State.REGISTERED)
        for i in range(day % 3 + 2):
            got = incoming(org, received_at=moment, state="registered", registered_at=moment + dt.timedelta(hours=i + 1))
            status_sent(got, "01")
            status_sent(got, "03")
    outbound(outgoing(org, symbol="15/UBND-VXNV", subject="V/v tăng cường gửi, nhận văn bản điện tử"),
             state="failed", created_at=now - dt.timedelta(hours=3), error_permanent=True,
             last_error="unknown recipient organization(s): 000.00.00.H99; nothing was delivered")
    incoming(org, received_at=now - dt.timedelta(days=5), symbol="46/VPCP-KSTT",
             subject="V/v báo cáo tình hình thực hiện Chỉ thị về chữ ký số")


def test_admin_sees_the_dashboard_and_the_daily_report_on_a_phone(live_server, page, screenshot, no_task_queue):
    backan = office()
    _a_month_of_exchange(backan["org"])
    alerts_scan()
    report = daily_report_create(organization=backan["org"], report_date=timezone.localdate(), end=timezone.now())

    page.goto(f"{live_server.url}/dang-nhap/?next=/canh-bao/tong-quan/")
    page.get_by_label("Tên đăng nhập").fill(backan["admin"].username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-thu-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/canh-bao/tong-quan/")
    assert page.get_by_role("heading", name="Tổng quan gửi, nhận văn bản điện tử").is_visible()
    assert page.locator("svg.qlvb-chart").count() == 5  # three of the exchange, two of the handling report
    assert page.locator("svg.qlvb-chart rect").count() > 30  # bars for a month of traffic
    assert page.locator('[data-figure="send_errors"]').inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("dashboard")

    page.locator('[data-figure="send_errors"]').click()
    page.wait_for_url("**/tong-quan/van-ban/send_errors/**")
    assert page.get_by_text("15/UBND-VXNV").first.is_visible()  # the phone layout: one card per document
    screenshot("drilldown")

    page.goto(f"{live_server.url}/canh-bao/")
    page.get_by_text("Gửi lỗi: 15/UBND-VXNV").click()
    assert page.get_by_role("button", name="Gửi lại").is_visible()
    screenshot("alert")

    page.goto(f"{live_server.url}/canh-bao/bao-cao/{report.pk}/")
    assert page.get_by_role("heading", name="BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ").is_visible()
    assert page.locator('[data-figure="backlog"] td').nth(2).inner_text() == "1"
    assert page.get_by_text("46/VPCP-KSTT").first.is_visible()
    screenshot("daily-report")

    # The PDF as a person would read it: its first page as a picture next to the screenshots.
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", report.pdf.path,
                    str(ARTIFACTS / "test_admin_sees_the_dashboard_and_the_daily_report_on_a_phone-pdf")], check=True)
