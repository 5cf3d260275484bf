"""The filter of a register page and its downloads: organization, book, period, type, issuing
organization, unit and state."""

from __future__ import annotations

from django import forms

from documents.exports import SPECS
from documents.literals import Direction
from documents.models import Document, DocumentType
from documents.selectors.registers import (
    RegisterFilters,
    register_books,
)
from qlvb.models import Organization, Unit
from qlvb.widgets import DayMonthYearInput

INCOMING_STATES = ["registered", "presented", "assigned", "processing", "done", "recalled"]
OUTGOING_STATES = ["signed", "issued", "dispatched", "recalled"]


class RegisterFilterForm(forms.Form):
    organization = forms.TypedChoiceField(label="Cơ quan", coerce=int, required=False)
    register = forms.TypedChoiceField(label="Sổ", coerce=int, required=False, empty_value=None)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=DayMonthYearInput())
    date_to = forms.DateField(label="Đến ngày", required=False, widget=DayMonthYearInput())
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True),
                                           required=False, empty_label="Tất cả")
    issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=100)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    state = forms.ChoiceField(label="Trạng thái", required=False)

    def __init__(self, *args, organizations: list[Organization], kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        chosen = self.organization_chosen()
        direction = SPECS[kind].direction
        self.fields["register"].choices = [("", "Các sổ (trừ sổ mật)")] + [
            (r.pk, f"{r.name} {r.year}") for r in register_books(organization=chosen, direction=direction)]
        self.fields["unit"].queryset = Unit.objects.filter(organization=chosen, is_active=True).order_by("name")
        states = INCOMING_STATES if direction == Direction.INCOMING else OUTGOING_STATES
        labels = dict(Document.State.choices)
        self.fields["state"].choices = [("", "Tất cả")] + [(s, labels[s]) for s in states]
        self.fields["date_from"].label = "Đến từ ngày" if direction == Direction.INCOMING else "Ngày văn bản từ"
        if direction == Direction.OUTGOING:
            self.fields.pop("issuer")
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def organization_chosen(self) -> Organization:
        raw = self.data.get("organization") if self.is_bound else None
        return next((o for o in self.organizations if str(o.pk) == str(raw)), self.organizations[0])

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            organization_id=self.organization_chosen().pk, register_id=data.get("register"),
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            document_type_id=data["document_type"].pk if data.get("document_type") else None,
            issuer=data.get("issuer") or "", unit_id=data["unit"].pk if data.get("unit") else None,
            state=data.get("state") or "",
        )
