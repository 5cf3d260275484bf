"""Reads of metadata corrections (Phụ lục VI III.7.c): a document's "Lịch sử sửa thông tin", shown only
to those `Document.objects.visible_to` lets open the document."""

from __future__ import annotations

from dataclasses import dataclass, field

from documents.models import Document, MetadataChange
from documents.services.records.metadata import field_label, metadata_edit_refusal


@dataclass
class MetadataEdit:
    """One correction: who, when, why, and the fields it changed (label, old, new)."""

    by: object
    at: object
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def metadata_history(*, user, document: Document) -> list[MetadataEdit]:
    """The corrections of `document`, newest first; none for a person who may not see it."""
    if not Document.objects.visible_to(user).filter(pk=document.pk).exists():
        return []
    edits: list[MetadataEdit] = []
    rows = MetadataChange.objects.filter(document=document).select_related("by").order_by("-at", "-id")
    by_key: dict[tuple, MetadataEdit] = {}
    for row in rows:
        key = (row.at, row.by_id, row.reason)
        edit = by_key.get(key)
        if edit is None:
            edit = by_key[key] = MetadataEdit(by=row.by, at=row.at, reason=row.reason)
            edits.append(edit)
        edit.changes.append((field_label(row.field), row.old, row.new))
    for edit in edits:
        edit.changes.reverse()  # within one correction, in the form's order (rows were read newest id first)
    return edits


def metadata_panel(*, user, document: Document) -> dict:
    """What the document page shows: the history, and whether (and why not) `user` may correct it."""
    refusal = metadata_edit_refusal(actor=user, document=document)
    return {"metadata_history": metadata_history(user=user, document=document),
            "metadata_editable": refusal is None}
