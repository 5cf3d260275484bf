"""Gửi lỗi: an outbound message ended failed — a permanent error or every retry used up."""

from __future__ import annotations

from interchange.models import MessageKind

from ..models import Severity
from ..selectors import failed_outbounds
from .base import Category, Finding, Rule, document_label, local


class SendFailed(Rule):
    code = "send_failed"
    label = "Gửi văn bản, trạng thái bị lỗi"
    category = Category.SEND_ERROR

    def description(self) -> str:
        return "Văn bản hoặc trạng thái gửi lên trục bị lỗi không thể tự gửi lại (lỗi vĩnh viễn hoặc đã hết số lần thử)."

    def findings(self, *, now):
        for outbound in failed_outbounds(now=now, kind=None):
            recipients = ", ".join(r.name or r.organ_id for r in outbound.recipients.all()) or outbound.status_to
            why = "lỗi không thể tự gửi lại" if outbound.error_permanent else f"đã thử {outbound.attempts} lần"
            if outbound.kind == MessageKind.STATUS:
                title = f"Gửi trạng thái {outbound.status_code} lỗi: {document_label(outbound.document)}"
            else:
                title = f"Gửi lỗi: {document_label(outbound.document)}"
            yield Finding(
                key=f"outbound:{outbound.pk}", title=title[:300], severity=Severity.CRITICAL,
                organization_id=outbound.organization_id,
                detail=(f"Nơi nhận: {recipients}. Tạo lúc {local(outbound.created_at)}, {why}.\n"
                        f"Lỗi: {outbound.last_error or '(không có mô tả)'}"),
                document_ids=[outbound.document_id] if outbound.document_id else [],
                action="retry", action_params={"outbound": outbound.pk},
            )
