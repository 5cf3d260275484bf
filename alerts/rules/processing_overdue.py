"""Quá hạn xử lý: an incoming document still being handled after its deadline."""

from __future__ import annotations

from ..models import Severity
from ..selectors import overdue_documents
from .base import Category, Finding, Rule, document_label


class ProcessingOverdue(Rule):
    code = "processing_overdue"
    label = "Văn bản quá hạn xử lý"
    category = Category.HANDLING

    def description(self) -> str:
        return "Văn bản đến chưa hoàn thành khi đã qua hạn xử lý (của văn bản hoặc của đơn vị chủ trì)."

    def findings(self, *, now):
        for document, deadline in overdue_documents(now=now):
            yield Finding(
                key=f"document:{document.pk}", severity=Severity.WARNING,
                title=f"Quá hạn xử lý: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=f"Hạn xử lý {deadline:%d/%m/%Y}; trạng thái: {document.get_state_display()}.",
                document_ids=[document.pk],
            )
