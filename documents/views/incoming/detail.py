"""The incoming document's page (its files are served by documents.views.files)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents.selectors.documents import document_get
from documents.views.incoming.common import detail_context


@login_required
@require_GET
def document_detail(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    return render(request, "documents/incoming/detail.html", detail_context(request, document))
