"""Forms of the archive pages: returning a hồ sơ, asking to read one, deciding on a request."""

from django import forms

from qlvb.widgets import DayMonthYearInput


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class ReadingRequestForm(forms.Form):
    purpose = forms.CharField(label="Mục đích đọc hồ sơ", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    until = forms.DateField(label="Đọc đến hết ngày", required=False, widget=DayMonthYearInput(attrs={"class": "form-control"}),
                            error_messages={"invalid": "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."})


class ReadingDecisionForm(forms.Form):
    reason = forms.CharField(label="Ý kiến, lý do (bắt buộc khi từ chối)", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
