"""OCR of a paper document's scan in the worker: the original is kept, a searchable PDF version is
stored, and the document is found by the words on the scan."""

from __future__ import annotations

import subprocess

import pytest
from django.db import transaction

from documents.models import DocumentFile, DocumentType, SearchEntry
from documents.selectors.search import SearchFilters, document_search
from documents.services.incoming.registration import incoming_create_paper
from documents.services.scan.ocr import OcrTimeout, run_killable
from tests.conftest import wait_for
from tests.factories import make_org, make_user

from .helpers import CONG_VAN_VPCP, scan_of


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_a_scanned_image_gets_a_text_layer_and_is_found_by_its_words(media_worker):
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    clerk = make_user(org, ["clerk"])
    with transaction.atomic():
        doc = incoming_create_paper(
            actor=clerk, organization=org, document_type=DocumentType.objects.get(code="cong-van"),
            symbol="09/VPCP-KSTT", subject="Công văn của VPCP", issued_on=None, issuer_name="Văn phòng Chính phủ",
            scan=("cv-09.png", scan_of(CONG_VAN_VPCP)))
    original = doc.files.get()
    version = wait_for(lambda: DocumentFile.objects.filter(replaces=original).first(), timeout=240,
                       message="searchable version of the scan")
    assert version.content_type == "application/pdf" and version.name == "cv-09.pdf"
    text = subprocess.run(["pdftotext", version.file.path, "-"], capture_output=True, check=True).stdout.decode()
    assert "rà soát" in text and "hằng tháng" in text
    original.refresh_from_db()
    assert original.file.read(8).startswith(b"\x89PNG")  # the scan as it came is kept
    wait_for(lambda: SearchEntry.objects.filter(document=doc, file_hashes=[version.sha256]).first(), timeout=120,
             message="search entry with the OCR text")
    found = list(document_search(user=clerk, filters=SearchFilters(query="rà soát tổng hợp kết quả")))
    assert found == [doc]


def test_an_ocr_step_over_its_time_is_killed_with_its_children():
    with pytest.raises(OcrTimeout):
        run_killable(["sh", "-c", "sleep 30 & sleep 30; wait"], timeout=0.5)
