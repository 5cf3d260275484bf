"""The form of one line of the e-only catalogue (danh mục văn bản điện tử)."""

from __future__ import annotations

from django import forms

from documents.forms.incoming import StyledForm


class ElectronicOnlyForm(StyledForm):
    electronic_only = forms.BooleanField(label="Chỉ gửi điện tử, không kèm bản giấy", required=False)
    reviewed = forms.BooleanField(label="Đã rà soát", required=False)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500,
                           error_messages={"max_length": "Ghi chú dài quá 500 ký tự."})
