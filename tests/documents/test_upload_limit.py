"""An upload larger than the limit is refused before it is read, with a clear Vietnamese page (JSON
in English for the API), and nothing is stored. A smaller one streams to disk (Django's upload
handlers past FILE_UPLOAD_MAX_MEMORY_SIZE), so it never sits in memory whole."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, DocumentFile

from .test_views_setup import make_office

pytestmark = pytest.mark.django_db

LIMIT_MB = 1


@pytest.fixture
def office(settings):
    settings.QLVB_UPLOAD_MAX_MB = LIMIT_MB
    return make_office()


def big_scan() -> SimpleUploadedFile:
    data = b"%PDF-1.4\n" + b"0" * (LIMIT_MB * 1024 * 1024 + 4096) + b"\n%%EOF\n"
    return SimpleUploadedFile("ban-quet.pdf", data, content_type="application/pdf")


def paper_form(office, scan) -> dict:
    return {"document_type": office.cv.pk, "symbol": "807/VPCP-KSTT", "issued_on": "2021-02-01",
            "issuer_name": "Văn phòng Chính phủ", "subject": "V/v tăng cường gửi, nhận văn bản điện tử",
            "urgency": 0, "secrecy": 0, "scan": scan}


def test_an_upload_over_the_limit_gets_a_vietnamese_page_and_nothing_is_stored(client, office):
    client.force_login(office.clerk)
    response = client.post(reverse("documents:paper-create"), paper_form(office, big_scan()))
    assert response.status_code == 413
    page = response.content.decode()
    assert f"Tệp tải lên quá lớn: mỗi lần gửi tối đa {LIMIT_MB} MB" in page
    assert Document.objects.count() == 0 and DocumentFile.objects.count() == 0


def test_the_api_answers_413_in_english(client, office):
    client.force_login(office.clerk)
    response = client.post("/api/outgoing/",
                           {"content": big_scan()})
    assert response.status_code == 413
    assert response.json() == {"detail": f"The request body is larger than the {LIMIT_MB} MB upload limit.",
                               "code": "upload_too_large"}
    assert Document.objects.count() == 0


def test_the_limit_is_told_to_the_browser_which_checks_before_sending(client, office):
    client.force_login(office.clerk)
    page = client.get(reverse("documents:paper-create")).content.decode()
    assert f'data-upload-max-mb="{LIMIT_MB}"' in page and "qlvb/app.js" in page


def test_an_upload_under_the_limit_still_works(client, office):
    client.force_login(office.clerk)
    small = SimpleUploadedFile("807.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                               content_type="application/pdf")
    response = client.post(reverse("documents:paper-create"), paper_form(office, small))
    assert response.status_code in (200, 302)
    assert Document.objects.count() == 1
