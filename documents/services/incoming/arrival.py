"""Work that follows every arrival, whatever the way in: the signature check, then search
indexing, in one worker task once the arrival has committed, behind the exchange's own tasks."""

from __future__ import annotations

from documents.models import Document
from qlvb.celery import BACKGROUND_PRIORITY
from qlvb.services.enqueue import enqueue_on_commit


def arrival_followups(document: Document) -> None:
    """Queue the signature check and indexing of a document that has just arrived.

    The indexing that storing its files asked for in the same transaction is folded into it.
    """
    enqueue_on_commit("documents.task_arrival_followups", document.pk, key=("document-index", document.pk),
                      replace=True, priority=BACKGROUND_PRIORITY)
