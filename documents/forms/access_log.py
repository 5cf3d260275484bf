"""The period and organization of the access report."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from documents.selectors.access_log import MAX_REPORT_DAYS
from qlvb.widgets import DayMonthYearInput


class AccessReportForm(forms.Form):
    organization = forms.TypedChoiceField(label="Cơ quan", coerce=int, required=False)
    date_from = forms.DateField(label="Từ ngày", widget=DayMonthYearInput(),
                                error_messages={"required": "Nhập ngày bắt đầu.", "invalid": "Nhập ngày dạng dd/mm/yyyy."})
    date_to = forms.DateField(label="Đến ngày", widget=DayMonthYearInput(),
                              error_messages={"required": "Nhập ngày kết thúc.", "invalid": "Nhập ngày dạng dd/mm/yyyy."})

    def __init__(self, data, *, organizations):
        if not data:  # first visit: the last 30 days
            today = timezone.localdate()
            data = {"date_from": (today - dt.timedelta(days=29)).strftime("%d/%m/%Y"),
                    "date_to": today.strftime("%d/%m/%Y")}
        super().__init__(data)
        self.organizations = organizations
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Ngày kết thúc phải sau ngày bắt đầu.")
        elif start and end and (end - start).days >= MAX_REPORT_DAYS:
            self.add_error("date_to", f"Khoảng thời gian tối đa {MAX_REPORT_DAYS} ngày.")
        return data

    def organization_chosen(self):
        raw = self.data.get("organization")
        return next((o for o in self.organizations if str(o.pk) == str(raw)), self.organizations[0])
