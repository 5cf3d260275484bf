"""Store document files: immutable rows, content hash, new versions instead of changes."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

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


def _ascii_slug(text: str) -> str:
    """"814/UBND-VXNV" → "814-UBND-VXNV": letters without marks ("Đ" → "D"), digits, single dashes."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", bare).strip("-")


def issued_file_name(*, symbol: str, original: str, appendix: int | None = None) -> str:
    """The name an issued or received file goes by: from its số, ký hiệu, not the drafter's file name.

    The main file: "814-UBND-VXNV.pdf". An appendix keeps its own name unless it is a draft's
    ("du-thao-…"), which becomes "814-UBND-VXNV-phu-luc-1.docx". Without a symbol, the name is kept.
    """
    slug = _ascii_slug(symbol or "")
    if not slug:
        return original
    extension = os.path.splitext(original)[1].lower() or ".pdf"
    if appendix is None:
        return f"{slug}{extension}"
    if _ascii_slug(os.path.splitext(os.path.basename(original))[0]).lower().startswith(("du-thao", "duthao")):
        return f"{slug}-phu-luc-{appendix}{extension}"
    return original


def file_read(document_file: DocumentFile) -> bytes:
    with document_file.file.open("rb") as fh:
        return fh.read()
