"""A recalled outgoing document is frozen with its metadata (NĐ 30, Phụ lục VI, III.8.a).

Once the recall is asked for, no service edits, signs, seals, dispatches, re-sends or changes the
recipients of the document again; each refuses with DocumentError.OUTGOING_RECALLED, after its own
check of who may act (a person without the right still gets 403, not the recall message).
"""

from __future__ import annotations

from documents.errors import DocumentError
from documents.models import Document
from qlvb.errors import Refused


def refuse_if_recalled(document: Document) -> None:
    if document.is_frozen:
        raise Refused(DocumentError.OUTGOING_RECALLED)
