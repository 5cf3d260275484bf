"""Store document files: immutable rows, content hash, new versions instead of changes."""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata

from django.core.files.base import ContentFile

from documents.models import Document, DocumentFile, MetadataChange
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
    if role == DocumentFile.Role.MAIN:
        _page_count_fill(document, data)
    document_index_enqueue(document=document)  # new text to search (a signed or converted version)
    return stored


def pdf_page_count(data: bytes) -> int | None:
    """How many pages the PDF `data` has; None when it is not a PDF or cannot be read."""
    if not data.startswith(b"%PDF-"):
        return None
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        count = int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - a damaged PDF is stored all the same; its page count stays unknown
        return None
    return count if count > 0 else None


def _page_count_fill(document: Document, data: bytes) -> None:
    """The document's page count (số trang) from its main PDF, unless a person has corrected it."""
    count = pdf_page_count(data)
    if count is None or count == document.page_count:
        return
    if MetadataChange.objects.filter(document=document, field="page_count").exists():
        return
    Document.objects.filter(pk=document.pk).update(page_count=count)
    document.page_count = count


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
