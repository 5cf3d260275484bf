"""The search form (tra cứu): keywords and filters, turned into the search's filters."""

from __future__ import annotations

from django import forms

from documents.literals import Direction
from documents.models import Document, DocumentType
from documents.selectors.search import SearchFilters
from documents.selectors.search_results import DEFAULT_SORT, SORTS
from qlvb.access import memberships
from qlvb.models import Unit
from qlvb.widgets import DayMonthYearInput


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
                                  widget=DayMonthYearInput())
    issued_to = forms.DateField(label="đến ngày", required=False, widget=DayMonthYearInput())
    # How the results come (Phụ lục VI III.6.g); the columns (`cols`) are read by the view.
    sort = forms.ChoiceField(label="Sắp xếp", required=False, choices=SORTS, error_messages={
        "invalid_choice": "Cách sắp xếp “%(value)s” không có; hãy chọn trong danh sách."})

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

    def sort_key(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_SORT

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
