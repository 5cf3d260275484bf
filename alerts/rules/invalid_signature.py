"""Chữ ký số không hợp lệ: a received document whose latest signature check failed
(signatures.models.FileVerification)."""

from __future__ import annotations

from ..models import Severity
from ..selectors import invalid_signature_documents
from .base import Category, Finding, Rule, document_label, local


class InvalidSignature(Rule):
    code = "invalid_signature"
    label = "Văn bản nhận có chữ ký số không hợp lệ"
    category = Category.RECEIVE_ERROR

    def description(self) -> str:
        return "Lần kiểm tra gần nhất của một tệp văn bản đến cho thấy chữ ký số không hợp lệ."

    def findings(self, *, now):
        for document in invalid_signature_documents(now=now):
            yield Finding(
                key=f"document:{document.pk}", severity=Severity.CRITICAL,
                title=f"Chữ ký số không hợp lệ: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=(f"Văn bản của {document.issuer_name or 'nơi gửi'} đến lúc {local(document.received_at)}. "
                        "Kiểm tra lại; nếu không hợp lệ, từ chối tiếp nhận và nêu lý do."),
                document_ids=[document.pk],
            )
