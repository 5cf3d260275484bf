"""Nơi nhận chưa tiếp nhận: the recipient has the document (01) but sent neither 03 nor 02 by the
end of the next working day."""

from __future__ import annotations

from ..models import Severity
from ..selectors import recipients_not_accepted
from .base import Category, Finding, Rule, document_label, local


class NotAccepted(Rule):
    code = "not_accepted"
    label = "Nơi nhận chưa tiếp nhận văn bản"
    category = Category.RECIPIENT

    def description(self) -> str:
        return "Nơi nhận đã báo 01 (Đã đến) nhưng hết ngày làm việc tiếp theo vẫn chưa báo 03 (Đã tiếp nhận) hoặc 02."

    def findings(self, *, now):
        for recipient in recipients_not_accepted(now=now):
            document = recipient.document
            yield Finding(
                key=f"recipient:{recipient.pk}", severity=Severity.WARNING,
                title=f"{recipient.name or recipient.organ_id} chưa tiếp nhận: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=(f"Văn bản đã đến lúc {local(recipient.last_status_at)} nhưng nơi nhận chưa vào sổ. "
                        "Liên hệ văn thư nơi nhận để đôn đốc."),
                document_ids=[document.pk],
            )
