"""Verifying every signature of a file version and keeping the result (FileVerification).

The version is the caller's: documents checks its files (an arrival, a dispatch, the verification
page) and queues the check (documents.tasks)."""

import hashlib

from django.db import transaction
from django.utils import timezone

from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from signatures import conf
from signatures.errors import InvalidPdfError
from signatures.models import FileVerification
from signatures.pdf.report import SignatureReport
from signatures.pdf.verify import verify_pdf
from signatures.selectors.certificates import trust_anchor_list
from signatures.services import publication
from signatures.services.files import file_bytes

Outcome = FileVerification.Outcome


def _headline(reports: list[SignatureReport]) -> str:
    count, invalid = len(reports), sum(1 for r in reports if not r.valid)
    if invalid == 0:
        return "Chữ ký số hợp lệ." if count == 1 else f"Cả {count} chữ ký số đều hợp lệ."
    return "Chữ ký số không hợp lệ." if count == 1 else f"{invalid}/{count} chữ ký số không hợp lệ."


def _judge(document_file, data: bytes) -> tuple[str, str, list[dict]]:
    """Outcome, Vietnamese summary and per-signature reports of the bytes of ``document_file``."""
    if hashlib.sha256(data).hexdigest() != document_file.sha256:
        return (
            Outcome.INVALID,
            "Tệp lưu trữ đã bị thay đổi sau khi tiếp nhận (mã băm SHA-256 không khớp).",
            [],
        )
    if b"%PDF-" not in data[:1024]:
        return Outcome.UNSIGNED, "Tệp không phải định dạng PDF; không có chữ ký số để kiểm tra.", []
    try:
        reports = verify_pdf(data, trust_roots=trust_anchor_list(), fetch=publication.revocation_fetch())
    except InvalidPdfError:
        return Outcome.UNREADABLE, "Tệp PDF bị hỏng, không đọc được để kiểm tra chữ ký số.", []
    if not reports:
        return Outcome.UNSIGNED, "Tệp không có chữ ký số.", []
    outcome = Outcome.VALID if all(r.valid for r in reports) else Outcome.INVALID
    summary = "\n".join([_headline(reports), *(r.summary + "." for r in reports)])
    return outcome, summary, [r.to_json() for r in reports]


def file_verify(*, document_file, actor=None) -> FileVerification:
    """Check every signature of the file version and store the result.

    Integrity and coverage, the chain to the trusted roots of the trust store, and expiry and
    revocation (CRL/OCSP) at the time of the signature's timestamp. Revocation data is fetched
    before the transaction opens, so no database lock waits on the network.
    """
    checked_at = timezone.now()
    try:
        data = file_bytes(document_file)
    except (OSError, ValueError):  # missing from storage (ValueError: a closed file that cannot reopen)
        outcome, summary, details = Outcome.UNREADABLE, "Không đọc được tệp từ kho lưu trữ.", []
    else:
        outcome, summary, details = _judge(document_file, data)
    with transaction.atomic():
        verification = FileVerification.objects.create(
            document_file=document_file,
            checked_at=checked_at,
            outcome=outcome,
            valid=outcome == Outcome.VALID,
            invalid_signature=outcome == Outcome.INVALID,
            signature_count=len(details),
            summary=summary,
            details=details,
        )
        audit_record(
            action=AuditAction.DOCUMENT_FILE_VERIFY,
            actor=actor,
            organization=document_file.document.organization,
            obj=document_file,
            data={"verification": verification.pk, "outcome": outcome, "signatures": len(details)},
        )
    return verification


def rejection_reason(verification: FileVerification) -> str | None:
    """Why an incoming file must be returned to its sender under QLVB_INVALID_SIGNATURE_POLICY=reject,
    or None when it is kept (valid, or the policy only warns)."""
    if not verification.invalid_signature or conf.invalid_signature_policy() != conf.REJECT:
        return None
    return "Chữ ký số trên văn bản không hợp lệ: " + verification.summary.replace("\n", " ")
