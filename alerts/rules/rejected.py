"""Bị từ chối: a recipient refused our document (status 02), with its reason."""

from __future__ import annotations

from ..models import Severity
from ..selectors import rejected_recipients
from .base import Category, Finding, Rule, document_label, local


class Rejected(Rule):
    code = "rejected"
    label = "Nơi nhận từ chối tiếp nhận"
    category = Category.RECIPIENT

    def description(self) -> str:
        return "Nơi nhận trả lại văn bản (trạng thái 02) và chưa gửi lại cho nơi đó."

    def findings(self, *, now):
        for recipient in rejected_recipients(now=now):
            document = recipient.document
            yield Finding(
                key=f"recipient:{recipient.pk}", severity=Severity.WARNING,
                title=f"{recipient.name or recipient.organ_id} từ chối: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=f"Lúc {local(recipient.last_status_at)}. Lý do: {recipient.reason or '(không nêu)'}",
                document_ids=[document.pk], action="resend", action_params={"recipient": recipient.pk},
            )
