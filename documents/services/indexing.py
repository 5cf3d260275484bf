"""Keep the search text of documents: metadata and the text of their PDF files.

`document_index` folds the type name, số/ký hiệu, trích yếu and issuing organization, plus the
text poppler's `pdftotext` extracts from each current PDF file, into the document's SearchEntry.
Services call `document_index_enqueue` after storing a document or its files: a Celery task does
the work after the transaction commits. `search_index_sweep` (periodic) indexes anything missed.

Extraction is bounded: files over QLVB_INDEX_MAX_FILE_BYTES are skipped, pdftotext gets
QLVB_INDEX_TIMEOUT seconds, a memory limit and the first QLVB_INDEX_MAX_PAGES pages, and at
most QLVB_INDEX_MAX_CHARS characters are kept. When a file cannot be read (encrypted, damaged,
too large, too slow, pdftotext missing) the document is still indexed by its metadata; the entry
is "partial" with the reason in `error`, and it is not retried until its files change.
"""

from __future__ import annotations

import logging
import resource
import shutil
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documents.models import Document, DocumentFile, SearchEntry
from documents.selectors.documents import document_current_files
from documents.selectors.search import search_text
from qlvb.celery import BACKGROUND_PRIORITY
from qlvb.services.enqueue import enqueue_on_commit

logger = logging.getLogger(__name__)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class Extracted:
    text: str
    error: str = ""


def _is_pdf(f: DocumentFile) -> bool:
    return f.content_type == "application/pdf" or f.name.lower().endswith(".pdf")


def _limit_resources(memory_bytes: int, cpu_seconds: int):
    def apply() -> None:  # runs in the child, before pdftotext starts
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    return apply


def pdf_text_extract(data: bytes, *, name: str = "") -> Extracted:
    """The text of a PDF by `pdftotext` (poppler-utils), within the configured limits."""
    timeout = _setting("QLVB_INDEX_TIMEOUT", 30)
    if len(data) > _setting("QLVB_INDEX_MAX_FILE_BYTES", 50 * 1024 * 1024):
        return Extracted("", f"{name}: tệp quá lớn, không trích xuất nội dung")
    if not data.startswith(b"%PDF-"):
        return Extracted("", f"{name}: không phải tệp PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return Extracted("", "pdftotext chưa được cài đặt (gói poppler-utils)")
    command = [pdftotext, "-q", "-enc", "UTF-8", "-l", str(_setting("QLVB_INDEX_MAX_PAGES", 200)), "-", "-"]
    memory = _setting("QLVB_INDEX_MAX_MEMORY_BYTES", 1024 * 1024 * 1024)
    prlimit = shutil.which("prlimit")
    if prlimit:  # limits set by util-linux: the worker can spawn the child without forking itself
        command = [prlimit, f"--as={memory}", f"--cpu={timeout}:{timeout + 1}", "--", *command]
        limits = {}
    else:
        limits = {"preexec_fn": _limit_resources(memory, timeout)}
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False, **limits)
    except FileNotFoundError:
        return Extracted("", "pdftotext chưa được cài đặt (gói poppler-utils)")
    except subprocess.TimeoutExpired:
        return Extracted("", f"{name}: trích xuất quá {timeout} giây")
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[:200]
        return Extracted("", f"{name}: không đọc được nội dung PDF (mã {done.returncode}){': ' + detail if detail else ''}")
    text = done.stdout.decode("utf-8", "replace")
    return Extracted(text[: _setting("QLVB_INDEX_MAX_CHARS", 1_000_000)])


def metadata_text(document: Document) -> str:
    """What a person would search a document by, besides its content."""
    parts = [document.document_type.name if document.document_type_id else "", document.symbol, document.subject,
             document.issuer_name, document.issuer.name if document.issuer_id else "", document.signer_name]
    return " ".join(p for p in parts if p)


def document_index(*, document: Document) -> SearchEntry:
    """(Re)build the search entry of `document`. PDF text is extracted again only if its files changed."""
    document = Document.objects.select_related("document_type", "issuer").get(pk=document.pk)
    files = [f for f in document_current_files(document) if _is_pdf(f)]
    hashes = [f.sha256 for f in files]
    previous = SearchEntry.objects.filter(document=document).first()
    if previous is not None and previous.file_hashes == hashes:
        file_text, error = previous.file_text, previous.error
    else:
        texts, errors = [], []
        for f in files:
            try:
                with f.file.open("rb") as fh:
                    data = fh.read(_setting("QLVB_INDEX_MAX_FILE_BYTES", 50 * 1024 * 1024) + 1)
            except Exception as exc:  # storage errors vary by backend; the metadata is indexed all the same
                errors.append(f"{f.name}: không mở được tệp ({exc.__class__.__name__})")
                continue
            extracted = pdf_text_extract(data, name=f.name)
            texts.append(extracted.text)
            if extracted.error:
                errors.append(extracted.error)
        file_text = "\n".join(t for t in texts if t.strip())[: _setting("QLVB_INDEX_MAX_CHARS", 1_000_000)]
        error = "; ".join(errors)
        if error:
            logger.warning("document %s indexed without part of its file text: %s", document.pk, error)
    folded = search_text(metadata_text(document), file_text)
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(document=document, defaults={
            "organization_id": document.organization_id, "folded": folded, "file_text": file_text, "error": error,
            "file_hashes": hashes,
            "state": SearchEntry.State.PARTIAL if error else SearchEntry.State.INDEXED,
            "indexed_at": timezone.now(),
        })
    return entry


def document_index_enqueue(*, document: Document) -> None:
    """Index `document` in a worker once the current transaction commits (call after storing files).

    Asked several times in one transaction (one call per stored file), it queues one task.
    """
    enqueue_on_commit("documents.task_document_index", document.pk, key=("document-index", document.pk),
                      priority=BACKGROUND_PRIORITY)


def search_index_sweep(*, limit: int = 500) -> int:
    """Index documents that have no search entry yet (created before indexing was wired, or missed)."""
    missing = list(Document.objects.filter(search_entry__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit])
    for pk in missing:
        document_index(document=Document(pk=pk))
    return len(missing)
