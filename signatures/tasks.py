"""Celery tasks of the signatures app. Thin: each calls one service.

Checking a document's file is queued by documents (documents.tasks.task_file_verify)."""

from celery import shared_task

from signatures.services import external_session_purge


@shared_task(name="signatures.task_external_session_purge")
def task_external_session_purge() -> int:
    return external_session_purge()
