"""A page of a document's PDF as an image: phones rarely show a PDF inside a page, so the signing
and review screens show the pages as pictures too (poppler's pdftoppm, as the server has it)."""

from __future__ import annotations

import io
import shutil
import subprocess

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from documents.selectors.outgoing import outgoing_get
from documents.services.files import file_read

PREVIEW_DPI = 110
PREVIEW_TIMEOUT = 30


@login_required
@require_GET
def page_image(request, pk: int, file_id: int, page: int):
    document = outgoing_get(user=request.user, pk=pk)
    stored = get_object_or_404(document.files.all(), pk=file_id, content_type="application/pdf")
    binary = shutil.which("pdftoppm")
    if binary is None or not 1 <= page <= 200:
        raise Http404("no preview")
    result = subprocess.run([binary, "-png", "-r", str(PREVIEW_DPI), "-f", str(page), "-l", str(page), "-singlefile",
                             "-"], input=file_read(stored), capture_output=True, timeout=PREVIEW_TIMEOUT)
    if result.returncode != 0 or not result.stdout.startswith(b"\x89PNG"):
        raise Http404("page not found")
    response = HttpResponse(result.stdout, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"  # a file version never changes
    return response


def page_count(stored) -> int:
    """How many pages the PDF has (0 when it cannot be read)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(file_read(stored)), strict=False).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - a preview is optional; the PDF itself is still offered
        return 0
