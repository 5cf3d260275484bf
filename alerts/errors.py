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
