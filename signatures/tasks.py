"""Celery tasks of the signatures app. Thin: each calls one service.

Checking a document's file is queued by documents (documents.tasks.task_file_verify)."""

from celery import shared_task

from signatures.services import external_session_purge
from signatures.services.audit_anchor import audit_anchor_create


@shared_task(name="signatures.task_external_session_purge")
def task_external_session_purge() -> int:
    return external_session_purge()


@shared_task(name="signatures.task_audit_anchor")
def task_audit_anchor() -> int | None:
    """Have the TSA timestamp the audit log's head (beat: QLVB_AUDIT_ANCHOR_SECONDS)."""
    anchor = audit_anchor_create()
    return anchor.head_seq if anchor else None
