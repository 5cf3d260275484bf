"""Who reads what in the alerts: every reader of documents — the tracking page, the alert page, the
alert list and e-mails, the dashboard and its drill-down, the daily report (page, files, e-mail)
and the KPIs — gives a person of another organization nothing, and gives the organization's admin
(who manages the system without the right to read its documents) the operational facts (numbers,
states, organ ids, counts) but no document's subject (trích yếu)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import Alert, DailyReport, EmailMessage
from alerts.services.email import email_send
from alerts.services.reports import daily_report_create
from alerts.services.scan import alerts_scan

from .builders import incoming, office, outbound, outgoing

pytestmark = pytest.mark.django_db

SENT_SUBJECT = "V/v phương án sắp xếp nhân sự chưa công bố"
WAITING_SUBJECT = "V/v kết luận thanh tra chưa công bố"
HIDDEN = "không có quyền xem trích yếu"


@pytest.fixture
def world(no_task_queue):
    backan = office()
    department = office("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05", parent=backan["org"])
    other = office("UBND", name="Ủy ban nhân dân tỉnh Cao Bằng", organ_id="000.00.00.H04")
    now = timezone.now()
    failed = outbound(outgoing(backan["org"], symbol="15/UBND-VXNV", subject=SENT_SUBJECT), state="failed",
                      created_at=now - dt.timedelta(minutes=30), error_permanent=True,
                      last_error="unknown recipient organization(s): 000.00.00.H99")
    waiting = incoming(department["org"], received_at=now - dt.timedelta(days=6), symbol="46/VPCP-KSTT",
                       subject=WAITING_SUBJECT)
    alerts_scan(rules=["send_failed", "backlog"])
    return {"backan": backan, "department": department, "other": other, "sent": failed.document,
            "waiting": waiting, "send_failed": Alert.objects.get(rule="send_failed"),
            "backlog": Alert.objects.get(rule="backlog")}


def text(response) -> str:
    return response.content.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def no_subject(page: str) -> bool:
    return SENT_SUBJECT not in page and WAITING_SUBJECT not in page


def test_tracking_page(client, world):
    url = f"/canh-bao/van-ban/{world['sent'].pk}/"
    client.force_login(world["backan"]["clerk"])  # may read the document: everything
    page = text(client.get(url))
    assert SENT_SUBJECT in page and "Mở văn bản" in page and "Văn phòng Chính phủ" in page
    client.force_login(world["backan"]["admin"])  # handles the alert: the exchange, not the subject
    page = text(client.get(url))
    assert "15/UBND-VXNV" in page and "Văn phòng Chính phủ" in page and "Gửi lỗi" in page
    assert no_subject(page) and HIDDEN in page and "Mở văn bản" not in page
    for person in (world["other"]["clerk"], world["other"]["admin"], world["department"]["clerk"]):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(world["backan"]["clerk"])  # a clerk above the department: the facts only
    page = text(client.get(f"/canh-bao/van-ban/{world['waiting'].pk}/"))
    assert "46/VPCP-KSTT" in page and no_subject(page) and HIDDEN in page


def test_alert_page_list_and_bell(client, world):
    sent, waiting = world["send_failed"], world["backlog"]
    client.force_login(world["backan"]["clerk"])
    assert SENT_SUBJECT in text(client.get(f"/canh-bao/{sent.pk}/"))
    client.force_login(world["backan"]["admin"])
    for url in (f"/canh-bao/{sent.pk}/", f"/canh-bao/{waiting.pk}/", "/canh-bao/", "/canh-bao/chuong/danh-sach/"):
        page = text(client.get(url))
        assert no_subject(page), url
    page = text(client.get(f"/canh-bao/{sent.pk}/"))
    assert "15/UBND-VXNV" in page and "000.00.00.H99" in page and HIDDEN in page
    for person in (world["other"]["clerk"], world["other"]["admin"], world["department"]["admin"]):
        client.force_login(person)
        assert client.get(f"/canh-bao/{sent.pk}/").status_code == 404
        assert "15/UBND-VXNV" not in text(client.get("/canh-bao/"))


def test_alert_titles_and_emails_carry_no_subject(world):
    assert "15/UBND-VXNV" in world["send_failed"].title and "46/VPCP-KSTT" in world["backlog"].title
    assert all(no_subject(a.title + a.detail) for a in Alert.objects.all())
    emails = list(EmailMessage.objects.filter(alert__isnull=False))
    assert {e.to for e in emails} >= {world["backan"]["admin"].email, world["backan"]["clerk"].email}
    assert all(no_subject(e.subject + e.body) for e in emails)
    assert not [e for e in emails if e.to in (world["other"]["admin"].email, world["other"]["clerk"].email)]


def test_dashboard_and_drilldown(client, world):
    backan = world["backan"]["org"]
    client.force_login(world["backan"]["admin"])
    assert no_subject(text(client.get("/canh-bao/tong-quan/")))
    for kind, symbol in (("send_errors", "15/UBND-VXNV"), ("backlog", "46/VPCP-KSTT")):
        page = text(client.get(f"/canh-bao/tong-quan/van-ban/{kind}/"))
        assert symbol in page and no_subject(page) and HIDDEN in page, kind
    client.force_login(world["other"]["admin"])
    assert client.get("/canh-bao/tong-quan/", {"co_quan": backan.pk}).status_code == 404
    assert client.get("/canh-bao/tong-quan/van-ban/send_errors/", {"co_quan": backan.pk}).status_code == 404
    assert "15/UBND-VXNV" not in text(client.get("/canh-bao/tong-quan/van-ban/send_errors/"))
    client.force_login(world["other"]["clerk"])
    assert client.get("/canh-bao/tong-quan/van-ban/send_errors/").status_code == 403


def test_kpis(client, world):
    outgoing(world["backan"]["org"], symbol="20/UBND-VXNV", subject=SENT_SUBJECT, state="dispatched",
             signed_at=timezone.now(), dispatched_at=timezone.now())
    client.force_login(world["backan"]["admin"])  # the organization's figure: counted, nothing of content
    page = text(client.get("/canh-bao/chi-so/", {"co_quan": world["backan"]["org"].pk}))
    assert "100,0%" in page and no_subject(page) and "20/UBND-VXNV" not in page
    client.force_login(world["other"]["admin"])
    assert client.get("/canh-bao/chi-so/", {"co_quan": world["backan"]["org"].pk}).status_code == 404
    assert world["backan"]["org"].name not in text(client.get("/canh-bao/chi-so/"))
    client.force_login(world["backan"]["clerk"])
    assert client.get("/canh-bao/chi-so/").status_code == 403


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return str([list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets])


def _pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_daily_report_page_files_and_email(client, world):
    report = daily_report_create(organization=world["backan"]["org"], report_date=timezone.localdate(),
                                 end=timezone.now())
    url = f"/canh-bao/bao-cao/{report.pk}/"
    # The clerk of the province reads its own document's subject, not the department's.
    client.force_login(world["backan"]["clerk"])
    page = text(client.get(url))
    assert SENT_SUBJECT in page and "46/VPCP-KSTT" in page and WAITING_SUBJECT not in page
    xlsx = _xlsx_text(body(client.get(f"{url}tep.xlsx")))
    assert SENT_SUBJECT in xlsx and WAITING_SUBJECT not in xlsx
    # The admin: every figure and number, no subject, in the page and both files.
    client.force_login(world["backan"]["admin"])
    page = text(client.get(url))
    assert "15/UBND-VXNV" in page and "46/VPCP-KSTT" in page and no_subject(page) and HIDDEN in page
    xlsx = _xlsx_text(body(client.get(f"{url}tep.xlsx")))
    assert "15/UBND-VXNV" in xlsx and no_subject(xlsx)
    pdf = _pdf_text(body(client.get(f"{url}tep.pdf")))
    assert "15/UBND-VXNV" in pdf and "SẮP XẾP" not in pdf.upper() and "THANH TRA" not in pdf.upper()
    # Another organization: no report at all.
    for person in (world["other"]["clerk"], world["other"]["admin"], world["department"]["admin"]):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.get(f"{url}tep.xlsx").status_code == 403
    # Each recipient's e-mail carries the files as that recipient may read them.
    mail.outbox.clear()
    rows = {r.to: r for r in EmailMessage.objects.filter(report=report)}
    for person, sees_own in ((world["backan"]["admin"], False), (world["backan"]["clerk"], True)):
        assert email_send(email_id=rows[person.email].pk) == "sent"
        message = mail.outbox[-1]
        files = {name: data for name, data, _ in message.attachments}
        xlsx = _xlsx_text(files[f"bao-cao-{world['backan']['org'].organ_id}-{report.report_date:%Y%m%d}.xlsx"])
        assert "15/UBND-VXNV" in xlsx and (SENT_SUBJECT in xlsx) is sees_own and WAITING_SUBJECT not in xlsx
        assert no_subject(message.subject + message.body)
    assert DailyReport.objects.count() == 1


def test_a_forbidden_document_and_a_missing_one_answer_the_same_on_the_tracking_urls(client, world):
    """Document ids cannot be enumerated: another organization's document and an id that does not exist
    get the same 404 page, on the alerts' tracking page and the outgoing tracking page."""
    client.force_login(world["other"]["clerk"])
    missing = max(world["sent"].pk, world["waiting"].pk) + 10_000
    for url in ("/canh-bao/van-ban/{}/", "/van-ban/di/{}/theo-doi/"):
        forbidden, absent = client.get(url.format(world["sent"].pk)), client.get(url.format(missing))
        assert forbidden.status_code == absent.status_code == 404, url
        assert _unmasked(forbidden) == _unmasked(absent), url


def _unmasked(response) -> str:
    """The page without its CSRF token, which Django masks differently in every response."""
    page = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
