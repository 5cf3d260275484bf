"""Tồn đọng: a document arrived but was not registered (nor refused) by the end of the next working
day; Khẩn, Thượng khẩn and Hỏa tốc ones within the urgent threshold."""

from __future__ import annotations

from .. import conf
from ..models import Severity
from ..selectors import backlog_documents
from .base import Category, Finding, Rule, document_label, local


class Backlog(Rule):
    code = "backlog"
    label = "Văn bản đến tồn đọng chưa vào sổ"
    category = Category.BACKLOG

    def description(self) -> str:
        return (f"Văn bản đến chưa vào sổ khi hết ngày làm việc tiếp theo ({conf.get('WORKDAY_END')}); "
                f"văn bản khẩn sau {conf.get('URGENT_BACKLOG_MINUTES'):g} phút.")

    def findings(self, *, now):
        for document, due in backlog_documents(now=now):
            urgent = document.get_urgency_display() if document.urgency else ""
            yield Finding(
                key=f"document:{document.pk}",
                severity=Severity.CRITICAL if document.urgency else Severity.WARNING,
                title=f"Tồn đọng{' (' + urgent + ')' if urgent else ''}: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=(f"Đến lúc {local(document.received_at)} từ {document.issuer_name or 'nơi gửi'}; "
                        f"hạn vào sổ {local(due)}."),
                document_ids=[document.pk], action="register", action_params={"document": document.pk},
            )
