"""Correcting a document's metadata after entry ("Sửa thông tin", Phụ lục VI III.7.c)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from documents.forms.records_metadata import MetadataForm
from documents.literals import Direction
from documents.models import Document
from documents.selectors.documents import document_get
from documents.selectors.records_metadata import metadata_history
from documents.services.records.metadata import document_metadata_edit, metadata_edit_refusal
from qlvb.errors import ServiceError


def document_url(document) -> str:
    """The document's own page: the outgoing page for văn bản đi, the detail page for văn bản đến."""
    if document.direction == Direction.OUTGOING:
        return reverse("outgoing:detail", args=[document.pk])
    return reverse("documents:detail", args=[document.pk])


@login_required
def metadata_edit(request, pk: int):
    document = document_get(user=request.user, pk=pk)  # 404 for whoever may not see it
    back = document_url(document)
    refusal = metadata_edit_refusal(actor=request.user, document=document)
    if refusal is not None:
        messages.error(request, refusal.text())
        return redirect(back)
    form = MetadataForm(request.POST or None, document=document, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rows = document_metadata_edit(actor=request.user, document=document, changes=form.changes(),
                                              reason=form.cleaned_data["reason"])
            except ServiceError as exc:
                form.add_error(None, exc.text())
            else:
                messages.success(request, f"Đã sửa {len(rows)} thông tin của văn bản.")
                if not Document.objects.visible_to(request.user).filter(pk=document.pk).exists():
                    # Made secret by a leader without the secret clearance: they no longer read it.
                    messages.info(request, "Văn bản nay là văn bản mật: bạn không còn xem được văn bản này.")
                    return redirect("search:search")
                return redirect(f"{back}#lich-su-sua")
        status = 400
    context = {"document": document, "form": form, "back": back,
               "metadata_history": metadata_history(user=request.user, document=document)}
    return render(request, "documents/records/metadata_edit.html", context, status=status)
