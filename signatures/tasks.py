"""Celery tasks of the signatures app. Thin: each calls one service, keyed by a row id."""

from celery import shared_task

from documents.models import DocumentFile
from signatures.services import external_session_purge, file_verify


@shared_task(name="signatures.task_file_verify", acks_late=True, reject_on_worker_lost=True)
def task_file_verify(document_file_id: int) -> str:
    verification = file_verify(document_file=DocumentFile.objects.select_related("document").get(pk=document_file_id))
    return verification.outcome


@shared_task(name="signatures.task_external_session_purge")
def task_external_session_purge() -> int:
    return external_session_purge()
