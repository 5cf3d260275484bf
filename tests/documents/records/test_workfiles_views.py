"""The work-file screens: opening, filing, the review and closing, the printed pieces, the access
form — and who gets what (another organization: 404 everywhere; the wrong person: refused,
nothing changed; bad input: a Vietnamese message, nothing written)."""

import datetime as dt
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from documents.models.records import PERMANENT, RecordFile, RecordFileAccess, RecordItem
from documents.services.records import workfiles as svc
from qlvb.models import AuditEvent
from tests.documents.records.workfile_helpers import YEAR, make_catalogue, make_doc, make_office, pdf_bytes

pytestmark = pytest.mark.django_db


def _record(office, **kw):
    return svc.record_file_open(actor=office.specialist, organization=office.org, title=kw.pop("title", "Hồ sơ A"),
                                code=kw.pop("code", "01.VXNV"), retention_years=10,
                                started_on=dt.date(YEAR, 1, 5), **kw)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_open_from_the_catalogue_and_outside_it(client):
    office = make_office()
    catalogue = make_catalogue(office.org, year=dt.date.today().year, rows=[
        ("05.VXNV", "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", 10, office.unit, None)])
    client.force_login(office.specialist)
    page = client.get(reverse("records:open"))
    assert "05.VXNV" in _text(page) and "Hồ sơ ngoài danh mục" in _text(page)
    response = client.post(reverse("records:open"), {"catalogue_entry": catalogue.entries.get(code="05.VXNV").pk})
    record = RecordFile.objects.get(code="05.VXNV")
    assert response.status_code == 302 and response.url == reverse("records:detail", args=[record.pk])

    response = client.post(reverse("records:open"), {"title": "Hồ sơ hội nghị", "code": "09.VXNV", "retention": "0",
                                                     "started_on": "02/03/2026"}, follow=True)
    record = RecordFile.objects.get(code="09.VXNV")
    assert record.retention_years == PERMANENT and record.started_on == dt.date(2026, 3, 2) and record.year == 2026
    assert "Đã mở hồ sơ 09.VXNV" in _text(response)


@pytest.mark.parametrize("data, message", [
    ({"title": "", "code": "10", "retention": "10", "started_on": "01/02/2026"}, "Hãy nhập tiêu đề hồ sơ."),
    ({"title": "A", "code": "10", "retention": "vĩnh cửu", "started_on": "01/02/2026"},
     "Thời hạn bảo quản phải là vĩnh viễn hoặc một số năm từ 1 đến 70."),
    ({"title": "A", "code": "01.VXNV", "retention": "10", "started_on": "01/02/2026"},
     "Cơ quan đã có hồ sơ số và ký hiệu 01.VXNV trong năm 2026."),
    ({"title": "A", "code": "10", "retention": "10", "started_on": "31/02/2026"},
     "Ngày bắt đầu phải có dạng dd/mm/yyyy."),
])
def test_bad_input_when_opening_says_why_and_writes_nothing(client, data, message):
    office = make_office()
    _record(office)
    client.force_login(office.specialist)
    response = client.post(reverse("records:open"), data)
    assert response.status_code == 400 and message in _text(response)
    assert RecordFile.objects.count() == 1


def test_filing_through_the_page_the_picker_suggestions_and_upload(client):
    office = make_office()
    record = _record(office)
    incoming = make_doc(office.org, symbol="807/VPCP-KSTT", subject="Về việc tăng cường gửi, nhận văn bản điện tử",
                        pages=2, created_by=office.specialist)
    answer = make_doc(office.org, symbol="814/UBND-VXNV", direction="out", subject="Về việc gửi, nhận văn bản",
                      pages=3, created_by=office.specialist, reply_to=incoming, issued_on=dt.date(YEAR, 3, 9))
    client.force_login(office.specialist)
    page = _text(client.get(reverse("records:detail", args=[record.pk])))
    assert "814/UBND-VXNV" in page and "Gợi ý văn bản để thêm" in page

    results = _text(client.get(reverse("records:picker", args=[record.pk]), {"q": "tang cuong"}))
    assert "807/VPCP-KSTT" in results and "814/UBND-VXNV" not in results
    client.post(reverse("records:document-add", args=[record.pk]), {"document": answer.pk})
    client.post(reverse("records:document-add", args=[record.pk]), {"document": incoming.pk})
    upload = SimpleUploadedFile("bien-ban.pdf", pdf_bytes(1), content_type="application/pdf")
    response = client.post(reverse("records:file-attach", args=[record.pk]),
                           {"title": "Biên bản họp", "kind": "minutes", "file": upload}, follow=True)
    assert "Đã thêm tệp vào hồ sơ." in _text(response)
    assert list(record.items.order_by("ordinal").values_list("ordinal", "kind")) == [
        (1, "document"), (2, "document"), (3, "minutes")]
    item = record.items.get(ordinal=2)
    client.post(reverse("records:item-move", args=[record.pk, item.pk]), {"direction": "up"})
    assert record.items.get(ordinal=1).document == incoming

    # The document pages show the mã hồ sơ and the ordinal, and the API too.
    code = f"{office.org.organ_id}.{YEAR}.01.VXNV"
    detail = _text(client.get(reverse("documents:detail", args=[incoming.pk])))
    assert code in detail and reverse("records:detail", args=[record.pk]) in detail
    assert code in _text(client.get(reverse("outgoing:detail", args=[answer.pk])))
    api = client.get(f"/api/documents/{answer.pk}/")
    assert api.status_code == 200, api.content
    assert (api.json()["file_code"], api.json()["file_ordinal"]) == (code, 2)

    # The mục lục numbers the pages through the hồ sơ; the cover counts them.
    contents = _pdf_text(client.get(reverse("records:contents-pdf", args=[record.pk])).content)
    assert "MỤC LỤC VĂN BẢN, TÀI LIỆU" in contents and "01.VXNV" in contents
    assert "807/VPCP-KSTT" in contents and "814/UBND-VXNV" in contents and "Biên bản họp" in contents
    assert "1–2" in contents and "3–5" in contents and " 6 " in contents
    assert "Văn phòng Chính" in contents and "09/03/2026" in contents
    cover = _pdf_text(client.get(reverse("records:cover-pdf", args=[record.pk])).content)
    assert "HỒ SƠ" in cover and "Hồ sơ A" in cover and code in cover and "Gồm 3 văn bản, tài liệu; 6 trang" in cover
    assert "10 năm" in cover


def test_bad_uploads_are_refused_with_nothing_written(client):
    office = make_office()
    record = _record(office)
    client.force_login(office.specialist)
    response = client.post(reverse("records:file-attach", args=[record.pk]),
                           {"title": "Ảnh", "kind": "photo", "file": SimpleUploadedFile("a.jpg", b"")}, follow=True)
    assert "Tệp rỗng" in _text(response)
    response = client.post(reverse("records:file-attach", args=[record.pk]),
                           {"title": "", "kind": "photo", "file": SimpleUploadedFile("a.jpg", b"x")}, follow=True)
    assert "Hãy nhập tên tài liệu." in _text(response)
    with override_settings(QLVB_UPLOAD_MAX_MB=1):
        response = client.post(reverse("records:file-attach", args=[record.pk]),
                               {"title": "Lớn", "kind": "other",
                                "file": SimpleUploadedFile("big.bin", b"x" * (1024 * 1024 + 10))})
    assert response.status_code == 413 and "1 MB" in _text(response)
    assert not record.items.exists()


def test_review_close_download_and_reopen(client):
    office = make_office()
    record = _record(office)
    content = pdf_bytes(1)
    for symbol in ("1/UBND", "2/UBND"):
        svc.record_document_add(actor=office.specialist, record=record,
                                document=make_doc(office.org, symbol=symbol, content=content,
                                                  created_by=office.specialist))
    client.force_login(office.specialist)
    review = _text(client.get(reverse("records:close", args=[record.pk])))
    assert "Trùng với mục 1" in review
    response = client.post(reverse("records:close", args=[record.pk]), {"title": "", "code": "01.VXNV",
                                                                        "retention": "10"})
    assert response.status_code == 400 and "Hãy nhập tiêu đề hồ sơ." in _text(response)
    record.refresh_from_db()
    assert record.state == "open"
    response = client.post(reverse("records:close", args=[record.pk]),
                           {"title": "Hồ sơ A (đã kết thúc)", "code": "01.VXNV", "retention": "20"}, follow=True)
    record.refresh_from_db()
    assert record.state == "closed" and record.retention_years == 20
    page = _text(response)
    assert "Đã kết thúc" in page and "Mở lại hồ sơ" in page and "Tìm văn bản để thêm" not in page
    response = client.post(reverse("records:reopen", args=[record.pk]), {"reason": ""}, follow=True)
    assert "Hãy nhập lý do mở lại hồ sơ." in _text(response)
    client.post(reverse("records:reopen", args=[record.pk]), {"reason": "Bổ sung văn bản"})
    record.refresh_from_db()
    assert record.state == "open"


def test_the_access_form_uses_the_access_services(client):
    office = make_office()
    record = _record(office)
    client.force_login(office.specialist)
    client.post(reverse("records:access", args=[record.pk]), {"action": "mode", "mode": "restricted"})
    client.post(reverse("records:access", args=[record.pk]), {"action": "grant", "user": office.colleague.pk})
    record.refresh_from_db()
    assert record.access == "restricted"
    assert RecordFileAccess.objects.filter(record=record, user=office.colleague).exists()
    client.force_login(office.colleague)
    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 200
    client.force_login(office.unit_head)  # restricted: the unit head no longer sees it
    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 404
    client.force_login(office.specialist)
    response = client.post(reverse("records:access", args=[record.pk]), {"action": "mode", "mode": "everyone"},
                           follow=True)
    assert "Chế độ xem hồ sơ không hợp lệ." in _text(response)
    client.post(reverse("records:access", args=[record.pk]), {"action": "revoke", "user": office.colleague.pk})
    assert not RecordFileAccess.objects.filter(record=record).exists()


def _all_urls(record, item, document):
    gets = [reverse("records:detail", args=[record.pk]), reverse("records:picker", args=[record.pk]) + "?q=a",
            reverse("records:close", args=[record.pk]), reverse("records:contents-pdf", args=[record.pk]),
            reverse("records:cover-pdf", args=[record.pk])]
    posts = [
        (reverse("records:document-add", args=[record.pk]), {"document": document.pk}),
        (reverse("records:file-attach", args=[record.pk]), {"title": "x", "kind": "other"}),
        (reverse("records:item-move", args=[record.pk, item.pk]), {"direction": "down"}),
        (reverse("records:item-remove", args=[record.pk, item.pk]), {}),
        (reverse("records:close", args=[record.pk]), {"title": "x", "code": "x", "retention": "5"}),
        (reverse("records:reopen", args=[record.pk]), {"reason": "x"}),
        (reverse("records:edit", args=[record.pk]), {"title": "Đổi", "code": "99", "retention": "5"}),
        (reverse("records:access", args=[record.pk]), {"action": "mode", "mode": "organization"}),
    ]
    return gets, posts


def _snapshot(record):
    record.refresh_from_db()
    return (record.state, record.title, record.code, record.access,
            list(record.items.order_by("ordinal").values_list("pk", "ordinal")))


def test_another_organization_gets_404_everywhere_and_changes_nothing(client):
    office, other = make_office(), make_office()
    record = _record(office)
    document = make_doc(office.org, symbol="1", created_by=office.specialist)
    item = svc.record_document_add(actor=office.specialist, record=record,
                                   document=make_doc(office.org, symbol="2", created_by=office.specialist))
    before = _snapshot(record)
    events = AuditEvent.objects.filter(action__startswith="record.").count()
    gets, posts = _all_urls(record, item, document)
    for person in (other.leader, other.clerk, other.specialist):
        client.force_login(person)
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url
    assert _snapshot(record) == before
    assert AuditEvent.objects.filter(action__startswith="record.").count() == events


def test_the_wrong_person_is_refused(client):
    office = make_office()
    record = _record(office)  # access "unit": owner, the unit's head, clerks, leaders
    document = make_doc(office.org, symbol="1", created_by=office.specialist)
    item = svc.record_document_add(actor=office.specialist, record=record,
                                   document=make_doc(office.org, symbol="2", created_by=office.specialist))
    before = _snapshot(record)
    gets, posts = _all_urls(record, item, document)
    # A colleague of the same unit and the head of another unit do not see a unit hồ sơ.
    for person in (office.colleague, office.other_head):
        client.force_login(person)
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url
    # The unit head and a clerk see it, but cannot change what is in it.
    for person in (office.unit_head, office.clerk):
        client.force_login(person)
        page = _text(client.get(reverse("records:detail", args=[record.pk])))
        assert "Hồ sơ A" in page and "Tìm văn bản để thêm" not in page and "Kết thúc hồ sơ" not in page
        for url, data in posts:
            client.post(url, data)
    assert _snapshot(record) == before
    assert not record.items.filter(kind=RecordItem.Kind.OTHER).exists()


def test_the_list_filters_by_year_and_state(client):
    office = make_office()
    _record(office)
    svc.record_file_open(actor=office.specialist, organization=office.org, title="Hồ sơ năm trước", code="01",
                         retention_years=5, started_on=dt.date(YEAR - 1, 6, 1))
    client.force_login(office.clerk)
    page = _text(client.get(reverse("records:index"), {"nam": YEAR}))
    assert "Hồ sơ A" in page and "Hồ sơ năm trước" not in page
    page = _text(client.get(reverse("records:index"), {"trang-thai": "closed"}))
    assert "Hồ sơ A" not in page and "Chưa có hồ sơ nào" in page
    client.force_login(office.unit_head)
    assert "Hồ sơ A" in _text(client.get(reverse("records:index")))
    assert "Hồ sơ A" not in _text(client.get(reverse("records:index"), {"cua-toi": "1"}))


def test_the_owner_corrects_the_title_code_and_retention(client):
    office = make_office()
    record = _record(office)
    _record(office, code="02.VXNV", title="Hồ sơ B")
    client.force_login(office.specialist)
    response = client.post(reverse("records:edit", args=[record.pk]), {"title": "Hồ sơ A sửa", "code": "02.VXNV",
                                                                       "retention": "10"}, follow=True)
    assert "Cơ quan đã có hồ sơ số và ký hiệu 02.VXNV trong năm 2026." in _text(response)
    record.refresh_from_db()
    assert (record.title, record.code) == ("Hồ sơ A", "01.VXNV")  # nothing half-written
    client.post(reverse("records:edit", args=[record.pk]), {"title": "Hồ sơ A sửa", "code": "03.VXNV",
                                                            "retention": "0"})
    record.refresh_from_db()
    assert (record.title, record.code, record.retention_years) == ("Hồ sơ A sửa", "03.VXNV", PERMANENT)
    event = AuditEvent.objects.get(action="record.edit")
    assert event.data["code"] == {"from": "01.VXNV", "to": "03.VXNV"}


def test_a_reader_of_the_hồ_sơ_does_not_read_a_secret_document_in_it(client):
    office = make_office()
    record = _record(office)
    secret = make_doc(office.org, symbol="3/MẬT", subject="Nội dung mật về nhân sự", created_by=office.specialist,
                      secrecy=1)
    office.specialist.memberships.update(secret_clearance=True)
    svc.record_document_add(actor=office.specialist, record=record, document=secret)
    client.force_login(office.clerk)  # sees the unit's hồ sơ, has no clearance
    page = _text(client.get(reverse("records:detail", args=[record.pk])))
    assert "3/MẬT" in page and "Nội dung mật về nhân sự" not in page
    assert reverse("documents:detail", args=[secret.pk]) not in page
    assert "Nội dung mật" not in _pdf_text(client.get(reverse("records:contents-pdf", args=[record.pk])).content)
    client.force_login(office.specialist)
    assert "Nội dung mật về nhân sự" in _text(client.get(reverse("records:detail", args=[record.pk])))
