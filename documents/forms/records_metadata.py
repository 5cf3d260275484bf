"""The form that corrects a document's metadata after entry; the rules live in
documents.services.records.metadata."""

from __future__ import annotations

from django import forms

from documents.forms.incoming import REQUIRED, DateInput, StyledForm
from documents.literals import Secrecy, Urgency
from documents.models import Document, DocumentType
from documents.services.records.metadata import (
    MAX_DESCRIPTION_CHARS,
    MAX_PAGE_COUNT,
    MAX_REASON_CHARS,
    MAX_SUBJECT_CHARS,
    editable_fields,
)


class MetadataForm(StyledForm):
    subject = forms.CharField(label="Trích yếu", max_length=MAX_SUBJECT_CHARS, error_messages=REQUIRED,
                              widget=forms.Textarea(attrs={"rows": 3}))
    symbol = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    issued_on = forms.DateField(label="Ngày văn bản", required=False, widget=DateInput(),
                                error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."})
    issuer_name = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True),
                                           empty_label=None, error_messages={
                                               **REQUIRED, "invalid_choice": "Loại văn bản không có trong danh mục."})
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=150, required=False)
    urgency = forms.TypedChoiceField(label="Độ khẩn", choices=Urgency.choices, coerce=int)
    secrecy = forms.TypedChoiceField(label="Độ mật", choices=Secrecy.choices, coerce=int,
                                     help_text="Chỉ lãnh đạo cơ quan được thay đổi độ mật.")
    due_date = forms.DateField(label="Hạn xử lý", required=False, widget=DateInput(),
                               error_messages={"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy."})
    page_count = forms.IntegerField(label="Số trang", required=False, min_value=1, max_value=MAX_PAGE_COUNT,
                                    error_messages={"invalid": "Số trang phải là một số nguyên.",
                                                    "min_value": "Số trang phải lớn hơn 0.",
                                                    "max_value": f"Số trang tối đa là {MAX_PAGE_COUNT}."})
    language = forms.CharField(label="Ngôn ngữ", max_length=30, error_messages=REQUIRED)
    description = forms.CharField(label="Mô tả, ghi chú", max_length=MAX_DESCRIPTION_CHARS, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="Lý do sửa", max_length=MAX_REASON_CHARS, error_messages=REQUIRED,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Bắt buộc: lý do được lưu cùng giá trị cũ và mới.")

    def __init__(self, *args, document: Document, user, **kwargs):
        self.fields_shown = [f.name for f in editable_fields(document, user=user)]
        initial = {name: getattr(document, name) for name in self.fields_shown}
        if "document_type" in initial:
            initial["document_type"] = document.document_type_id
        super().__init__(*args, initial=initial, **kwargs)
        for name in list(self.fields):
            if name not in self.fields_shown and name != "reason":
                del self.fields[name]

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields_shown}
