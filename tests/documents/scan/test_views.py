"""The paper-entry form filled from a scan: upload, reading, the marked fields, saving; who may."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, DocumentFile, ScanReading
from documents.services.scan.reading import scan_reading_run
from qlvb.models import AuditEvent
from tests.documents.test_views_setup import html, make_office

from .helpers import CONG_VAN_VPCP, scan_of

pytestmark = pytest.mark.django_db
BADGE = "Từ bản quét"


@pytest.fixture
def office(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return make_office()


def upload(client, office, data: bytes, name: str = "cv-09.png", org=None):
    return client.post(reverse("documents:paper-scan"),
                       {"org": (org or office.org).pk, "scan_file": SimpleUploadedFile(name, data)})


def read_scan(client, office) -> ScanReading:
    response = upload(client, office, scan_of(CONG_VAN_VPCP))
    reading = ScanReading.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"&scan={reading.pk}")
    return scan_reading_run(reading_id=reading.pk)  # what the worker does


def test_the_form_waits_for_the_reading_then_shows_the_fields_from_the_scan(client, office):
    client.force_login(office.clerk)
    upload(client, office, scan_of(CONG_VAN_VPCP))
    reading = ScanReading.objects.get()
    form_url = f"{reverse('documents:paper-create')}?org={office.org.pk}&scan={reading.pk}"
    waiting = html(client.get(form_url))
    assert "Đang chờ đọc bản quét" in waiting and "scan-reading.js" in waiting and BADGE not in waiting
    status = client.get(reverse("documents:scan-reading-status", args=[reading.pk])).json()
    assert status["state"] == "queued"

    scan_reading_run(reading_id=reading.pk)
    page = html(client.get(form_url))
    assert page.count(f'data-from-scan>{BADGE}') == 7  # issuer, number, date, type, subject, signer, title
    assert 'value="09/VPCP-KSTT"' in page and 'value="Văn phòng Chính phủ"' in page  # matched in the directory
    assert "Thực hiện chế độ báo cáo thống kê định kỳ" in page and 'value="Phạm Thị Dung"' in page
    assert client.get(reverse("documents:scan-reading-status", args=[reading.pk])).json()["state"] == "done"


def test_the_clerk_corrects_a_field_and_saves_with_the_scan_kept(client, office):
    client.force_login(office.clerk)
    reading = read_scan(client, office)
    response = client.post(reverse("documents:paper-create"), {
        "org": office.org.pk, "scan_reading": reading.pk, "document_type": office.cv.pk, "symbol": "09/VPCP-KSTT",
        "issued_on": "05/11/2024", "issuer_name": "Văn phòng Chính phủ", "subject": "Về chế độ báo cáo thống kê",
        "signer_name": "Phạm Thị Dung", "signer_title": "KT. BỘ TRƯỞNG, CHỦ NHIỆM, PHÓ CHỦ NHIỆM",
        "urgency": "0", "secrecy": "0"})
    doc = Document.objects.get(symbol="09/VPCP-KSTT")
    assert response["Location"] == reverse("documents:detail", args=[doc.pk])
    assert doc.subject == "Về chế độ báo cáo thống kê" and doc.issuer == office.sender
    assert doc.signer_name == "Phạm Thị Dung" and str(doc.issued_on) == "2024-11-05"
    scan = doc.files.get(role=DocumentFile.Role.MAIN)
    assert scan.name == "cv-09.png" and scan.content_type == "image/png"
    reading.refresh_from_db()
    assert reading.document == doc
    # The reading is used once: it cannot fill a second document.
    assert client.get(f"{reverse('documents:paper-create')}?scan={reading.pk}").status_code == 404


def test_another_organizations_clerk_cannot_see_or_use_the_reading(client, office):
    client.force_login(office.clerk)
    reading = read_scan(client, office)
    client.force_login(office.outsider)
    assert client.get(reverse("documents:scan-reading-status", args=[reading.pk])).status_code == 404
    assert client.get(f"{reverse('documents:paper-create')}?scan={reading.pk}").status_code == 404
    response = client.post(reverse("documents:paper-create"), {
        "org": office.other.pk, "scan_reading": reading.pk, "document_type": office.cv.pk, "symbol": "1/X",
        "issuer_name": "X", "subject": "X", "urgency": "0", "secrecy": "0"})
    assert response.status_code == 404
    assert upload(client, office, scan_of(CONG_VAN_VPCP), org=office.org).status_code == 404
    assert ScanReading.objects.count() == 1 and not Document.objects.exists()


def test_only_clerks_upload_scans(client, office):
    client.force_login(office.specialist)
    response = upload(client, office, scan_of(CONG_VAN_VPCP))
    assert response.status_code == 302
    assert "Chỉ văn thư mới nhập được văn bản đến." in html(client.get(response["Location"], follow=True))
    assert not ScanReading.objects.exists()
    assert client.get(reverse("documents:scan-reading-status", args=[1])).status_code == 404


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Tệp bản quét rỗng."),
    (b"MZ\x90\x00 not an image", "Tệp không phải bản quét đọc được: hãy gửi tệp PDF, JPEG, PNG hoặc TIFF."),
])
def test_an_empty_or_non_image_file_is_refused_in_vietnamese_and_nothing_is_kept(client, office, data, message):
    client.force_login(office.clerk)
    response = upload(client, office, data, name="scan.jpg")
    assert message in html(client.get(response["Location"]))
    assert not ScanReading.objects.exists()
    assert not AuditEvent.objects.filter(action="scan.uploaded").exists()


def test_a_scan_that_ocr_cannot_read_tells_the_clerk_to_type(client, office):
    client.force_login(office.clerk)
    upload(client, office, b"%PDF-1.4 broken")
    reading = scan_reading_run(reading_id=ScanReading.objects.get().pk)
    assert reading.state == "failed"
    page = html(client.get(f"{reverse('documents:paper-create')}?org={office.org.pk}&scan={reading.pk}"))
    assert "Không đọc được tệp PDF" in page and BADGE + "</span>" not in page.split("paper-form")[1]
