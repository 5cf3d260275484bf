"""Verification reports what a reader must know: who signed, when, and whether to trust it."""

import io
import json
import re
from datetime import timedelta

import pytest
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from signatures.clock import now_utc, short_vietnam
from signatures.errors import InvalidPdfError
from signatures.pdf import pades, signing, verify
from signatures.pki import issuing as pki
from signatures.pki import keys
from tests.signatures.conftest import needs_poppler, pdfsig

JSON_KEYS = {
    "signer",
    "organization",
    "signing_time",
    "intact",
    "covers_whole_file",
    "trusted",
    "revoked",
    "expired",
    "timestamp",
    "valid",
    "summary",
}


def test_report_as_json(demo, leader_signed):
    (report,) = verify.verify_pdf(leader_signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    data = json.loads(json.dumps(report.to_json()))  # survives a JSON round trip
    assert JSON_KEYS <= set(data)
    assert data["signer"] == "Nguyễn Văn A" and data["organization"] == "Bộ Thông tin và Truyền thông"
    assert data["valid"] and data["intact"] and data["trusted"] and data["covers_whole_file"]
    assert not data["revoked"] and not data["expired"]
    assert data["timestamp"]["valid"] and data["timestamp"]["time"].endswith("+07:00")
    assert data["summary"] == (
        "Chữ ký hợp lệ của Nguyễn Văn A (Bộ Thông tin và Truyền thông), "
        f"ký lúc {short_vietnam(report.signing_time)}"
    )
    assert re.fullmatch(r".*ký lúc \d\d:\d\d \d\d/\d\d/\d{4}", data["summary"])


def test_unsigned_document_has_no_signatures(demo, document):
    assert verify.verify_pdf(document, trust_roots=demo.trust_roots) == []


def test_not_a_pdf(demo):
    with pytest.raises(InvalidPdfError):
        verify.verify_pdf(b"hello", trust_roots=demo.trust_roots)


def _flip_inside_signed_range(pdf: bytes) -> bytes:
    """Change one letter of the document information (Producer) inside the first signed range."""
    byte_range = [int(v) for v in re.search(rb"/ByteRange \[\s*(\d+) (\d+) (\d+) (\d+)", pdf).groups()]
    position = pdf.index(b"ReportLab PDF Library")
    assert byte_range[0] <= position < byte_range[0] + byte_range[1]
    data = bytearray(pdf)
    data[position] = ord("r")
    return bytes(data)


@needs_poppler
def test_byte_flipped_after_signing_is_reported_by_us_and_by_poppler(demo, leader_signed, tmp_path):
    tampered = _flip_inside_signed_range(leader_signed.data)
    (report,) = verify.verify_pdf(tampered, trust_roots=demo.trust_roots)
    assert not report.intact and not report.valid
    assert "nội dung đã ký bị thay đổi" in report.summary
    out = pdfsig(tampered, tmp_path)
    assert "Signature is Valid" not in out
    assert "Digest Mismatch" in out


def test_content_appended_after_signing_is_reported(demo, leader_signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(leader_signed.data))
    RawContent(b"BT /F1 24 Tf 100 700 Td (DA SUA) Tj ET").add_to_page(writer, 0)
    out = io.BytesIO()
    writer.write(out)
    (report,) = verify.verify_pdf(out.getvalue(), trust_roots=demo.trust_roots)
    assert report.intact  # the signed bytes themselves are untouched...
    assert not report.covers_whole_file  # ...but there is more after them
    assert not report.valid and "sửa đổi sau khi ký" in report.summary


def test_expired_certificate_is_reported(demo, document, timestamper):
    # Our signer refuses expired certificates, so this one comes from plain pyHanko.
    expired = pki.issue_expired_person(
        demo.issuing, demo.urls, full_name="Trần Văn B", organization="Bộ Y tế"
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(document))
    meta = signers.PdfSignatureMetadata(field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES)
    signed = signers.sign_pdf(
        writer, meta, signer=keys.signer_from_credential(expired), timestamper=timestamper
    )
    (report,) = verify.verify_pdf(signed.getvalue(), trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.expired and not report.valid and report.intact
    assert "hết hạn" in report.summary


def test_certificate_revoked_before_signing_is_reported(demo, document, policy):
    person = pki.issue_person(demo.issuing, demo.urls, full_name="Lê Văn C", organization="Bộ Y tế")
    demo.revoke(person.cert, at=now_utc() - timedelta(hours=1))
    signed = pades.sign_pdf(document, keys.signer_from_credential(person), policy=policy)  # B-T: no pre-check
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.revoked and not report.valid and not report.trusted
    assert "thu hồi" in report.summary


def test_revocation_after_the_timestamp_does_not_void_the_signature(demo, document, policy):
    person = pki.issue_person(demo.issuing, demo.urls, full_name="Đinh Văn K", organization="Bộ Y tế")
    signed = pades.sign_pdf(document, keys.signer_from_credential(person), policy=policy)
    demo.revoke(person.cert, at=now_utc() + timedelta(minutes=5))
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.valid and not report.revoked, report.summary


def test_untrusted_certificate_is_reported(demo, document, signature_image, policy):
    stranger = pki.create_untrusted_person(
        full_name="Nguyễn Văn A", organization="Bộ Thông tin và Truyền thông"
    )
    signed = signing.sign_as_leader(
        document, keys.signer_from_credential(stranger), signature_image=signature_image, policy=policy
    )
    (report,) = verify.verify_pdf(signed.data, trust_roots=demo.trust_roots)
    assert not report.trusted and not report.valid and report.intact
    assert "không do tổ chức chứng thực tin cậy cấp" in report.summary
