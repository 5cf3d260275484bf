"""A document's files as the browser gets them, through the one permission rule.

- The file itself: images and plain text are shown, anything else (PDF, HTML, office files) is
  downloaded. Every file is served under ``Content-Security-Policy: sandbox`` and ``nosniff``: a
  file that came from another agency or a user runs no script, submits no form and reaches nothing
  of this site, even opened on its own.
- A page of a PDF as an image (poppler's pdftoppm): how every screen shows a PDF, on a phone as on
  a desk. Chromium's PDF viewer does not run in a sandboxed document, and the page images need no
  plugin at all.
- The copy for printing ("In"): the PDF with the print mark on every page (documents.services.print_copy).

Every file response leaves through `served`, which puts on the sandbox headers and logs the access
(view, download, print or page image) in the access log (documents.services.access_log): one place,
whatever the screen or the rule that let the user reach the file.
"""

from __future__ import annotations

import io
import mimetypes
import shutil
import subprocess

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from documents.literals import Direction
from documents.models import FileAccess
from documents.selectors.documents import document_get
from documents.services import access_log
from documents.services.files import file_read
from documents.services.print_copy import document_print_copy
from qlvb.errors import Refused

# Shown in the browser (sandboxed); anything else is only downloaded, never rendered here.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "text/plain"}
# Scripts, forms, plugins, same-origin access, everything off; only the file's own bytes are shown.
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
PREVIEW_DPI = 110
MAX_PREVIEW_PAGES = 6  # shown on the page; the rest are one click away
PREVIEW_TIMEOUT = 30
MAX_PAGE = 200


def sandboxed(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


def served(request, response: HttpResponse, *, document, stored, action: str, page: int | None = None
           ) -> HttpResponse:
    """The response carrying a file's bytes (or a page of it): sandboxed, and logged."""
    access_log.file_access_record(request=request, document=document, stored=stored, action=action, page=page)
    return sandboxed(response)


@login_required
@require_GET
def document_file(request, pk: int, file_id: int):
    document = document_get(user=request.user, pk=pk)
    stored = get_object_or_404(document.files.all(), pk=file_id)
    if stored.destroyed_at:
        return destroyed_response(request, stored)
    content_type = stored.content_type or mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES and not request.GET.get("tai-ve")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ.") from None
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=stored.name)
    response["Cache-Control"] = "private, no-cache"
    return served(request, response, document=document, stored=stored,
                  action=FileAccess.Action.VIEW if inline else FileAccess.Action.DOWNLOAD)


@login_required
@require_GET
def document_print(request, pk: int, file_id: int):
    """"In": a copy of the PDF with the print mark on every page, to print; the original is unchanged."""
    document = document_get(user=request.user, pk=pk)
    stored = get_object_or_404(document.files.all(), pk=file_id)
    if stored.destroyed_at:
        return destroyed_response(request, stored)
    if not is_pdf(stored):
        raise Http404("Chỉ in được tệp PDF.")
    try:
        copy = document_print_copy(user=request.user, document=document, stored=stored)
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ.") from None
    except Refused as refused:
        messages.error(request, refused.user_message)
        return redirect("outgoing:detail" if document.direction == Direction.OUTGOING else "documents:detail",
                        document.pk)
    stem = stored.name[:-4] if stored.name.lower().endswith(".pdf") else stored.name
    response = FileResponse(io.BytesIO(copy), content_type="application/pdf", as_attachment=True,
                            filename=f"ban-in-{stem}.pdf")
    response["Cache-Control"] = "private, no-store"
    return served(request, response, document=document, stored=stored, action=FileAccess.Action.PRINT)


def destroyed_response(request, stored) -> HttpResponse:
    """A file destroyed with its hồ sơ (records disposal): what decision destroyed it, never a 500."""
    return render(request, "_error_page.html", {
        "error_status": 410, "error_title": "Tệp đã bị hủy",
        "error_text": f"Tệp {stored.name} {stored.destroyed_note[0].lower()}{stored.destroyed_note[1:]}."}, status=410)


def page_image_response(request, document, stored, page: int) -> HttpResponse:
    """Page ``page`` of the stored PDF as a PNG (404 when there is no such page)."""
    binary = shutil.which("pdftoppm")
    if getattr(stored, "destroyed_at", None) or binary is None or not 1 <= page <= MAX_PAGE:
        raise Http404("no preview")
    try:
        result = subprocess.run([binary, "-png", "-r", str(PREVIEW_DPI), "-f", str(page), "-l", str(page),
                                 "-singlefile", "-"], input=file_read(stored), capture_output=True,
                                timeout=PREVIEW_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Http404("page not rendered in time") from None
    if result.returncode != 0 or not result.stdout.startswith(b"\x89PNG"):
        raise Http404("page not found")
    response = HttpResponse(result.stdout, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"  # a file version never changes
    return served(request, response, document=document, stored=stored, action=FileAccess.Action.PAGE_IMAGE,
                  page=page)


@login_required
@require_GET
def page_image(request, pk: int, file_id: int, page: int):
    document = document_get(user=request.user, pk=pk)
    stored = get_object_or_404(document.files.all(), pk=file_id, content_type="application/pdf")
    return page_image_response(request, document, stored, page)


def page_count(stored) -> int:
    """How many pages the PDF has (0 when it cannot be read)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(file_read(stored)), strict=False).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - a preview is optional; the file can still be downloaded
        return 0


def is_pdf(stored) -> bool:
    return (stored.content_type or "").endswith("pdf") or stored.name.lower().endswith(".pdf")


def preview(stored, *, all_pages: bool = False) -> dict:
    """The template context of a PDF's page images: ``pages`` to show, and ``more_pages`` not shown."""
    count = page_count(stored) if stored is not None and is_pdf(stored) else 0
    shown = count if all_pages else min(count, MAX_PREVIEW_PAGES)
    return {"pages": range(1, min(shown, MAX_PAGE) + 1), "more_pages": max(count - shown, 0)}
