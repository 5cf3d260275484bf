"""The codes of the interchange's refusals (see qlvb.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qlvb.errors import ErrorCode


class InterchangeError(ErrorCode):
    NO_CONNECTION = "no_connection", _("%(organization)s has no axis connection configured.")
    DOCUMENT_RECALLED = "document_recalled", _("%(document)s was recalled: it is not sent again.")
    PACKAGE_INVALID = "package_invalid", _(
        "The edXML package of %(document)s breaks the rules of QCVN 102:2016, so nothing was sent: %(problems)s")
