"""Tra cứu: full-text search of the documents a person may see, with filters and saved searches."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.literals import Direction
from documents.models import Document, DocumentType
from documents.selectors.search import SearchFilters, document_search, id_page, page_of, snippet
from documents.services.saved_searches import (
    saved_search_delete,
    saved_search_get,
    saved_search_list,
    saved_search_save,
    search_params_clean,
)
from qlvb.access import memberships
from qlvb.models import Unit

PAGE_SIZE = 20
SNIPPET_SOURCE_CHARS = 3000  # how much of a file's text is read to show where the words occur


class SearchForm(forms.Form):
    organization = forms.TypedChoiceField(label="Cơ quan", coerce=int, required=False, empty_value=None)
    q = forms.CharField(label="Từ khóa", required=False, max_length=300,
                        widget=forms.TextInput(attrs={"placeholder": "Số, ký hiệu, trích yếu, nội dung…",
                                                      "type": "search", "autofocus": True}))
    direction = forms.ChoiceField(label="Loại", required=False, choices=[("", "Đến và đi"), *Direction.choices])
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True),
                                           required=False, empty_label="Tất cả")
    issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=100)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả"), *Document.State.choices])
    urgent = forms.BooleanField(label="Chỉ văn bản khẩn", required=False)
    issued_from = forms.DateField(label="Ngày văn bản từ", required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    issued_to = forms.DateField(label="đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = list(memberships(user).order_by("pk"))
        self.fields["organization"].choices = [(m.organization_id, m.organization.name) for m in mine]
        if len(mine) < 2:  # one organization: nothing to choose
            self.fields["organization"].widget = forms.HiddenInput()
        self.default_organization = mine[0].organization_id if mine else None  # as the API
        organizations = [m.organization_id for m in mine]
        self.fields["unit"].queryset = Unit.objects.filter(organization_id__in=organizations, is_active=True)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif name != "q":
                css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
                field.widget.attrs["class"] = css
        self.fields["q"].widget.attrs["class"] = "form-control"

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            query=data.get("q") or "", direction=data.get("direction") or "",
            document_type_id=data["document_type"].pk if data.get("document_type") else None,
            issuer=data.get("issuer") or "", unit_id=data["unit"].pk if data.get("unit") else None,
            state=data.get("state") or "", urgent_only=bool(data.get("urgent")),
            issued_from=data.get("issued_from"), issued_to=data.get("issued_to"),
            organization_id=data.get("organization") or self.default_organization,
        )


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

