"""Forms of keeping back, handover and disposal: Vietnamese labels and errors, dates as dd/mm/yyyy.
They only parse what was typed; the rules are the services'."""

from __future__ import annotations

from django import forms

from qlvb.models import User
from qlvb.widgets import DayMonthYearInput

REQUIRED = "Trường này là bắt buộc."
BAD_DATE = "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy)."


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update({"required": REQUIRED, "invalid": BAD_DATE})
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class KeepBackRequestForm(_Styled):
    until = forms.DateField(label="Giữ lại đến ngày", widget=DayMonthYearInput())
    reason = forms.CharField(label="Lý do giữ lại", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class KeepBackApproveForm(_Styled):
    approval_number = forms.CharField(label="Số văn bản đồng ý", max_length=60)
    approval_date = forms.DateField(label="Ngày văn bản đồng ý", widget=DayMonthYearInput())
    note = forms.CharField(label="Ý kiến", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class KeepBackRefuseForm(_Styled):
    note = forms.CharField(label="Lý do không đồng ý", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DisposalProposeForm(_Styled):
    records = forms.TypedMultipleChoiceField(label="Hồ sơ đề nghị hủy", coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="Thuyết minh", required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = list(choices)


class DisposalDecideForm(_Styled):
    number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    signed_on = forms.DateField(label="Ngày quyết định", widget=DayMonthYearInput(), required=False)
    signer = forms.ModelChoiceField(label="Người ký quyết định", queryset=User.objects.none(), required=False,
                                    empty_label="(người ghi nhận)")
    reason = forms.CharField(label="Lý do hủy, ý kiến của Hội đồng xác định giá trị tài liệu", max_length=4000,
                             required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if signers is not None:
            self.fields["signer"].queryset = signers


class DisposalRefuseForm(_Styled):
    reason = forms.CharField(label="Lý do không hủy", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class HandoverForm(_Styled):
    to_user = forms.ModelChoiceField(label="Người nhận", queryset=User.objects.none(), empty_label="— chọn —")
    records = forms.TypedMultipleChoiceField(label="Hồ sơ bàn giao", coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label="Lý do (nghỉ hưu, thôi việc, chuyển công tác, đi học dài hạn…)", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, recipients=None, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        if recipients is not None:
            self.fields["to_user"].queryset = recipients
        self.fields["records"].choices = list(records)


class DesignateForm(_Styled):
    to_user = forms.ModelChoiceField(label="Người được chỉ định nhận", queryset=User.objects.none(),
                                     empty_label="— chọn —")

    def __init__(self, *args, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        if recipients is not None:
            self.fields["to_user"].queryset = recipients
