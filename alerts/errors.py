"""The codes of the alerts' refusals (see qlvb.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qlvb.errors import ErrorCode


class AlertError(ErrorCode):
    NOT_A_MANAGER = "alert_not_a_manager", _(
        "Only a clerk or an administrator of the organization may handle this alert.")
    NOT_OPEN = "alert_not_open", _("Only an open alert can be acknowledged.")
    CLOSE_NOTE_REQUIRED = "alert_close_note_required", _("Say why the alert is closed.")
