"""The clerk's scan, read in a worker to fill the paper-entry form; a stored scan made searchable.

`scan_reading_create` keeps the upload and queues `task_scan_read` on the "conversion" queue (the
worker that also runs LibreOffice; OCR is as heavy). `scan_reading_run` OCRs it and stores the
header fields. `scan_file_ocr` makes the searchable version of a paper document's scan: the
original stays stored as it came (the evidence); the OCR'd PDF — the same page images with an
invisible text layer — is stored as its new version (`replaces`), which the search index reads
with pdftotext like any PDF, so a scan is found by the words on it.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import DocumentFile, ScanReading
from documents.services.files import file_read, file_store
from documents.services.indexing import pdf_text_extract
from documents.services.scan.extract import scan_extract
from documents.services.scan.ocr import (
    IMAGE_TYPES,
    OcrTimeout,
    OcrUnavailable,
    ScanUnreadable,
    scan_kind,
    searchable_pdf,
)
from qlvb.access import require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.models import Organization, Role
from qlvb.services.audit import audit_record
from qlvb.services.enqueue import enqueue_on_commit

log = logging.getLogger(__name__)

OCR_QUEUE = "conversion"
MAX_SCAN_BYTES = 50 * 1024 * 1024


def scan_validate(*, data: bytes) -> str:
    """The content type of the scan `data`; Refused when empty, too large or not a PDF/JPEG/PNG/TIFF."""
    if not data:
        raise Refused(DocumentError.SCAN_EMPTY)
    if len(data) > MAX_SCAN_BYTES:
        raise Refused(DocumentError.SCAN_TOO_LARGE)
    try:
        kind = scan_kind(data)
    except ScanUnreadable:
        raise Refused(DocumentError.SCAN_UNREADABLE) from None
    return "application/pdf" if kind == "pdf" else IMAGE_TYPES[kind]


@transaction.atomic
def scan_reading_create(*, actor, organization, name: str, data: bytes) -> ScanReading:
    require_role(actor, organization, Role.CLERK, message=DocumentError.NOT_A_CLERK)
    content_type = scan_validate(data=data)
    reading = ScanReading(organization=organization, uploaded_by=actor, name=name[:255] or "ban-quet",
                          content_type=content_type)
    reading.file.save(reading.name[-80:], ContentFile(data), save=False)
    reading.save()
    audit_record(action=AuditAction.SCAN_UPLOADED, actor=actor, organization=organization, obj=reading,
                 data={"name": reading.name, "size": len(data)})
    enqueue_on_commit("documents.task_scan_read", reading.pk, queue=OCR_QUEUE)
    return reading


def issuer_match(name: str) -> Organization | None:
    """The directory entry whose name is the issuer read off the scan (case and marks as printed)."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    # Compared here, not by the database's UPPER(): its collation may not know Vietnamese letters.
    candidates = (Organization.objects.filter(is_active=True).annotate(length=Length("name"))
                  .filter(length__gte=len(wanted) - 2, length__lte=len(wanted) + 2).order_by("-hosted"))
    return next((o for o in candidates if " ".join(o.name.split()).casefold() == wanted), None)


def scan_reading_run(*, reading_id: int) -> ScanReading:
    claimed = ScanReading.objects.filter(pk=reading_id, state=ScanReading.State.QUEUED).update(
        state=ScanReading.State.RUNNING)
    reading = ScanReading.objects.get(pk=reading_id)
    if not claimed:
        return reading
    try:
        with reading.file.open("rb") as fh:
            found = scan_extract(data=fh.read())
    except ScanUnreadable as exc:
        return _finish(reading, error=str(exc))
    except OcrTimeout as exc:
        log.warning("scan reading %s stopped: %s", reading.pk, exc)
        return _finish(reading, error="Đọc bản quét quá thời gian cho phép nên đã dừng. Đề nghị nhập tay.")
    except OcrUnavailable as exc:
        log.error("scan reading %s not run: %s", reading.pk, exc)
        return _finish(reading, error="Máy chủ chưa cài Tesseract nên chưa đọc được bản quét. Đề nghị nhập tay.")
    fields = found.fields()
    issuer = issuer_match(found.issuer)
    if issuer is not None:
        fields["issuer_id"] = issuer.pk
        fields["issuer_directory_name"] = issuer.name
    reading.fields = fields
    reading.text = found.text
    reading.seconds = found.seconds
    return _finish(reading)


def _finish(reading: ScanReading, *, error: str = "") -> ScanReading:
    reading.state = ScanReading.State.FAILED if error else ScanReading.State.DONE
    reading.error = error
    reading.finished_at = timezone.now()
    reading.save(update_fields=["state", "error", "fields", "text", "seconds", "finished_at"])
    return reading


def scan_needs_ocr(*, data: bytes) -> bool:
    """An image, or a PDF without a text layer."""
    if not data.startswith(b"%PDF-"):
        return True
    return not pdf_text_extract(data, name="scan").text.strip()


def scan_file_ocr_queue(*, stored: DocumentFile, data: bytes) -> None:
    if scan_needs_ocr(data=data):
        enqueue_on_commit("documents.task_scan_ocr", stored.pk, queue=OCR_QUEUE)


def scan_file_ocr(*, file_id: int) -> DocumentFile | None:
    """Store the searchable version of the scan `file_id` (unless one exists); None when OCR failed."""
    original = DocumentFile.objects.select_related("document").get(pk=file_id)
    if original.versions.exists():
        return original.versions.first()
    try:
        pdf = searchable_pdf(file_read(original))
    except (ScanUnreadable, OcrTimeout, OcrUnavailable) as exc:
        log.warning("scan %s not made searchable: %s", original.pk, exc)
        return None
    if pdf is None:
        return None
    with transaction.atomic():
        if DocumentFile.objects.select_for_update().filter(replaces=original).exists():
            return original.versions.first()
        stem = original.name.rsplit(".", 1)[0]
        version = file_store(document=original.document, name=f"{stem}.pdf", data=pdf, role=original.role,
                             content_type="application/pdf", replaces=original)
        audit_record(action=AuditAction.SCAN_OCR_DONE, actor=None, organization=original.document.organization,
                     obj=original.document, data={"file": original.pk, "searchable": version.pk})
    return version
