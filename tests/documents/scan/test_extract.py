"""Reading the NĐ30 header off generated scans: what the clerk will see filled in the form."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from documents.services.scan.extract import scan_extract
from documents.services.scan.ocr import ScanUnreadable

from .helpers import CONG_VAN_SO, CONG_VAN_VPCP, QUYET_DINH_BACKAN, scan_of


def test_a_cong_van_is_read_from_its_number_column_and_signature_block():
    found = scan_extract(data=scan_of(CONG_VAN_VPCP))
    assert found.issuer == "VĂN PHÒNG CHÍNH PHỦ"
    assert found.symbol == "09/VPCP-KSTT"
    assert (found.place, found.issued_on) == ("Hà Nội", "2024-11-05")
    assert found.document_type == "Công văn"
    assert found.subject == "Thực hiện chế độ báo cáo thống kê định kỳ"
    assert found.signer_title == "KT. BỘ TRƯỞNG, CHỦ NHIỆM, PHÓ CHỦ NHIỆM"
    assert found.signer_name == "Phạm Thị Dung"


def test_a_decision_has_its_type_and_subject_centred():
    found = scan_extract(data=scan_of(QUYET_DINH_BACKAN))
    assert found.issuer == "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN"
    assert found.symbol == "792/QĐ-UBND"
    assert found.document_type == "Quyết định"
    assert found.subject.startswith("Về việc ")
    assert found.signer_title == "CHỦ TỊCH"


def test_the_issuer_is_the_agency_not_its_superior_body():
    found = scan_extract(data=scan_of(CONG_VAN_SO))
    assert found.issuer == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"
    assert found.symbol == "07/SKHĐT-ĐKKD"
    assert found.place == "Hạ Long"


def test_a_noisy_scan_still_gives_the_date_and_the_name_under_the_seal():
    found = scan_extract(data=scan_of(CONG_VAN_VPCP, noisy=True))
    assert found.issued_on == "2024-11-05"
    assert found.issuer == "VĂN PHÒNG CHÍNH PHỦ"
    assert found.signer_name == "Phạm Thị Dung"


def test_a_file_that_is_no_scan_is_refused():
    with pytest.raises(ScanUnreadable):
        scan_extract(data=b"MZ\x90\x00 an executable")


@pytest.mark.django_db
def test_scan_extract_prints_the_fields_as_json(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(scan_of(CONG_VAN_VPCP))
    out = io.StringIO()
    call_command("scan_extract", str(path), stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["symbol"] == "09/VPCP-KSTT" and printed["document_type"] == "Công văn"
    assert printed["issued_on"] == "2024-11-05" and printed["pages"] == 1


def test_scan_extract_says_why_a_file_cannot_be_read(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("không phải bản quét")
    with pytest.raises(CommandError, match="notes.txt"):
        call_command("scan_extract", str(path))
