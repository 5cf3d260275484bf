"""Báo cáo tình hình gửi, nhận văn bản điện tử: what it counts, the lists behind the counts, the
change since the previous report, its PDF and Excel files, its e-mail, and when it is made."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import openpyxl
import pytest
from django.core import mail

from alerts.models import DailyReport, EmailMessage
from alerts.services.email import email_send
from alerts.services.reports import daily_report_create, daily_reports_run, report_period
from interchange.models import Recipient

from .builders import at, inbound_failed, incoming, office, outbound, outgoing, status_sent

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 11)  # Wednesday; the period runs from Tuesday 16:30 to Wednesday 16:30


@pytest.fixture
def province():
    backan = office()
    finance = office("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05", parent=backan["org"])
    org, dept = backan["org"], finance["org"]
    sent = outgoing(org, symbol="15/UBND-VXNV", subject="V/v tăng cường gửi, nhận văn bản điện tử")
    outbound(sent, created_at=at(11, 9), sent_at=at(11, 9), recipient_state=Recipient.State.ARRIVED)
    silent = outgoing(org, symbol="17/UBND-VXNV", subject="V/v phòng, chống dịch COVID-19")
    outbound(silent, created_at=at(11, 8), sent_at=at(11, 8))  # no 01 by 16:30
    outbound(outgoing(org, symbol="16/UBND-VXNV"), state="failed", created_at=at(11, 10), error_permanent=True,
             last_error="unknown recipient organization(s): 000.00.00.H99")
    inbound_failed(org, received_at=at(11, 8), error="ContentTransferEncoded is not base64")
    got = incoming(dept, received_at=at(11, 9), symbol="45/VPCP-KSTT", state="registered", registered_at=at(11, 9, 30))
    status_sent(got, "01")
    status_sent(got, "03")
    incoming(dept, received_at=at(9, 16), symbol="46/VPCP-KSTT", subject="V/v báo cáo tình hình thực hiện Chỉ thị")
    return {"province": backan, "finance": finance}


def test_period_runs_from_the_previous_working_day(settings):
    settings.QLVB_ALERTS_DAILY_REPORT_TIME = "16:30"
    assert report_period(DAY) == (at(10, 16, 30), at(11, 16, 30))
    assert report_period(dt.date(2026, 3, 9)) == (at(6, 16, 30), at(9, 16, 30))  # Monday: since Friday


def test_province_report_counts_and_lists_its_departments(province, no_task_queue):
    report = daily_report_create(organization=province["province"]["org"], report_date=DAY)
    counts = report.figures["counts"]
    assert counts == {"sent": 2, "received": 1, "send_errors": 1, "receive_errors": 1, "backlog": 1,
                      "status_owed": 1, "status_missing": 1, "rejected": 0}
    symbols = {key: [row["symbol"] for row in rows] for key, rows in report.lists.items()}
    assert sorted(symbols["sent"]) == ["15/UBND-VXNV", "17/UBND-VXNV"]
    assert symbols["send_errors"] == ["16/UBND-VXNV"]
    assert symbols["backlog"] == ["46/VPCP-KSTT"] and symbols["status_owed"] == ["46/VPCP-KSTT"]
    assert symbols["status_missing"] == ["17/UBND-VXNV"]
    assert report.lists["backlog"][0]["organization"] == "STC"
    assert "01 (Đã đến)" in report.lists["status_owed"][0]["codes"]
    assert "000.00.00.H99" in report.lists["send_errors"][0]["error"]
    # The errors are said in Vietnamese (finding 9): not the axis client's or the parser's English.
    assert report.lists["send_errors"][0]["error"].startswith("Nơi nhận không có trong danh bạ")
    assert "base64" not in report.lists["receive_errors"][0]["error"]
    assert report.lists["receive_errors"][0]["error"].startswith("Lỗi kỹ thuật")

    department = daily_report_create(organization=province["finance"]["org"], report_date=DAY)
    assert department.figures["counts"]["sent"] == 0 and department.figures["counts"]["backlog"] == 1


def test_change_from_the_previous_report(province, no_task_queue):
    org = province["province"]["org"]
    previous = daily_report_create(organization=org, report_date=dt.date(2026, 3, 10))
    assert previous.figures["change"]["sent"] is None  # nothing to compare with
    report = daily_report_create(organization=org, report_date=DAY)
    assert report.figures["previous_date"] == "2026-03-10"
    assert report.figures["previous"]["sent"] == previous.figures["counts"]["sent"] == 0
    assert report.figures["change"]["sent"] == 2
    assert report.figures["change"]["backlog"] == report.figures["counts"]["backlog"] - previous.figures["counts"]["backlog"]


def test_pdf_has_the_vietnamese_title_figures_and_lists(province, no_task_queue):
    report = daily_report_create(organization=province["province"]["org"], report_date=DAY)
    text = subprocess.run(["pdftotext", "-layout", report.pdf.path, "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ" in text
    assert "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Ngày 11/03/2026" in text
    for needle in ("Văn bản tồn đọng chưa vào sổ", "46/VPCP-KSTT", "16/UBND-VXNV", "000.00.00.H99",
                   "Văn bản điện tử đã gửi", "17/UBND-VXNV"):
        assert needle in text, needle


def test_pdf_cuts_long_lists_and_points_to_the_excel_file(province, settings, no_task_queue):
    settings.QLVB_ALERTS_REPORT_PDF_MAX_ROWS = 1
    report = daily_report_create(organization=province["province"]["org"], report_date=DAY)
    text = subprocess.run(["pdftotext", report.pdf.path, "-"], capture_output=True, text=True, check=True).stdout
    assert "và 1 văn bản khác: xem đầy đủ trong tệp Excel" in text


def test_excel_has_a_summary_and_every_list(province, no_task_queue):
    report = daily_report_create(organization=province["province"]["org"], report_date=DAY)
    book = openpyxl.load_workbook(io.BytesIO(report.xlsx.read()))
    assert book.sheetnames[0] == "Tổng hợp" and len(book.sheetnames) == 9
    summary = [row for row in book["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[0][0] == "BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ"
    assert (5, "Văn bản tồn đọng chưa vào sổ", 1, None, None) in summary
    backlog = list(book["5. Văn bản đến tồn đọng"].iter_rows(values_only=True))
    assert backlog[0][:4] == ("TT", "Cơ quan", "Số, ký hiệu", "Trích yếu")
    assert backlog[1][:4] == (1, "STC", "46/VPCP-KSTT", "V/v báo cáo tình hình thực hiện Chỉ thị")


def test_report_is_emailed_with_pdf_and_excel_to_the_organizations_clerks_and_admins(province, settings,
                                                                                     no_task_queue):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = daily_report_create(organization=province["province"]["org"], report_date=DAY)
    rows = list(EmailMessage.objects.filter(report=report))
    assert sorted(r.to for r in rows) == sorted([province["province"]["clerk"].email,
                                                 province["province"]["admin"].email])
    assert all(email_send(email_id=r.pk) == "sent" for r in rows)
    message = mail.outbox[0]
    assert "Báo cáo tình hình gửi, nhận văn bản điện tử ngày 11/03/2026" in message.subject
    assert "Văn bản tồn đọng chưa vào sổ: 1" in message.body
    names = sorted(a[0] for a in message.attachments)
    assert names == ["bao-cao-000.00.00.H05-20260311.pdf", "bao-cao-000.00.00.H05-20260311.xlsx"]
    assert message.attachments[0][1][:5] == b"%PDF-"


def test_made_once_on_working_days_after_the_report_time(province, no_task_queue):
    assert daily_reports_run(now=at(11, 16, 0)) == {"skipped": "before the report time"}
    assert daily_reports_run(now=at(14, 17, 0)) == {"skipped": "not a working day"}  # Saturday
    made = daily_reports_run(now=at(11, 16, 31))["made"]
    assert sorted(made) == ["000.00.00.H05", "000.00.11.H05"]
    assert daily_reports_run(now=at(11, 16, 45)) == {"made": []}
    assert DailyReport.objects.filter(report_date=DAY).count() == 2


def test_excel_writes_other_agencies_text_as_data_never_as_formulas(province, no_task_queue):
    """Subjects, issuers and error texts come from other agencies: none may become a formula."""
    from alerts.reports.excel import report_xlsx

    report = daily_report_create(organization=province["province"]["org"], report_date=DAY)
    starts = ["=HYPERLINK(\"http://127.0.0.1:9/\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    hostile = {key: [{field: (starts[i % len(starts)] if isinstance(value, str) else value)
                      for i, (field, value) in enumerate(item.items())} for item in items]
               for key, items in report.lists.items()}
    assert any(hostile.values()), "the report has no rows to attack"
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, hostile)))
    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not [f"{cell.parent.title}!{cell.coordinate}" for cell in cells if cell.data_type == "f"]
    risky = [cell for cell in cells if cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert risky and all(cell.data_type == "s" and cell.quotePrefix for cell in risky)
