"""Verifying the signatures of stored file versions: valid, tampered, expired, revoked (through the
admin's revoke action and the CRL/OCSP the app serves), untrusted; the result kept per version."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from qlvb.models import AuditEvent
from signatures import conf
from signatures.models import Certificate, FileVerification
from signatures.pdf import pades, signing
from signatures.pki import issuing as pki
from signatures.pki import keys, tsa
from signatures.selectors.verification import file_verification_latest
from signatures.services import file_verify, publication, rejection_reason
from tests.factories import login_verified
from tests.signatures.conftest import client_fetch, read_file, sign_and_seal, store_file

pytestmark = pytest.mark.django_db


def _tampered(pdf: bytes) -> bytes:
    """One letter of the document information changed inside the signed byte range."""
    start, length = (int(v) for v in re.search(rb"/ByteRange \[\s*(\d+) (\d+)", pdf).groups())
    position = pdf.index(b"ReportLab PDF Library")
    assert start <= position < start + length
    data = bytearray(pdf)
    data[position] = ord("r")
    return bytes(data)


@pytest.fixture
def sealed(cast, outgoing):
    return sign_and_seal(cast, outgoing)


def test_valid_signatures_are_stored_as_the_latest_result(cast, sealed):
    assert file_verification_latest(document_file=sealed) is None
    verification = file_verify(document_file=sealed)
    assert verification.valid and verification.outcome == "valid" and not verification.invalid_signature
    assert verification.signature_count == 2
    lines = verification.summary.splitlines()
    assert lines[0] == "Cả 2 chữ ký số đều hợp lệ."
    assert lines[1].startswith("Chữ ký hợp lệ của Nguyễn Văn A (Bộ Thông tin và Truyền thông), ký lúc ")
    assert [d["signer"] for d in verification.details] == ["Nguyễn Văn A", "Bộ Thông tin và Truyền thông"]
    first = verification.details[0]
    assert first["intact"] and first["trusted"] and not first["revoked"] and first["timestamp"]["valid"]
    assert first["details"]["revocation_checked"]  # the app's own OCSP answered
    assert file_verification_latest(document_file=sealed) == verification
    later = file_verify(document_file=sealed)
    assert file_verification_latest(document_file=sealed) == later
    assert AuditEvent.objects.filter(action="document_file.verify").count() == 2


def test_tampered_file_raises_the_flag_and_the_policy_decides(cast, sealed, settings):
    received = store_file(sealed.document, _tampered(read_file(sealed)), name="den.pdf")
    verification = file_verify(document_file=received)
    assert verification.invalid_signature and not verification.valid
    assert FileVerification.objects.filter(invalid_signature=True).get() == verification
    assert "nội dung đã ký bị thay đổi" in verification.summary
    assert verification.summary.startswith("2/2 chữ ký số không hợp lệ.")

    settings.QLVB_INVALID_SIGNATURE_POLICY = "warn"
    assert conf.invalid_signature_policy() == "warn" and rejection_reason(verification) is None
    settings.QLVB_INVALID_SIGNATURE_POLICY = "reject"
    reason = rejection_reason(verification)
    assert reason.startswith("Chữ ký số trên văn bản không hợp lệ: 2/2 chữ ký số không hợp lệ.")
    assert rejection_reason(file_verify(document_file=sealed)) is None  # valid files are never rejected


def test_expired_certificate_is_reported(cast, outgoing, demo, tsa_url):
    expired = pki.issue_expired_person(demo.issuing, demo.urls, full_name="Trần Văn E", organization="Bộ Y tế")
    writer = IncrementalPdfFileWriter(io.BytesIO(read_file(outgoing)))
    meta = signers.PdfSignatureMetadata(field_name="Sig1", subfilter=fields.SigSeedSubFilter.PADES)
    signed = signers.sign_pdf(writer, meta, signer=keys.signer_from_credential(expired),
                              timestamper=tsa.http_timestamper(tsa_url))
    verification = file_verify(document_file=store_file(outgoing.document, signed.getvalue(), name="het-han.pdf"))
    assert verification.invalid_signature
    (report,) = verification.details
    assert report["expired"] and report["intact"] and "chứng thư số hết hạn tại thời điểm ký" in verification.summary


def test_untrusted_certificate_is_reported(cast, outgoing, tsa_url, signature_image):
    stranger = pki.create_untrusted_person(full_name="Nguyễn Văn A", organization="Bộ Thông tin và Truyền thông")
    signed = signing.sign_as_leader(
        read_file(outgoing), keys.signer_from_credential(stranger), signature_image=signature_image,
        policy=pades.SigningPolicy(timestamper=tsa.http_timestamper(tsa_url)),
    )
    verification = file_verify(document_file=store_file(outgoing.document, signed.data, name="la.pdf"))
    (report,) = verification.details
    assert verification.invalid_signature and not report["trusted"] and report["intact"]
    assert "chứng thư số không do tổ chức chứng thực tin cậy cấp" in verification.summary


def _revoke_in_admin(client, cast, certificate: Certificate, *, since):
    login_verified(client, cast.admin)  # a superuser: the admin asks for the second factor
    return client.post(
        reverse("admin:signatures_certificate_changelist"),
        {
            "action": "revoke_certificates",
            "_selected_action": [certificate.pk],
            "apply": "1",
            "reason": "key_compromise",
            "revoked_at": timezone.localtime(since).strftime("%Y-%m-%dT%H:%M:%S"),
        },
        follow=True,
    )


def test_revoked_in_admin_is_reported_through_the_apps_crl_and_ocsp(cast, sealed, client, monkeypatch):
    # Revocation data travels through the app's /pki/ URLs, answered by Django's test client.
    monkeypatch.setattr(publication, "revocation_fetch", lambda: client_fetch(client, conf.pki_base_url()))
    assert file_verify(document_file=sealed).valid

    certificate = cast.leader_key.certificate
    signed_at = sealed.signature_record.source_file.signature_record.signing_time
    response = _revoke_in_admin(client, cast, certificate, since=signed_at - timedelta(hours=1))
    page = response.content.decode()
    assert "Đã thu hồi 1 chứng thư số." in page and "CRL" in page

    verification = file_verify(document_file=sealed)
    leader, organization = verification.details
    assert leader["revoked"] and not leader["valid"] and organization["valid"]
    assert "chứng thư số đã bị thu hồi" in verification.summary and verification.invalid_signature
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert event.actor == cast.admin and event.data["published"] is True


def test_revocation_after_signing_leaves_the_signature_valid(cast, sealed, client):
    certificate = cast.leader_key.certificate
    response = _revoke_in_admin(client, cast, certificate, since=timezone.now() + timedelta(minutes=2))
    assert "Thời điểm thu hồi không được ở tương lai." in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None

    time.sleep(1.1)  # the form has whole seconds: make "now" later than the signature's second
    _revoke_in_admin(client, cast, certificate, since=timezone.now())
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is not None
    leader, _organization = file_verify(document_file=sealed).details
    # Revoked from now on: the signature timestamped before that stays valid.
    assert leader["valid"] and not leader["revoked"], leader["summary"]


def test_files_without_signatures_are_not_flagged(cast, outgoing):
    unsigned = file_verify(document_file=outgoing)
    assert (unsigned.outcome, unsigned.valid, unsigned.invalid_signature) == ("unsigned", False, False)
    assert unsigned.summary == "Tệp không có chữ ký số."
    docx = store_file(outgoing.document, b"PK\x03\x04 not a pdf", name="du-thao.docx")
    assert file_verify(document_file=docx).summary.startswith("Tệp không phải định dạng PDF")
    broken = store_file(outgoing.document, b"%PDF-1.7\n garbage", name="hong.pdf")
    result = file_verify(document_file=broken)
    assert result.outcome == "unreadable" and "bị hỏng" in result.summary
    outgoing.file.storage.delete(outgoing.file.name)
    missing = file_verify(document_file=outgoing)
    assert (missing.outcome, missing.summary) == ("unreadable", "Không đọc được tệp từ kho lưu trữ.")


def test_bytes_changed_in_storage_are_flagged(cast, sealed):
    data = read_file(sealed)
    storage, name = sealed.file.storage, sealed.file.name
    storage.delete(name)
    assert storage.save(name, io.BytesIO(data + b"\n%% appended\n")) == name
    verification = file_verify(document_file=sealed)
    assert verification.invalid_signature and "mã băm SHA-256 không khớp" in verification.summary
