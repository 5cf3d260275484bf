"""The codes of the alerts' refusals (see qlvb.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qlvb.errors import ErrorCode


class AlertError(ErrorCode):
    NOT_A_MANAGER = "alert_not_a_manager", _(
        "Only a clerk or an administrator of the organization may handle this alert.")
    NOT_OPEN = "alert_not_open", _("Only an open alert can be acknowledged.")
    CLOSE_NOTE_REQUIRED = "alert_close_note_required", _("Say why the alert is closed.")
    # figures (issue 16): the KPI page's month
    KPI_BAD_MONTH = "kpi_bad_month", _(
        "The month must be given as a month from 1 to 12 and a year from 2000 to 2100 (e.g. 2026-03).")
    # --- reports: the handling reports (Phụ lục VI, V.2 and V.4) ---
    NOT_A_REPORT_READER = "handling_report_not_a_reader", _(
        "The handling reports are read by the organization's leaders and administrators, and by unit heads "
        "for their unit.")
    REPORT_DATE_INVALID = "handling_report_date_invalid", _("Enter the date as dd/mm/yyyy, e.g. 01/03/2026.")
    REPORT_PERIOD_MISSING = "handling_report_period_missing", _(
        "Choose a period, or enter both a start and an end date.")
    REPORT_PERIOD_REVERSED = "handling_report_period_reversed", _("The start date must not be after the end date.")
    REPORT_PERIOD_TOO_LONG = "handling_report_period_too_long", _("A report covers at most %(days)s days.")
    REPORT_CHOICE_INVALID = "handling_report_choice_invalid", _("This choice is not in the report's scope.")
