"""Metadata that can be completed and corrected (Phụ lục VI III.7.c): who may correct a document's
metadata, with a reason; old and new values kept and shown; nothing half-written; the search index
follows; the page count read from the main PDF; the page and the REST API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from rest_framework.test import APIClient

from documents.errors import DocumentError
from documents.models import Document, DocumentType, MetadataChange, RecordFile, RecordItem
from documents.selectors.records_metadata import metadata_history
from documents.selectors.search import SearchFilters, document_search
from documents.services.files import file_store
from documents.services.incoming.registration import incoming_create_paper
from documents.services.indexing import document_index
from documents.services.records.metadata import document_metadata_edit
from qlvb.errors import Forbidden, Refused
from qlvb.models import AuditEvent
from tests.factories import make_document, make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


def pdf_of(pages: int) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for i in range(pages):
        c.drawString(72, 760, f"Trang {i + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    other = make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    o = {
        "org": org, "other": other, "vx": vx,
        "clerk": make_user(org, ["clerk"], username="vanthu"),
        "leader": make_user(org, ["leader"], username="lanhdao"),
        "head": make_user(org, ["unit_head"], unit=vx, username="truongphong"),
        "specialist": make_user(org, ["specialist"], unit=vx, username="chuyenvien"),
        "outsider": make_user(other, ["clerk"], username="vanthu.stc"),
        "cv": DocumentType.objects.get(code="cong-van"),
        "qd": DocumentType.objects.get(code="quyet-dinh"),
    }
    o["doc"] = incoming_create_paper(actor=o["clerk"], organization=org, document_type=o["cv"], symbol="807/VPCP-KSTT",
                                     subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1),
                                     issuer_name="Văn phòng Chính phủ", scan=("807.pdf", pdf_of(3)))
    document_index(document=o["doc"])
    return o


def edit(actor, document, reason="Nhập sai khi vào sổ", **changes):
    return document_metadata_edit(actor=actor, document=document, changes=changes, reason=reason)


def test_the_page_count_is_read_from_the_main_pdf(office):
    assert Document.objects.get(pk=office["doc"].pk).page_count == 3
    assert office["doc"].language == "Tiếng Việt"


def test_a_clerk_corrects_the_subject_old_and_new_kept_with_an_audit_event(office):
    doc = office["doc"]
    rows = edit(office["clerk"], doc, subject="V/v tăng cường gửi, nhận văn bản điện tử trên Trục liên thông",
                issued_on=dt.date(2021, 2, 2), page_count=4, description="Bản scan thiếu trang cuối")
    doc.refresh_from_db()
    assert doc.subject.endswith("Trục liên thông") and doc.issued_on == dt.date(2021, 2, 2) and doc.page_count == 4
    assert {(r.field, r.old, r.new) for r in rows} == {
        ("subject", "V/v tăng cường gửi, nhận văn bản điện tử", doc.subject),
        ("issued_on", "01/02/2021", "02/02/2021"), ("page_count", "3", "4"),
        ("description", "", "Bản scan thiếu trang cuối")}
    assert all(r.reason == "Nhập sai khi vào sổ" and r.by == office["clerk"] for r in rows)
    event = AuditEvent.objects.filter(action="document.metadata_edit").get()
    assert event.object_id == str(doc.pk) and event.data["changes"]["issued_on"] == {"old": "2021-02-01",
                                                                                   "new": "2021-02-02"}
    # A page count corrected by a person is no longer overwritten from a new main file.
    file_store(document=doc, name="807-v2.pdf", data=pdf_of(5), content_type="application/pdf")
    doc.refresh_from_db()
    assert doc.page_count == 4


def test_only_changed_fields_are_kept_and_nothing_changed_is_refused(office):
    doc = office["doc"]
    rows = edit(office["clerk"], doc, subject=doc.subject, urgency=1)
    assert [r.field for r in rows] == ["urgency"] and (rows[0].old, rows[0].new) == ("Thường", "Khẩn")
    with pytest.raises(Refused) as refused:
        edit(office["clerk"], doc, urgency=1)
    assert refused.value.code == DocumentError.METADATA_NOTHING_CHANGED


def test_the_reason_is_required(office):
    with pytest.raises(Refused) as refused:
        edit(office["clerk"], office["doc"], reason="  ", subject="Khác")
    assert refused.value.code == DocumentError.METADATA_REASON_REQUIRED
    assert not MetadataChange.objects.exists() and Document.objects.get(pk=office["doc"].pk).subject != "Khác"


@pytest.mark.parametrize("changes", [
    {"subject": "Đúng", "issued_on": "2021-02-31"},  # a bad date after a good value
    {"subject": "Đúng", "document_type": 999999},  # an unknown type
    {"subject": "Đúng", "urgency": 9},
    {"subject": "Đúng", "page_count": 0},
    {"subject": "Đúng", "language": ""},
    {"subject": ""},
    {"subject": "Đúng", "register_number": 5},  # a number from the counter is never edited
])
def test_a_bad_value_writes_nothing(office, changes):
    doc = office["doc"]
    with pytest.raises(Refused):
        edit(office["clerk"], doc, **changes)
    doc.refresh_from_db()
    assert doc.subject == "V/v tăng cường gửi, nhận văn bản điện tử" and doc.issued_on == dt.date(2021, 2, 1)
    assert not MetadataChange.objects.exists() and not AuditEvent.objects.filter(action="document.metadata_edit").exists()


@pytest.mark.parametrize("who", ["head", "specialist"])
def test_other_roles_may_not_correct(office, who):
    doc = office["doc"]
    doc.unit = office["vx"]
    doc.save()
    with pytest.raises(Forbidden) as forbidden:
        edit(office[who], doc, subject="Khác")
    assert forbidden.value.code == DocumentError.METADATA_NOT_EDITOR
    assert not MetadataChange.objects.exists()


def test_another_organization_may_not_correct(office):
    with pytest.raises(Forbidden):
        edit(office["outsider"], office["doc"], subject="Khác")


def test_only_a_leader_changes_the_secrecy(office):
    doc = office["doc"]
    with pytest.raises(Forbidden) as forbidden:
        edit(office["clerk"], doc, secrecy=1)
    assert forbidden.value.code == DocumentError.METADATA_SECRECY_LEADER_ONLY
    edit(office["leader"], doc, secrecy=1, reason="Văn bản có nội dung mật")
    assert Document.objects.get(pk=doc.pk).secrecy == 1


def test_a_frozen_document_is_refused(office):
    Document.objects.filter(pk=office["doc"].pk).update(is_frozen=True, state=Document.State.RECALLED)
    office["doc"].refresh_from_db()
    with pytest.raises(Refused) as refused:
        edit(office["leader"], office["doc"], subject="Khác")
    assert refused.value.code == DocumentError.DOCUMENT_FROZEN
    assert "thu hồi" in refused.value.text("vi")


def test_a_document_in_an_archived_file_is_refused(office):
    record = RecordFile.objects.create(organization=office["org"], year=2021, code="01.VX", title="Hồ sơ chuyển đổi số",
                                       retention_years=10, owner=office["clerk"], started_on=dt.date(2021, 1, 1),
                                       state=RecordFile.State.OPEN)
    RecordItem.objects.create(record=record, ordinal=1, document=office["doc"], added_by=office["clerk"])
    edit(office["clerk"], office["doc"], subject="Được sửa khi hồ sơ còn mở")
    RecordFile.objects.filter(pk=record.pk).update(state=RecordFile.State.ARCHIVED)
    with pytest.raises(Refused) as refused:
        edit(office["leader"], office["doc"], subject="Khác")
    assert refused.value.code == DocumentError.METADATA_IN_ARCHIVE
    assert "01.VX" in refused.value.text("vi") and "lưu trữ" in refused.value.text("vi")


def test_outgoing_only_after_issue_and_never_its_number(office):
    draft = make_document(office["org"], direction="out", created_by=office["specialist"])
    with pytest.raises(Refused) as refused:
        edit(office["clerk"], draft, subject="Khác")
    assert refused.value.code == DocumentError.METADATA_NOT_ISSUED
    Document.objects.filter(pk=draft.pk).update(state=Document.State.DISPATCHED, symbol="12/UBND-VP")
    draft.refresh_from_db()
    with pytest.raises(Refused) as refused:
        edit(office["clerk"], draft, symbol="13/UBND-VP")
    assert refused.value.code == DocumentError.METADATA_NOT_EDITABLE
    edit(office["clerk"], draft, signer_title="Phó Chủ tịch", document_type=office["qd"].pk)
    draft.refresh_from_db()
    assert draft.signer_title == "Phó Chủ tịch" and draft.document_type == office["qd"] and draft.symbol == "12/UBND-VP"


def test_search_finds_the_new_subject(office, django_capture_on_commit_callbacks):
    from django.db import connection

    from qlvb.celery import app

    # The fixture's own pending hooks (never run: the test's transaction does not commit) hold the
    # document's indexing key; a real edit runs in a transaction of its own.
    connection.run_on_commit.clear()
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the indexing task queued on commit runs here
    try:
        with django_capture_on_commit_callbacks(execute=True):
            edit(office["clerk"], office["doc"], subject="Về việc chuyển đổi số tỉnh Bắc Kạn")
    finally:
        app.conf.task_always_eager = before
    found = list(document_search(user=office["clerk"], filters=SearchFilters(query="chuyen doi so",
                                                                            organization_id=office["org"].pk)))
    assert found == [office["doc"]]


def test_the_history_is_shown_only_to_who_sees_the_document(office):
    edit(office["clerk"], office["doc"], subject="Trích yếu mới", urgency=2)
    history = metadata_history(user=office["leader"], document=office["doc"])
    assert len(history) == 1 and history[0].reason == "Nhập sai khi vào sổ"
    assert history[0].changes == [("Trích yếu", "V/v tăng cường gửi, nhận văn bản điện tử", "Trích yếu mới"),
                                  ("Độ khẩn", "Thường", "Thượng khẩn")]
    assert metadata_history(user=office["outsider"], document=office["doc"]) == []
    assert metadata_history(user=office["specialist"], document=office["doc"]) == []


# --- the page ---------------------------------------------------------------------------------------------

def test_the_page_edits_and_the_document_shows_the_history(client, office):
    doc = office["doc"]
    client.force_login(office["leader"])
    detail = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "Sửa thông tin" in detail and "Lịch sử sửa thông tin" in detail
    url = reverse("documents:metadata-edit", args=[doc.pk])
    form = client.get(url).content.decode()
    assert 'name="secrecy"' in form and 'name="reason"' in form and 'name="register_number"' not in form
    data = {"subject": "Về việc gửi, nhận văn bản điện tử", "symbol": doc.symbol, "issued_on": "01/02/2021",
            "issuer_name": doc.issuer_name, "document_type": office["cv"].pk, "signer_name": "Nguyễn Văn A",
            "signer_title": "", "urgency": 0, "secrecy": 0, "due_date": "", "page_count": 3, "language": "Tiếng Việt",
            "description": "", "reason": "Sửa theo bản gốc"}
    response = client.post(url, data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Sửa theo bản gốc" in html and "Nguyễn Văn A" in html and "Về việc gửi, nhận văn bản điện tử" in html
    assert MetadataChange.objects.filter(document=doc).count() == 2


def test_the_page_shows_vietnamese_errors_and_writes_nothing(client, office):
    doc = office["doc"]
    client.force_login(office["clerk"])
    form = client.get(reverse("documents:metadata-edit", args=[doc.pk])).content.decode()
    assert 'name="secrecy"' not in form  # a clerk does not change the secrecy
    response = client.post(reverse("documents:metadata-edit", args=[doc.pk]), {
        "subject": "Khác", "symbol": doc.symbol, "issued_on": "31/02/2021", "document_type": office["cv"].pk,
        "urgency": 0, "language": "Tiếng Việt", "reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in html and "Vui lòng nhập thông tin này." in html
    assert not MetadataChange.objects.exists()
    response = client.post(reverse("documents:metadata-edit", args=[doc.pk]), {
        "subject": doc.subject, "symbol": doc.symbol, "issued_on": "01/02/2021", "issuer_name": doc.issuer_name,
        "document_type": office["cv"].pk, "urgency": 0, "page_count": 3, "language": "Tiếng Việt",
        "reason": "Không đổi gì"})
    assert response.status_code == 400 and "Không có thông tin nào thay đổi." in response.content.decode()


def test_the_page_for_the_wrong_role_and_another_organization(client, office):
    doc = office["doc"]
    client.force_login(office["outsider"])
    assert client.get(reverse("documents:metadata-edit", args=[doc.pk])).status_code == 404
    assert client.post(reverse("documents:metadata-edit", args=[doc.pk]), {"subject": "X", "reason": "x"}).status_code == 404
    doc.unit = office["vx"]
    doc.save()
    client.force_login(office["head"])  # sees the document, may not correct it
    detail = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "Sửa thông tin" not in detail
    response = client.post(reverse("documents:metadata-edit", args=[doc.pk]), {"subject": "X", "reason": "x"},
                           follow=True)
    assert "Chỉ văn thư hoặc lãnh đạo cơ quan" in response.content.decode()
    assert Document.objects.get(pk=doc.pk).subject != "X" and not MetadataChange.objects.exists()


# --- the API ----------------------------------------------------------------------------------------------

def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_the_api_corrects_with_a_reason(office):
    doc = office["doc"]
    url = reverse("documents-api:document-metadata", args=[doc.pk])
    response = api(office["clerk"]).patch(url, {"subject": "Trích yếu qua API", "page_count": 2,
                                                "reason": "Theo bản gốc"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject"] == "Trích yếu qua API" and body["page_count"] == 2 and body["language"] == "Tiếng Việt"
    assert {c["field"] for c in body["metadata_changes"]} == {"subject", "page_count"}


@pytest.mark.parametrize("payload, code", [
    ({"subject": "X"}, None),  # no reason
    ({"issued_on": "2021-02-31", "reason": "r"}, None),
    ({"document_type": 999999, "reason": "r"}, "metadata_bad_value"),
    ({"register_number": 9, "reason": "r"}, "metadata_not_editable"),
    ({"secrecy": 1, "reason": "r"}, "metadata_secrecy_leader_only"),
])
def test_the_api_refuses_in_english_and_writes_nothing(office, payload, code):
    doc = office["doc"]
    response = api(office["clerk"]).patch(reverse("documents-api:document-metadata", args=[doc.pk]), payload,
                                          format="json")
    assert response.status_code in (400, 403)
    body = response.json()
    if code:
        assert body["code"] == code and body["detail"].isascii()
    else:
        assert "This field is required." in str(body) or "Date has wrong format" in str(body)
    assert not MetadataChange.objects.exists() and Document.objects.get(pk=doc.pk).subject != "X"


def test_the_api_hides_another_organizations_document(office):
    response = api(office["outsider"]).patch(reverse("documents-api:document-metadata", args=[office["doc"].pk]),
                                             {"subject": "X", "reason": "r"}, format="json")
    assert response.status_code == 404 and not MetadataChange.objects.exists()


# --- the demo ---------------------------------------------------------------------------------------------

def test_the_demo_correction_is_made_once():
    from qlvb.demo.records_metadata import DESCRIPTION, demo_metadata

    assert demo_metadata() is None  # no story yet: nothing to correct
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    make_user(org, ["clerk"], username="backan.vanthu")
    document = make_document(org, subject="V/v tăng cường gửi, nhận văn bản điện tử")
    Document.objects.filter(pk=document.pk).update(symbol="807/VPCP-KSTT", state=Document.State.REGISTERED)
    out = io.StringIO()
    demo_metadata(stdout=out)
    demo_metadata(stdout=out)
    assert Document.objects.get(pk=document.pk).description == DESCRIPTION
    assert MetadataChange.objects.filter(document=document).count() == 1 and "807/VPCP-KSTT" in out.getvalue()


def test_the_outgoing_page_after_dispatch_offers_the_correction_and_its_history(client, office):
    document = make_document(office["org"], direction="out", created_by=office["specialist"])
    Document.objects.filter(pk=document.pk).update(state=Document.State.DISPATCHED, symbol="12/UBND-VP")
    document.refresh_from_db()
    edit(office["clerk"], document, signer_name="Đàm Duy Hưng", reason="Thiếu người ký")
    client.force_login(office["leader"])
    html = client.get(reverse("outgoing:detail", args=[document.pk])).content.decode()
    assert "Lịch sử sửa thông tin" in html and "Thiếu người ký" in html and "Đàm Duy Hưng" in html
    assert reverse("documents:metadata-edit", args=[document.pk]) in html
    form = client.get(reverse("documents:metadata-edit", args=[document.pk])).content.decode()
    assert 'name="symbol"' not in form and 'name="issuer_name"' not in form  # from the counter / ourselves


def test_a_leader_without_clearance_who_makes_a_document_secret_lands_on_search(client, office):
    client.force_login(office["leader"])
    doc = office["doc"]
    response = client.post(reverse("documents:metadata-edit", args=[doc.pk]), {
        "subject": doc.subject, "symbol": doc.symbol, "issued_on": "01/02/2021", "issuer_name": doc.issuer_name,
        "document_type": office["cv"].pk, "urgency": 0, "secrecy": 1, "page_count": 3, "language": "Tiếng Việt",
        "reason": "Nội dung mật"})
    assert response.status_code == 302 and response["Location"] == reverse("search:search")
    assert Document.objects.get(pk=doc.pk).secrecy == 1
