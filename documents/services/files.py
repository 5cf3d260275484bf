"""Store document files: immutable rows, content hash, new versions instead of changes."""

from __future__ import annotations

import hashlib
import os

from django.core.files.base import ContentFile

from documents.models import Document, DocumentFile
from documents.services.indexing import document_index_enqueue

MAX_FILE_BYTES = 100 * 1024 * 1024


def file_store(*, document: Document, name: str, data: bytes, role: str = DocumentFile.Role.MAIN,
               content_type: str = "", replaces: DocumentFile | None = None) -> DocumentFile:
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"file {name!r} is larger than {MAX_FILE_BYTES} bytes")
    name = os.path.basename(name.replace("\\", "/"))[:255] or "tep"
    stored = DocumentFile(document=document, role=role, name=name, content_type=content_type, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), replaces=replaces)
    stored.file.save(name[-100:], ContentFile(data), save=False)
    stored.save()
    document_index_enqueue(document=document)  # new text to search (a signed or converted version)
    return stored


def file_read(document_file: DocumentFile) -> bytes:
    with document_file.file.open("rb") as fh:
        return fh.read()
