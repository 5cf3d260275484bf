"""Tra cứu: full-text search of the documents a person may see, with filters and saved searches."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.forms.search import SearchForm
from documents.models import Document
from documents.selectors.search import document_search, id_page, page_of, snippet
from documents.services.saved_searches import (
    saved_search_delete,
    saved_search_get,
    saved_search_list,
    saved_search_save,
    search_params_clean,
)

PAGE_SIZE = 20
SNIPPET_SOURCE_CHARS = 3000  # how much of a file's text is read to show where the words occur


@login_required
def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    context = {"form": form, "saved": saved_search_list(user=request.user), "query": request.GET.urlencode()}
    if form.is_bound and form.is_valid():
        context["filters_open"] = any(v for k, v in form.cleaned_data.items() if k != "q")
    if form.is_bound and form.is_valid() and not form.filters().is_empty:
        filters = form.filters()
        matches = document_search(user=request.user, filters=filters).values_list("pk", flat=True)
        page = id_page(matches, request.GET.get("page"), PAGE_SIZE)
        page.object_list = page_of(list(page.object_list), Document.objects.visible_to(request.user).select_related(
            "document_type", "organization", "issuer").annotate(
            file_head=Substr("search_entry__file_text", 1, SNIPPET_SOURCE_CHARS)))
        for document in page.object_list:
            document.snippet = snippet(document.file_head or "", filters.query) if filters.query else ""
            # Who issued it: a paper document's typed name, a directory organization, else (an outgoing
            # document, whose issuer field is empty) the organization that drafts it.
            document.issuer_label = (document.issuer_name or (document.issuer.name if document.issuer else "")
                                     or document.organization.name)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(searched=True, page=page, query=query.urlencode())
    return render(request, "documents/search/search.html", context)


@login_required
@require_POST
def saved_search_create(request):
    try:
        saved = saved_search_save(user=request.user, name=request.POST.get("name", ""), params=request.POST)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('search:search')}?{urlencode(search_params_clean(request.POST))}")
    messages.success(request, f"Đã lưu tra cứu “{saved.name}”.")
    return redirect(f"{reverse('search:search')}?{urlencode(saved.params)}")


@login_required
def saved_search_run(request, pk: int):
    saved = saved_search_get(user=request.user, pk=pk)
    return redirect(f"{reverse('search:search')}?{urlencode(saved.params)}")


@login_required
@require_POST
def saved_search_remove(request, pk: int):
    saved_search_delete(user=request.user, pk=pk)
    messages.success(request, "Đã xóa tra cứu đã lưu.")
    return redirect("search:search")

