"""Form widgets every app shares."""

from __future__ import annotations

import datetime as dt

from django import forms

DATE_FORMAT = "%d/%m/%Y"
DATE_PLACEHOLDER = "dd/mm/yyyy"


class DayMonthYearInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, whatever the browser's language.

    A `type="date"` input shows the browser's order (mm/dd/yyyy in an English Chromium), so a clerk
    reading 05/01 on paper typed the wrong date. This is a text box with the Vietnamese order shown
    as its placeholder; the field parses with qlvb/formats/vi (day first).
    """

    input_type = "text"

    def __init__(self, attrs=None):
        base = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", "maxlength": "10"}
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_FORMAT)


def parse_day(text: str | None) -> dt.date | None:
    """dd/mm/yyyy (or yyyy-mm-dd) → a date; None when blank. ValueError when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")
