"""Tell the sender of an incoming document what became of it (statuses 01–06, 15, 16).

Over the axis the status is a message in the outbox; for a document delivered inside this
deployment the sender's delivery row is updated directly; paper documents have no one to tell.
"""

from __future__ import annotations

from documents.models import Document
from interchange.services.outbox import outbound_status_enqueue
from interchange.services.statuses import recipient_status_record


def sender_status_send(*, document: Document, code: str, description: str = "", actor=None) -> None:
    if document.source == Document.Source.AXIS:
        outbound_status_enqueue(document=document, code=code, description=description, actor=actor)
    elif document.source == Document.Source.INTERNAL and document.delivery_id:
        recipient_status_record(
            recipient=document.delivery, code=code, external_id=document.external_id,
            from_organ_id=document.organization.organ_id, description=description,
            staff=getattr(actor, "full_name", "") or "",
        )
