"""Nhận lỗi: a package from the axis that could not be read (kept, acknowledged `fail`)."""

from __future__ import annotations

from qlvb.models import Organization

from ..models import Severity
from ..selectors import failed_inbounds
from .base import Category, Finding, Rule, local


class ReceiveFailed(Rule):
    code = "receive_failed"
    label = "Gói tin nhận về bị lỗi"
    category = Category.RECEIVE_ERROR

    def description(self) -> str:
        return "Gói tin nhận từ trục không đọc được (sai định dạng edXML, tệp đính kèm hỏng)."

    def findings(self, *, now):
        inbounds = list(failed_inbounds(now=now))
        orgs = dict(Organization.objects.filter(organ_id__in={i.to_organ_id for i in inbounds})
                    .values_list("organ_id", "pk"))
        for inbound in inbounds:
            sender = inbound.from_organ_id or "(không rõ nơi gửi)"
            yield Finding(
                key=f"inbound:{inbound.pk}", severity=Severity.CRITICAL,
                title=f"Nhận lỗi: gói tin từ {sender} không đọc được",
                organization_id=orgs.get(inbound.to_organ_id),
                detail=(f"Nhận lúc {local(inbound.received_at)}, mã trên trục {inbound.axis_doc_id}. "
                        f"Lỗi: {inbound.error[:500]}\nĐề nghị nơi gửi kiểm tra và gửi lại."),
            )
