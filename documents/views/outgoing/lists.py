"""Văn bản đi: the organization's outgoing documents with their delivery summary, filtered by state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents.forms.outgoing import OutgoingFilterForm
from documents.selectors.outgoing import delivery_summary, dispatch_flag, late_dispatch_count, outgoing_list
from qlvb.access import organizations_of

PAGE_SIZE = 20


@login_required
@require_GET
def outgoing_document_list(request):
    organizations = organizations_of(request.user)
    if not organizations:
        return render(request, "documents/outgoing/list.html", {"organizations": []})
    chosen = request.GET.get("org", "")
    organization = next((o for o in organizations if str(o.pk) == chosen), organizations[0])
    form = OutgoingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    documents = outgoing_list(user=request.user, organization_id=organization.pk, state=filters.get("state", ""),
                              text=filters.get("q", ""))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    for document in page:
        document.flag = dispatch_flag(document)
        document.summary = delivery_summary(document=document) if document.dispatched_at else ""
    query = request.GET.copy()
    query.pop("trang", None)
    context = {"form": form, "page": page, "organization": organization, "organizations": organizations,
               "query": query.urlencode(), "late": late_dispatch_count(user=request.user, organization_id=organization.pk)}
    template = ("documents/outgoing/_list_results.html" if request.htmx and request.htmx.target == "results"
                else "documents/outgoing/list.html")
    return render(request, template, context)
