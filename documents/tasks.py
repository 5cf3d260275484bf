"""Celery tasks of documents. Thin: each calls one service."""

from celery import shared_task
from django.db import OperationalError

from documents.models import Document, DocumentFile, RecordFile
from documents.services.access_log import access_log_drain
from documents.services.incoming.handling import overdue_remind_all
from documents.services.incoming.verification import incoming_signatures_check
from documents.services.indexing import document_index, search_index_sweep
from documents.services.outgoing.conversion import conversion_run
from documents.services.records.longterm import record_longterm_proof_add, records_longterm_renew
from signatures.services import file_verify


@shared_task(name="documents.task_conversion_run", acks_late=True)
def task_conversion_run(conversion_id: int) -> str:
    return conversion_run(conversion_id=conversion_id).state


@shared_task(name="documents.task_overdue_remind")
def task_overdue_remind() -> int:
    return overdue_remind_all()


@shared_task(name="documents.task_document_index", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def task_document_index(document_id: int) -> str:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    return document_index(document=document).state


# The name is the one it was queued under when it was the signatures app's: messages already in the
# queue still find it.
@shared_task(name="signatures.task_file_verify", acks_late=True, reject_on_worker_lost=True)
def task_file_verify(document_file_id: int) -> str:
    """Check every signature of a file version and keep the result."""
    verification = file_verify(document_file=DocumentFile.objects.select_related("document").get(pk=document_file_id))
    return verification.outcome


@shared_task(name="documents.task_search_index_sweep")
def task_search_index_sweep() -> int:
    return search_index_sweep()


@shared_task(name="documents.task_arrival_followups", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def task_arrival_followups(document_id: int) -> str:
    """A document has arrived: check its signatures, then index it for search (also if the check failed)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    try:
        incoming_signatures_check(document=document)
    finally:
        indexed = document_index(document=document)
    return indexed.state


@shared_task(name="documents.task_incoming_signatures_check", acks_late=True)
def task_incoming_signatures_check(document_id: int) -> str:
    """The signature check alone, as queued before an upgrade made it part of the follow-ups."""
    return task_arrival_followups(document_id)


# Queued by the archive part when the archivist accepts a hồ sơ (enqueue_on_commit). Idempotent:
# a retry or a second run adds nothing; what failed is tried again by the daily renewal run.
@shared_task(name="documents.records_longterm_proof", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def task_records_longterm_proof(record_id: int) -> dict:
    record = RecordFile.objects.filter(pk=record_id).first()
    if record is None:
        return {"gone": 1}
    return record_longterm_proof_add(record=record).as_dict()


@shared_task(name="documents.records_longterm_renew")
def task_records_longterm_renew() -> dict:
    return records_longterm_renew().as_dict()


@shared_task(name="documents.task_archive_due_notify")
def task_archive_due_notify() -> int:
    """Daily: tell owners of hồ sơ due at the archive within 30 days, or late (once per hồ sơ and stage)."""
    from documents.services.records.archive import archive_due_notify

    return archive_due_notify()


@shared_task(name="documents.task_records_care_daily")
def task_records_care_daily() -> dict:
    """Kept-back hồ sơ past their date are due again; failed deletions of destroyed files are retried."""
    from documents.services.records.disposal import records_care_daily

    return records_care_daily()
@shared_task(name="documents.task_access_log_drain", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def task_access_log_drain() -> int:
    """Insert the buffered accesses to documents' files (idempotent: safe to retry)."""
    return access_log_drain()


@shared_task(name="documents.task_scan_read", acks_late=True)
def task_scan_read(reading_id: int) -> str:
    """OCR a clerk's uploaded scan and read its header (queue "conversion")."""
    from documents.services.scan.reading import scan_reading_run

    return scan_reading_run(reading_id=reading_id).state


@shared_task(name="documents.task_scan_ocr", acks_late=True)
def task_scan_ocr(file_id: int) -> int | None:
    """Store the searchable (OCR'd) version of a paper document's scan (queue "conversion")."""
    from documents.services.scan.reading import scan_file_ocr

    version = scan_file_ocr(file_id=file_id)
    return version.pk if version else None
