"""Tra cứu: full-text search of the documents a person may see, with filters and saved searches."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from documents.exports.search import SearchSheet, search_docx, search_pdf, search_xlsx
from documents.forms.search import SearchForm
from documents.models import Document
from documents.selectors.search import id_page, snippet
from documents.selectors.search_results import (
    COLUMNS,
    EXPORT_MAX_ROWS,
    SORT_LABELS,
    SearchExportTooLarge,
    columns_chosen,
    export_rows,
    result_documents,
    result_ids,
)
from documents.services.records.metadata import search_export_record
from documents.services.saved_searches import (
    saved_search_delete,
    saved_search_get,
    saved_search_list,
    saved_search_save,
    search_params_clean,
)
from qlvb.models import Organization

PAGE_SIZE = 20
SNIPPET_SOURCE_CHARS = 3000  # how much of a file's text is read to show where the words occur


def _column_choice(request):
    choice = columns_chosen(request.GET.getlist("cols"))
    chosen = set(choice.keys)
    return choice, [(c.key, c.title, c.key in chosen) for c in COLUMNS]


@login_required
def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    choice, column_options = _column_choice(request)
    context = {"form": form, "saved": saved_search_list(user=request.user), "query": request.GET.urlencode(),
               "columns": choice.columns, "column_options": column_options, "ignored_columns": choice.ignored,
               "display_open": bool(choice.ignored or form.errors.get("sort")),
               "export_max_rows": EXPORT_MAX_ROWS}
    if form.is_bound and form.is_valid():
        context["filters_open"] = any(v for k, v in form.cleaned_data.items() if k not in ("q", "sort"))
    if form.is_bound and form.is_valid() and not form.filters().is_empty:
        filters = form.filters()
        matches = result_ids(user=request.user, filters=filters, sort=form.sort_key())
        page = id_page(matches, request.GET.get("page"), PAGE_SIZE)
        page.object_list = result_documents(list(page.object_list), user=request.user)
        heads = dict(Document.objects.filter(pk__in=[d.pk for d in page.object_list]).annotate(
            file_head=Substr("search_entry__file_text", 1, SNIPPET_SOURCE_CHARS)).values_list("pk", "file_head"))
        keys = set(choice.keys)
        for document in page.object_list:
            document.snippet = snippet(heads.get(document.pk) or "", filters.query) if filters.query else ""
            document.fields = [(c.title, c.value(document)) for c in choice.columns
                               if c.key not in ("symbol", "subject")]
            document.show_subject = "subject" in keys
        query = request.GET.copy()
        query.pop("page", None)
        context.update(searched=True, page=page, query=query.urlencode(), sort_label=SORT_LABELS[form.sort_key()])
    return render(request, "documents/search/search.html", context)


FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", search_xlsx),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", search_docx),
    "pdf": ("application/pdf", search_pdf),
}


def _conditions(form: SearchForm) -> list[str]:
    """The search's conditions as the file's heading says them."""
    lines = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in ("sort", "organization") or value in (None, "", False):
            continue
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        elif value is True:
            value = "có"
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        lines.append(f"{field.label}: {value}")
    return lines


@login_required
@require_GET
def search_export(request, file_format: str):
    """The whole result of a search, as the page shows it (columns, order), as xlsx, docx or pdf."""
    if file_format not in FORMATS:
        raise Http404("no such format")
    back = f"{reverse('search:search')}?{request.GET.urlencode()}"
    form = SearchForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid() or form.filters().is_empty:
        messages.error(request, "Hãy nhập điều kiện tra cứu hợp lệ trước khi tải kết quả về.")
        return redirect(back)
    choice, _ = _column_choice(request)
    filters = form.filters()
    try:
        rows = export_rows(user=request.user, filters=filters, sort=form.sort_key(), columns=choice.columns)
    except SearchExportTooLarge as exc:
        messages.error(request, exc.user_message)
        return redirect(back)
    organization = Organization.objects.filter(pk=filters.organization_id).first() if filters.organization_id else None
    now = timezone.localtime()
    sheet = SearchSheet(
        organization=organization.name if organization else "", conditions=_conditions(form),
        sort=SORT_LABELS[form.sort_key()], made=f"{now:%d/%m/%Y %H:%M}, {request.user.get_full_name() or request.user}",
        columns=list(choice.columns), rows=rows)
    content_type, write = FORMATS[file_format]
    body = write(sheet)
    search_export_record(actor=request.user, organization_id=filters.organization_id, file_format=file_format,
                         rows=len(rows), columns=choice.keys, sort=form.sort_key(), params=search_params_clean(request.GET))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-tra-cuu-{now:%Y%m%d-%H%M}.{file_format}"'
    return response


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

