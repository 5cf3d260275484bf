"""Văn bản đã từ chối: an electronic document our clerk refused (02). Kept as information in the
count of receive errors; it is the sender who has to act."""

from __future__ import annotations

from ..models import Severity
from ..selectors import rejected_by_us
from .base import Category, Finding, Rule, document_label, local


class RejectedByUs(Rule):
    code = "rejected_by_us"
    label = "Văn bản nhận bị cơ quan từ chối"
    category = Category.RECEIVE_ERROR

    def description(self) -> str:
        return "Văn bản điện tử đến mà văn thư đã từ chối tiếp nhận (trạng thái 02)."

    def findings(self, *, now):
        for document in rejected_by_us(now=now):
            yield Finding(
                key=f"document:{document.pk}", severity=Severity.INFO,
                title=f"Đã từ chối tiếp nhận: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=(f"Văn bản của {document.issuer_name or 'nơi gửi'} đến lúc {local(document.received_at)}. "
                        f"Lý do: {document.rejection_reason or '(không nêu)'}"),
                document_ids=[document.pk],
            )
