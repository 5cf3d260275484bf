"""Chưa phản hồi trạng thái: a received axis document for which we owe the sender a status —
01 on arrival, 03 after registering, 02 after refusing, and a decision by the deadline."""

from __future__ import annotations

from interchange.models import MessageKind, Outbound

from .. import conf
from ..models import Severity
from ..selectors import status_owed
from .base import Category, Finding, Rule, document_label, local


class StatusOwed(Rule):
    code = "status_owed"
    label = "Chưa gửi trạng thái cho nơi gửi"
    category = Category.STATUS_OWED

    def description(self) -> str:
        return (f"Văn bản nhận qua trục chưa gửi trạng thái theo quy định sau {conf.get('STATUS_GRACE_MINUTES'):g} "
                "phút: 01 khi đến, 03 khi vào sổ, 02 khi từ chối; quá hạn vào sổ mà chưa có 03 hoặc 02.")

    def findings(self, *, now):
        owed = status_owed(now=now)
        failed = {
            (o.document_id, o.status_code): o.pk
            for o in Outbound.objects.filter(kind=MessageKind.STATUS, state=Outbound.State.FAILED,
                                             document_id__in=[x.document.pk for x in owed])
        }
        for item in owed:
            document = item.document
            action, params = "", {}
            concrete = [c for c in item.codes if c != "03/02"]
            if concrete:
                code = concrete[0]
                if (document.pk, code) in failed:  # the status was tried and failed: send that row again
                    action, params = "retry", {"outbound": failed[(document.pk, code)]}
                else:
                    action, params = "send_status", {"document": document.pk, "code": code}
            else:
                action, params = "register", {"document": document.pk}
            yield Finding(
                key=f"document:{document.pk}", severity=Severity.WARNING,
                title=f"Chưa gửi trạng thái {item.label}: {document_label(document)}"[:300],
                organization_id=document.organization_id,
                detail=(f"Văn bản của {document.issuer_name or 'nơi gửi'} đến lúc {local(document.received_at)}, "
                        f"trạng thái hiện tại: {document.get_state_display()}. Cần gửi: {item.label}."),
                document_ids=[document.pk], action=action, action_params=params,
            )
