"""Who opened a document and when ("Lịch sử truy cập"), and the access reports: seen by the
organization's clerks and leaders and the document's creator (documents.permissions), nobody else."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.models import FileAccess
from documents.selectors.access_log import access_report
from documents.services.incoming.handling import Holder, incoming_instruct
from qlvb.errors import Forbidden, Refused

from .accesslog_setup import drained, file_url, office_with_empty_buffer, page_url, print_url, registered

pytestmark = [pytest.mark.django_db, pytest.mark.needs_services]


@pytest.fixture
def office(db):
    yield from office_with_empty_buffer()


def history_url(doc) -> str:
    return reverse("documents:access-history", args=[doc.pk])


def report_url(start: dt.date, end: dt.date, **extra) -> str:
    query = f"date_from={start:%d/%m/%Y}&date_to={end:%d/%m/%Y}"
    return reverse("documents:access-report") + "?" + query + "".join(f"&{k}={v}" for k, v in extra.items())


def opened_by_specialist(client, office, doc):
    """The leader hands the document to the specialist, who opens its pages, downloads and prints it."""
    incoming_instruct(actor=office.leader, document=doc, text="Đề nghị xử lý.", lead=Holder(user=office.specialist))
    client.force_login(office.specialist)
    for page in (1, 1):
        assert client.get(page_url(doc, page)).status_code == 200
    assert client.get(file_url(doc, download=True)).status_code == 200
    assert client.get(print_url(doc)).status_code == 200
    client.logout()
    return drained()


def test_the_clerk_sees_who_opened_the_document_on_its_page_and_the_full_history(client, office):
    doc = registered(office)
    opened_by_specialist(client, office, doc)
    client.force_login(office.clerk)
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "Lịch sử truy cập" in page and page.count("Nông Thị Mai") >= 4
    assert 'data-access="print"' in page and 'data-access="download"' in page
    full = client.get(history_url(doc))
    assert full.status_code == 200
    assert full.content.decode().count('data-access="') == 4


def test_the_leader_and_the_creator_see_it_too(client, office):
    doc = registered(office)
    opened_by_specialist(client, office, doc)
    for person in (office.leader, office.clerk):  # the clerk made the document
        client.force_login(person)
        assert client.get(history_url(doc)).status_code == 200
        assert "Lịch sử truy cập" in client.get(reverse("documents:detail", args=[doc.pk])).content.decode()


def test_a_specialist_who_did_not_create_it_sees_no_history(client, office):
    doc = registered(office)
    opened_by_specialist(client, office, doc)
    client.force_login(office.specialist)  # they read the document, but do not watch who else did
    page = client.get(reverse("documents:detail", args=[doc.pk]))
    assert page.status_code == 200 and "Lịch sử truy cập" not in page.content.decode()
    assert client.get(history_url(doc)).status_code == 403


def test_another_organization_sees_nothing(client, office):
    doc = registered(office)
    opened_by_specialist(client, office, doc)
    client.force_login(office.outsider)  # clerk and leader, of another organization
    assert client.get(history_url(doc)).status_code == 404
    today = timezone.localdate()
    response = client.get(report_url(today, today))
    assert response.status_code == 200
    assert 'data-document="' not in response.content.decode()  # its own organization's report is empty
    response = client.get(report_url(today, today, organization=office.org.pk))  # asking for the other one
    assert f'data-document="{doc.pk}"' not in response.content.decode()


def test_the_report_counts_per_document_person_and_day(office, client):
    doc = registered(office)
    second = registered(office, symbol="808/VPCP-KSTT")
    opened_by_specialist(client, office, doc)
    client.force_login(office.clerk)
    client.get(page_url(second, 1))
    client.get(page_url(second, 2))  # a later page of the same opening: logged, not counted
    drained()
    assert FileAccess.objects.count() == 6
    today = timezone.localdate()
    report = access_report(user=office.clerk, organization=office.org, start=today, end=today)
    by_document = {r["document_id"]: (r["views"], r["downloads"], r["prints"], r["total"]) for r in report.documents}
    assert by_document == {doc.pk: (2, 1, 1, 4), second.pk: (1, 0, 0, 1)}
    by_person = {r["person"]: r["total"] for r in report.people}
    assert by_person == {office.specialist: 4, office.clerk: 1}
    assert [(d["day"], d["total"]) for d in report.days] == [(today, 5)]
    assert report.total == 5
    yesterday = today - dt.timedelta(days=1)
    assert access_report(user=office.clerk, organization=office.org, start=yesterday, end=yesterday).total == 0


def test_the_report_page_and_its_xlsx(client, office):
    doc = registered(office)
    doc.subject = "=HYPERLINK(\"http://x\")"
    doc.save(update_fields=["subject"])
    opened_by_specialist(client, office, doc)
    client.force_login(office.leader)
    today = timezone.localdate()
    page = client.get(report_url(today, today))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-document="{doc.pk}"' in text and f'data-person="{office.specialist.username}"' in text
    response = client.get(reverse("documents:access-report-xlsx") + f"?date_from={today:%d/%m/%Y}&date_to={today:%d/%m/%Y}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Theo văn bản", "Theo người", "Theo ngày"]
    rows = list(book["Theo văn bản"].iter_rows(min_row=6, values_only=True))
    assert rows == [("807/VPCP-KSTT", "=HYPERLINK(\"http://x\")", 2, 1, 1, 4)]
    cell = book["Theo văn bản"]["B6"]
    assert cell.data_type == "s" and cell.quotePrefix  # a subject is never a formula
    assert list(book["Theo người"].iter_rows(min_row=6, values_only=True))[0][2:] == (2, 1, 1, 4)


def test_a_secret_documents_subject_is_not_shown_to_a_leader_without_clearance(client, office):
    doc = registered(office)
    doc.secrecy = 1
    doc.save(update_fields=["secrecy"])
    client.force_login(office.clerk)  # has the clearance
    client.get(page_url(doc, 1))
    drained()
    today = timezone.localdate()
    report = access_report(user=office.leader, organization=office.org, start=today, end=today)
    assert report.documents[0]["subject"] != doc.subject and report.documents[0]["readable"] is False
    client.force_login(office.leader)
    assert doc.subject not in client.get(report_url(today, today)).content.decode()


def test_the_report_is_for_clerks_and_leaders_only(client, office):
    today = timezone.localdate()
    for person in (office.specialist, office.head):
        with pytest.raises(Forbidden):
            access_report(user=person, organization=office.org, start=today, end=today)
        client.force_login(person)
        response = client.get(report_url(today, today))
        assert response.status_code == 403
        assert "Chỉ văn thư và lãnh đạo" in response.content.decode()
        assert client.get(reverse("documents:access-report-xlsx")).status_code == 404


def test_a_bad_period_is_refused_with_a_vietnamese_message(client, office):
    today = timezone.localdate()
    with pytest.raises(Refused):
        access_report(user=office.clerk, organization=office.org, start=today, end=today - dt.timedelta(days=1))
    with pytest.raises(Refused):
        access_report(user=office.clerk, organization=office.org, start=today - dt.timedelta(days=400), end=today)
    client.force_login(office.clerk)
    response = client.get(reverse("documents:access-report") + "?date_from=31/02/2026&date_to=01/03/2026")
    assert response.status_code == 400 and "Nhập ngày dạng dd/mm/yyyy." in response.content.decode()
    response = client.get(report_url(today, today - dt.timedelta(days=3)))
    assert response.status_code == 400 and "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    response = client.get(reverse("documents:access-report-xlsx") + "?date_from=x&date_to=y")
    assert response.status_code == 400


def test_the_outgoing_page_shows_its_drafter_who_opened_it(client, office):
    from documents.services.outgoing.drafting import outgoing_draft_create

    from .accesslog_setup import story_pdf

    draft = outgoing_draft_create(actor=office.specialist, organization=office.org, document_type=office.cv,
                                  subject="Báo cáo kết quả gửi, nhận văn bản điện tử", content=("du-thao.pdf", story_pdf()),
                                  paper_recipients=["Như trên"])
    stored = draft.files.get()
    client.force_login(office.leader)
    assert client.get(reverse("outgoing:page-image", args=[draft.pk, stored.pk, 1])).status_code == 200
    drained()
    client.force_login(office.specialist)  # the drafter: the document's creator
    page = client.get(reverse("outgoing:detail", args=[draft.pk])).content.decode()
    assert "Lịch sử truy cập" in page and 'data-access="page_image"' in page and "Đàm Duy Hưng" in page
    assert reverse("documents:file-print", args=[draft.pk, stored.pk]) in page
    client.force_login(office.head)  # the unit head reads the unit's drafts, but does not watch who did
    page = client.get(reverse("outgoing:detail", args=[draft.pk]))
    assert page.status_code == 200 and "Lịch sử truy cập" not in page.content.decode()
