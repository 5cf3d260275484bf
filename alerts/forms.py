"""The filter of the handling reports: a named period or two dates, and a unit."""

from __future__ import annotations

import datetime as dt

from django import forms

from qlvb.widgets import DayMonthYearInput

from .errors import AlertError
from .reports.handling_scope import MAX_DAYS, PRESETS, preset_period


class HandlingReportForm(forms.Form):
    ky = forms.ChoiceField(label="Kỳ báo cáo", required=False,
                           choices=[("", "Chọn ngày"), *PRESETS.items()],
                           error_messages={"invalid_choice": AlertError.REPORT_CHOICE_INVALID.label})
    tu = forms.DateField(label="Từ ngày", required=False, widget=DayMonthYearInput(),
                         error_messages={"invalid": AlertError.REPORT_DATE_INVALID.label})
    den = forms.DateField(label="Đến ngày", required=False, widget=DayMonthYearInput(),
                          error_messages={"invalid": AlertError.REPORT_DATE_INVALID.label})
    don_vi = forms.TypedChoiceField(label="Đơn vị", required=False, coerce=int, empty_value=None,
                                    error_messages={"invalid_choice": AlertError.REPORT_CHOICE_INVALID.label})

    def __init__(self, data, *, units: list, fixed_unit: bool, today: dt.date):
        data = data.copy()
        if not any(data.get(k) for k in ("ky", "tu", "den")):
            data["ky"] = "thang-nay"  # first visit: this month so far
        if data.get("ky") in PRESETS:  # a named period shows as its two dates, to be changed by hand
            preset = data.pop("ky")
            start, end = preset_period(preset[0] if isinstance(preset, list) else preset, today)
            data["tu"], data["den"] = f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"
        super().__init__(data)
        self.today = today
        self.fields["don_vi"].choices = ([] if fixed_unit else [("", "Toàn cơ quan")]) + [(u.pk, u.name) for u in units]
        self.units = {u.pk: u for u in units}
        if fixed_unit:
            self.fields["don_vi"].required = False
            self.fields["don_vi"].disabled = True
            self.fields["don_vi"].initial = units[0].pk
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("tu"), data.get("den")
        if start is None or end is None:
            raise forms.ValidationError(AlertError.REPORT_PERIOD_MISSING.label)
        if start > end:
            self.add_error("den", AlertError.REPORT_PERIOD_REVERSED.label)
        elif (end - start).days >= MAX_DAYS:
            self.add_error("den", AlertError.REPORT_PERIOD_TOO_LONG.label % {"days": MAX_DAYS})
        return data

    def preset_chosen(self) -> str | None:
        """The named period the dates are, if any (to show it as chosen)."""
        data = getattr(self, "cleaned_data", {})
        return next((key for key in PRESETS
                     if (data.get("tu"), data.get("den")) == preset_period(key, self.today)), None)

    def unit_chosen(self):
        return self.units.get(self.cleaned_data.get("don_vi"))

    def query(self, **extra) -> str:
        """The filter as a query string, for the links to the lists and the downloads."""
        from urllib.parse import urlencode

        data = self.cleaned_data
        params = {"tu": f"{data['tu']:%d/%m/%Y}", "den": f"{data['den']:%d/%m/%Y}"}
        if data.get("don_vi"):
            params["don_vi"] = data["don_vi"]
        params.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(params)
