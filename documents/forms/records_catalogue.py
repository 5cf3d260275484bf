"""Forms of the file catalogue's screens (danh mục hồ sơ): a new catalogue, a row, the head's
approval and reopening, the sheet to import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.forms.incoming import REQUIRED, StyledForm
from documents.models import CatalogueEntry, FileCatalogue
from documents.services.records.catalogue import (
    CODE_MAX,
    NOTES_MAX,
    RESPONSIBLE_MAX,
    TITLE_MAX,
    EntryFields,
    retention_parse,
)
from documents.services.records.catalogue_sheet import MAX_BYTES
from qlvb.errors import Refused
from qlvb.models import Unit, User
from qlvb.widgets import DayMonthYearInput

Kind = CatalogueEntry.Kind


class CatalogueCreateForm(StyledForm):
    organization = forms.ChoiceField(label="Cơ quan")
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100, error_messages=REQUIRED)
    copy_previous = forms.BooleanField(label="Sao các dòng từ danh mục năm trước", required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organization"].choices = [(k, o.name) for k, o in self.organizations.items()]
        self.fields["organization"].initial = next(iter(self.organizations), None)
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput(attrs={"class": ""})
        self.fields["year"].initial = timezone.localdate().year
        # Ticked when there is a catalogue to copy from (copying from nothing is refused).
        self.fields["copy_previous"].initial = FileCatalogue.objects.filter(
            organization__in=organizations, entries__isnull=False).exists()

    def clean_organization(self):
        return self.organizations[self.cleaned_data["organization"]]


class EntryForm(StyledForm):
    kind = forms.ChoiceField(label="Loại dòng", choices=Kind.choices, initial=Kind.FILE)
    code = forms.CharField(label="Số và ký hiệu hồ sơ", max_length=CODE_MAX, required=False,
                           help_text="Ví dụ 05.VXNV. Đề mục để trống.")
    title = forms.CharField(label="Tên đề mục hoặc tiêu đề hồ sơ", max_length=TITLE_MAX, error_messages=REQUIRED,
                            widget=forms.Textarea(attrs={"rows": 2}))
    retention = forms.CharField(label="Thời hạn bảo quản", required=False, max_length=20,
                                help_text="“Vĩnh viễn” hoặc số năm, ví dụ “10 năm”.")
    responsible_user = forms.ModelChoiceField(label="Người lập hồ sơ", queryset=User.objects.none(), required=False,
                                              empty_label="— chưa giao —")
    responsible_unit = forms.ModelChoiceField(label="Đơn vị lập hồ sơ", queryset=Unit.objects.none(), required=False,
                                              empty_label="— chưa giao —")
    responsible_text = forms.CharField(label="Người lập hồ sơ (ghi như trong danh mục)", max_length=RESPONSIBLE_MAX,
                                       required=False)
    notes = forms.CharField(label="Ghi chú", max_length=NOTES_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, entry: CatalogueEntry | None = None, **kwargs):
        if entry is not None:
            kwargs.setdefault("initial", {
                "kind": entry.kind, "code": entry.code, "title": entry.title, "retention": entry.retention_label,
                "responsible_user": entry.responsible_user_id, "responsible_unit": entry.responsible_unit_id,
                "responsible_text": entry.responsible_text, "notes": entry.notes})
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = (
            User.objects.filter(memberships__organization=organization, memberships__is_active=True, is_active=True)
            .order_by("full_name"))
        self.fields["responsible_unit"].queryset = Unit.objects.filter(organization=organization, is_active=True)
        if entry is not None:
            del self.fields["kind"]  # a row keeps its kind
            self.kind = entry.kind
            if entry.kind != Kind.FILE:
                for name in ("code", "retention", "responsible_user", "responsible_unit", "responsible_text"):
                    del self.fields[name]

    def clean_retention(self):
        text = self.cleaned_data.get("retention", "")
        kind = self.cleaned_data.get("kind", getattr(self, "kind", Kind.FILE))
        if kind != Kind.FILE and not text:
            return None
        try:
            return retention_parse(text)
        except Refused as exc:
            raise ValidationError(exc.text()) from None

    def entry_fields(self) -> EntryFields:
        data = self.cleaned_data
        kind = data.get("kind", getattr(self, "kind", Kind.FILE))
        return EntryFields(kind=kind, title=data["title"], code=data.get("code", ""),
                           retention_years=data.get("retention"), responsible_unit=data.get("responsible_unit"),
                           responsible_user=data.get("responsible_user"),
                           responsible_text=data.get("responsible_text", ""), notes=data.get("notes", ""))


class ApproveForm(StyledForm):
    decision = forms.CharField(label="Số quyết định ban hành", max_length=200, error_messages=REQUIRED,
                               help_text="Ví dụ 15/QĐ-UBND.")
    decision_date = forms.DateField(label="Ngày quyết định", widget=DayMonthYearInput(), error_messages={
        **REQUIRED, "invalid": "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/01/2026."})


class ReopenForm(StyledForm):
    reason = forms.CharField(label="Lý do mở lại để sửa đổi", max_length=1000, error_messages=REQUIRED,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(StyledForm):
    sheet = forms.FileField(label="Tệp Excel (.xlsx) theo mẫu Phụ lục V", error_messages={
        "required": "Chọn tệp Excel để nhập.", "empty": "Tệp trống."})

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_BYTES:
            raise ValidationError(f"Tệp quá lớn: tối đa {MAX_BYTES // (1024 * 1024)} MB.")
        return sheet.read()
