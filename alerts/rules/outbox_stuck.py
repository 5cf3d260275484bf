"""Hàng đợi gửi bị tắc: messages queued (or sending) for longer than the threshold."""

from __future__ import annotations

from .. import conf
from ..models import Severity
from ..selectors import stuck_outbox
from .base import Category, Finding, Rule, local


class OutboxStuck(Rule):
    code = "outbox_stuck"
    label = "Hàng đợi gửi bị tắc"
    category = Category.SYSTEM

    def description(self) -> str:
        return f"Có văn bản, trạng thái nằm trong hàng đợi gửi quá {conf.get('OUTBOX_STUCK_MINUTES'):g} phút."

    def findings(self, *, now):
        for entry in stuck_outbox(now=now):
            connection = entry["connection"]
            yield Finding(
                key=f"connection:{connection.pk}", severity=Severity.CRITICAL,
                title=f"Hàng đợi gửi bị tắc: {entry['count']} thư chờ gửi qua kết nối {connection.name}",
                detail=(f"Thư cũ nhất chờ từ {local(entry['oldest'])}. "
                        f"Lỗi gần nhất: {entry['last_error'][:300] or '(chưa có lần thử nào: kiểm tra worker)'}"),
                document_ids=sorted({o.document_id for o in entry["outbounds"] if o.document_id}),
            )
