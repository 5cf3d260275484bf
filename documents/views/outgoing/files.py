"""A page of an outgoing document's PDF as an image, through the outgoing documents' rule (drafts
are seen by their drafter and reviewers); the rendering is documents.views.files'."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from documents.selectors.outgoing import outgoing_get
from documents.views.files import page_image_response


@login_required
@require_GET
def page_image(request, pk: int, file_id: int, page: int):
    document = outgoing_get(user=request.user, pk=pk)
    stored = get_object_or_404(document.files.all(), pk=file_id, content_type="application/pdf")
    return page_image_response(request, document, stored, page)
