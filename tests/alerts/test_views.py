"""The pages people use: the bell, the alert list and page with its one-click action, the
dashboard and its drill-down, the system panel, the report archive, KPIs and preferences."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alerts.models import Alert, NotificationPreference, Severity
from alerts.services.scan import alerts_scan
from interchange.models import Outbound
from qlvb.services.people import person_upsert

from .builders import at, incoming, office, outbound, outgoing

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def backan(no_task_queue):
    data = office()
    now = timezone.now()
    data["failed"] = outbound(outgoing(data["org"], symbol="15/UBND-VXNV"), state="failed",
                              created_at=now - dt.timedelta(minutes=30), error_permanent=True,
                              last_error="unknown recipient organization(s): 000.00.00.H99")
    data["waiting"] = incoming(data["org"], received_at=now - dt.timedelta(days=6), symbol="46/VPCP-KSTT")
    alerts_scan(rules=["send_failed", "backlog"])
    data["specialist"] = person_upsert(username="chuyenvien", full_name="Lê Văn Chuyên", organization=data["org"],
                                       roles=["specialist"], password="Mat-khau-thu-1")
    return data


def test_bell_shows_the_open_count_and_the_latest_alerts(client, backan):
    client.force_login(backan["clerk"])
    assert 'data-alert-count="2"' in client.get("/canh-bao/chuong/").content.decode()
    listing = client.get("/canh-bao/chuong/danh-sach/").content.decode()
    assert "Gửi lỗi: 15/UBND-VXNV" in listing and "Tồn đọng: 46/VPCP-KSTT" in listing
    client.force_login(backan["specialist"])
    assert "data-alert-count" not in client.get("/canh-bao/chuong/").content.decode()
    client.logout()
    assert client.get("/canh-bao/chuong/").content == b""


def test_clerk_retries_a_failed_send_from_the_alert_page(client, backan):
    client.force_login(backan["clerk"])
    alert = Alert.objects.get(rule="send_failed")
    page = client.get(f"/canh-bao/{alert.pk}/").content.decode()
    assert "000.00.00.H99" in page and "Gửi lại" in page
    response = client.post(f"/canh-bao/{alert.pk}/xu-ly/retry/", follow=True)
    assert "Đã đưa vào hàng đợi để gửi lại." in response.content.decode()
    assert Outbound.objects.get(pk=backan["failed"].pk).state == Outbound.State.QUEUED
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.RESOLVED


def test_people_outside_the_organization_do_not_see_its_alerts(client, backan):
    other = office("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    alert = Alert.objects.get(rule="send_failed")
    for person in (backan["specialist"], other["clerk"]):
        client.force_login(person)
        assert client.get(f"/canh-bao/{alert.pk}/").status_code == 404
        assert client.post(f"/canh-bao/{alert.pk}/xu-ly/retry/").status_code == 404
        assert "15/UBND-VXNV" not in client.get("/canh-bao/").content.decode()
    assert Outbound.objects.get(pk=backan["failed"].pk).state == Outbound.State.FAILED


def test_alert_list_filters_by_rule_and_state(client, backan):
    client.force_login(backan["admin"])
    page = client.get("/canh-bao/?quy_tac=backlog").content.decode()
    assert "46/VPCP-KSTT" in page and "15/UBND-VXNV" not in page
    Alert.objects.filter(rule="backlog").update(state="resolved")
    assert "46/VPCP-KSTT" not in client.get("/canh-bao/").content.decode()
    assert "46/VPCP-KSTT" in client.get("/canh-bao/?trang_thai=resolved").content.decode()


def test_dashboard_draws_charts_and_links_to_the_failing_documents(client, backan):
    client.force_login(backan["admin"])
    page = client.get("/canh-bao/tong-quan/").content.decode()
    assert page.count("<svg class=\"qlvb-chart\"") == 5  # 3 of the exchange, 2 of the handling report
    assert "Văn bản điện tử gửi, nhận 30 ngày qua" in page
    assert 'data-figure="send_errors">1<' in page and 'data-figure="backlog">1<' in page
    drill = client.get("/canh-bao/tong-quan/van-ban/send_errors/").content.decode()
    assert "15/UBND-VXNV" in drill and "000.00.00.H99" in drill
    track = client.get(f"/canh-bao/van-ban/{backan['failed'].document_id}/").content.decode()
    assert "Gửi lỗi" in track and "Văn phòng Chính phủ" in track
    client.force_login(backan["clerk"])
    assert client.get("/canh-bao/tong-quan/").status_code == 403


def test_system_panel_shows_each_component(client, backan):
    client.force_login(backan["admin"])
    page = client.get("/canh-bao/tong-quan/he-thong/").content.decode()
    for label in ("Cơ sở dữ liệu", "Tiến trình xử lý nền (worker)", "Bộ lập lịch (beat)", "Trục liên thông",
                  "Dung lượng lưu trữ tệp", "Hàng đợi gửi lên trục", "Hàng đợi thư điện tử"):
        assert label in page, label
    assert 'data-component="beat" data-ok="0"' in page  # no heartbeat yet
    assert client.get("/canh-bao/tong-quan/he-thong/bang/").status_code == 200


def test_report_archive_make_read_and_download(client, backan):
    client.force_login(backan["clerk"])
    response = client.post("/canh-bao/bao-cao/lap/", {"co_quan": backan["org"].pk,
                                                      "ngay": timezone.localdate().isoformat()}, follow=True)
    page = response.content.decode()
    assert "BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ" in page and "46/VPCP-KSTT" in page
    report_url = response.redirect_chain[-1][0]
    pdf = client.get(f"{report_url}tep.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert client.get(f"{report_url}tep.xlsx")["Content-Disposition"].startswith("attachment")
    assert "Ngày" in client.get("/canh-bao/bao-cao/").content.decode()
    client.force_login(backan["specialist"])
    assert client.get(report_url).status_code == 403


def test_kpi_page(client, backan):
    outgoing(backan["org"], state="dispatched", signed_at=at(2, 9), dispatched_at=at(2, 10))
    client.force_login(backan["admin"])
    page = client.get("/canh-bao/chi-so/?thang=2026-03").content.decode()
    assert "Chỉ số sử dụng văn bản điện tử tháng 3/2026" in page and "100,0%" in page


def test_preferences_are_saved(client, backan):
    client.force_login(backan["clerk"])
    response = client.post("/canh-bao/cai-dat/", {"email_enabled": "on", "email_min_severity": Severity.CRITICAL,
                                                  "email_rules": ["send_failed", "backlog"]}, follow=True)
    assert "Đã lưu cài đặt nhận cảnh báo." in response.content.decode()
    pref = NotificationPreference.objects.get(user=backan["clerk"])
    assert pref.email_min_severity == Severity.CRITICAL and pref.email_rules == ["send_failed", "backlog"]
    assert pref.daily_report is False
