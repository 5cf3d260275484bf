"""The document page and its files, served inline to the people who may see the document."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from documents.selectors.documents import document_get
from documents.views.incoming.common import detail_context

# Shown in the browser; anything else (HTML, office files…) is only downloaded, never rendered here.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain"}


@login_required
@require_GET
def document_detail(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    return render(request, "documents/incoming/detail.html", detail_context(request, document))


@login_required
@require_GET
@xframe_options_sameorigin  # the detail page embeds the PDF in an <iframe>
def document_file(request, pk: int, file_id: int):
    document = document_get(user=request.user, pk=pk)
    stored = get_object_or_404(document.files.all(), pk=file_id)
    content_type = stored.content_type or mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES and not request.GET.get("tai-ve")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ.") from None
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=stored.name)
    response["Cache-Control"] = "private, no-cache"
    return response
