"""What a detection rule is: a named check that lists the conditions it finds right now.

A rule does not write anything. The scan (alerts.services.scan) turns its findings into alerts:
one per (rule, key), opened, kept, resolved when the finding is gone, re-opened if it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import Severity


class Category:
    """Groups of the daily report (and of the dashboard's error counts)."""

    SEND_ERROR = "send_error"
    RECIPIENT = "recipient"  # statuses missing from recipients, refusals
    RECEIVE_ERROR = "receive_error"
    BACKLOG = "backlog"
    STATUS_OWED = "status_owed"
    HANDLING = "handling"
    SYSTEM = "system"


@dataclass
class Finding:
    key: str
    title: str
    severity: int = Severity.WARNING
    organization_id: int | None = None
    detail: str = ""
    document_ids: list[int] = field(default_factory=list)
    action: str = ""
    action_params: dict = field(default_factory=dict)


class Rule:
    code: str = ""
    label: str = ""
    category: str = Category.SYSTEM

    def description(self) -> str:
        """What the rule watches and its thresholds, in Vietnamese, for the admin pages."""
        return ""

    def findings(self, *, now: dt.datetime) -> Iterable[Finding]:
        raise NotImplementedError


def document_label(document) -> str:
    """How an alert names a document: by its số, ký hiệu, an operational fact. An alert's title and
    detail are stored, e-mailed and shown to every clerk and admin up the chain of organizations, so
    they carry no subject (trích yếu); the alert page adds it for those the permission rule lets read
    the document (documents.access)."""
    if document is None:
        return "(không rõ văn bản)"
    return document.symbol or "(chưa có số)"


def local(moment: dt.datetime | None) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "—"
