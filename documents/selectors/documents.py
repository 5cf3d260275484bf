"""Reads of documents. Every one goes through the permission rule, `Document.objects.visible_to`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Document, DocumentFile


def document_list(*, user, direction: str | None = None, organization_id: int | None = None) -> QuerySet[Document]:
    qs = Document.objects.visible_to(user).select_related("document_type", "organization")
    if direction:
        qs = qs.filter(direction=direction)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("-urgency", "-created_at")


def document_get(*, user, pk: int) -> Document:
    return get_object_or_404(document_list(user=user), pk=pk)


def document_current_files(document: Document) -> list[DocumentFile]:
    """The latest version of each file: a version made from another (e.g. by signing) replaces it."""
    files = list(document.files.order_by("role", "id"))
    superseded = {f.replaces_id for f in files if f.replaces_id}
    return [f for f in files if f.pk not in superseded]


def document_main_file(document: Document) -> DocumentFile | None:
    return next((f for f in document_current_files(document) if f.role == DocumentFile.Role.MAIN), None)
