"""Reads of a document's files: one file version through the documents permission filter, and the
versions it was made from and made into (signing makes a new version each time)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from documents.models import DocumentFile
from documents.selectors.documents import document_get


def document_file_get(*, user, pk: int) -> DocumentFile:
    """A file version whose document ``user`` may see (404 otherwise): the documents permission filter."""
    document_file = get_object_or_404(DocumentFile.objects.select_related("document"), pk=pk)
    document_get(user=user, pk=document_file.document_id)
    return document_file


def document_file_lineage(document_file: DocumentFile) -> list[DocumentFile]:
    """The versions this one was made from, oldest first, then this one and those made from it."""
    older = []
    current = document_file.replaces
    while current is not None and len(older) < 50:
        older.append(current)
        current = current.replaces
    newer = []
    current = document_file
    while len(newer) < 50 and (current := DocumentFile.objects.filter(replaces=current).order_by("id").first()):
        newer.append(current)
    return [*reversed(older), document_file, *newer]
