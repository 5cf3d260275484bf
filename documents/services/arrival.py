"""Work that follows every arrival, whatever the way in: signature check and search indexing,
both in a worker once the arrival has committed."""

from __future__ import annotations

from ..models import Document
from .indexing import document_index_enqueue
from .verification import incoming_signatures_check_later


def arrival_followups(document: Document) -> None:
    incoming_signatures_check_later(document)
    document_index_enqueue(document=document)
