"""Đã ký chưa phát hành: a signed document not dispatched the same working day (QĐ 28: at the
latest the next working morning; urgent ones right after signing)."""

from __future__ import annotations

from ..models import Severity
from ..selectors import signed_not_dispatched
from .base import Category, Finding, Rule, document_label, local


class DispatchLate(Rule):
    code = "dispatch_late"
    label = "Văn bản đã ký chưa phát hành trong ngày"
    category = Category.HANDLING

    def description(self) -> str:
        return "Văn bản đi đã ký nhưng chưa phát hành trong ngày ký (ký sau giờ làm việc: trước trưa ngày làm việc tiếp theo)."

    def findings(self, *, now):
        for document, due in signed_not_dispatched(now=now):
            yield Finding(
                key=f"document:{document.pk}",
                severity=Severity.CRITICAL if document.urgency else Severity.WARNING,
                title=f"Đã ký, chưa phát hành: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=f"Ký lúc {local(document.signed_at)}; hạn phát hành {local(due)}.",
                document_ids=[document.pk],
            )
