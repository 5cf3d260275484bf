"""Văn bản đến: the organization's incoming documents, filtered and paged, urgent ones first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents.forms.incoming import IncomingFilterForm
from documents.selectors.incoming import incoming_list
from qlvb.access import organizations_of, roles_in
from qlvb.models import Role

PAGE_SIZE = 20


@login_required
@require_GET
def incoming_document_list(request):
    organizations = organizations_of(request.user)
    if not organizations:
        return render(request, "documents/incoming/list.html", {"organizations": []})
    chosen = request.GET.get("org", "")
    organization = next((o for o in organizations if str(o.pk) == chosen), organizations[0])
    form = IncomingFilterForm(request.GET or None, organizations=organizations, organization=organization,
                              initial={"org": organization.pk})
    filters = form.selector_kwargs() if form.is_bound and form.is_valid() else {}
    documents = incoming_list(user=request.user, organization_id=organization.pk, **filters)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form, "page": page, "organization": organization, "organizations": organizations,
        "query": query.urlencode(), "filtered": bool(filters and any(filters.values())),
        "is_clerk": Role.CLERK in roles_in(request.user, organization.pk),
    }
    template = "documents/incoming/_list_results.html" if request.htmx and request.htmx.target == "results" \
        else "documents/incoming/list.html"
    return render(request, template, context)
