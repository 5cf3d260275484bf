"""Chưa đến nơi nhận: no status 01 (Đã đến) from a recipient within the threshold after sending."""

from __future__ import annotations

from .. import conf
from ..models import Severity
from ..selectors import recipients_not_arrived
from .base import Category, Finding, Rule, document_label, local


class NotArrived(Rule):
    code = "not_arrived"
    label = "Văn bản chưa đến nơi nhận"
    category = Category.RECIPIENT

    def description(self) -> str:
        return (f"Đã gửi lên trục quá {conf.get('NOT_ARRIVED_MINUTES'):g} phút mà nơi nhận chưa báo "
                "trạng thái 01 (Đã đến).")

    def findings(self, *, now):
        for recipient in recipients_not_arrived(now=now):
            document = recipient.document
            yield Finding(
                key=f"recipient:{recipient.pk}", severity=Severity.WARNING,
                title=f"Chưa đến {recipient.name or recipient.organ_id}: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=(f"Gửi lên trục lúc {local(recipient.outbound.sent_at)}; {recipient.name} "
                        f"({recipient.organ_id}) chưa báo đã nhận được văn bản."),
                document_ids=[document.pk], action="resend", action_params={"recipient": recipient.pk},
            )
