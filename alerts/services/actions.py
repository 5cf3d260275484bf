"""One-click fixes offered on an alert, each calling the service that does the real work.

- retry: send a failed outbound row again (interchange.services.outbox.outbound_retry);
- resend: send the document again to a recipient that refused it or never got it;
- register: register the incoming document now (documents.services.incoming.registration.incoming_register);
- send_status: send the status we owe the sender (interchange.services.outbox.outbound_status_enqueue).

After the action the alert's rule runs again, so a fixed condition resolves at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from documents.models import Document
from documents.services.incoming.registration import incoming_register, internal_deliver
from documents.services.incoming.statuses import sender_status_send
from interchange.models import Outbound, Recipient
from interchange.services.outbox import outbound_document_enqueue, outbound_retry
from qlvb.audit_actions import AuditAction
from qlvb.models import Organization
from qlvb.services.audit import audit_record

from ..models import Alert, AlertEvent
from .lifecycle import require_manager
from .scan import alerts_scan


@dataclass(frozen=True)
class ActionInfo:
    label: str
    icon: str
    done: str


ACTIONS = {
    "retry": ActionInfo("Gửi lại", "bi-arrow-repeat", "Đã đưa vào hàng đợi để gửi lại."),
    "resend": ActionInfo("Gửi lại cho nơi nhận", "bi-send", "Đã gửi lại văn bản cho nơi nhận."),
    "register": ActionInfo("Vào sổ ngay", "bi-journal-check", "Đã vào sổ văn bản và gửi trạng thái 03."),
    "send_status": ActionInfo("Gửi trạng thái", "bi-reply", "Đã đưa trạng thái vào hàng đợi gửi."),
}


def _retry(*, params: dict, actor) -> str:
    outbound = Outbound.objects.get(pk=params["outbound"])
    outbound_retry(outbound=outbound, actor=actor)
    return f"outbound {outbound.pk}"


def _resend(*, params: dict, actor) -> str:
    recipient = Recipient.objects.select_related("document").get(pk=params["recipient"])
    organization = Organization.objects.get(organ_id=recipient.organ_id)
    if recipient.channel == Recipient.Channel.INTERNAL:
        internal_deliver(actor=actor, document=recipient.document, recipients=[organization])
    else:
        outbound_document_enqueue(document=recipient.document, recipients=[organization], actor=actor)
    return f"{recipient.document_id} → {recipient.organ_id}"


def _register(*, params: dict, actor) -> str:
    document = incoming_register(actor=actor, document=Document.objects.get(pk=params["document"]))
    return f"document {document.pk} number {document.register_number}"


def _send_status(*, params: dict, actor) -> str:
    document = Document.objects.get(pk=params["document"])
    sender_status_send(document=document, code=params["code"], actor=actor)
    return f"document {document.pk} status {params['code']}"


RUNNERS = {"retry": _retry, "resend": _resend, "register": _register, "send_status": _send_status}


def alert_action_run(*, alert: Alert, action: str, actor) -> str:
    """Run the alert's suggested action as `actor` (a clerk or admin of its organization).

    Raises PermissionDenied, ValidationError (from the service, e.g. a possible duplicate), or
    ValueError for an action the alert does not offer. Returns the message to show."""
    require_manager(actor, alert)
    if action != alert.action or action not in RUNNERS:
        raise ValueError(f"alert {alert.pk} does not offer {action!r}")
    with transaction.atomic():
        what = RUNNERS[action](params=alert.action_params, actor=actor)
        AlertEvent.objects.create(alert=alert, at=timezone.now(), kind=AlertEvent.Kind.ACTION, actor=actor,
                                  note=ACTIONS[action].label)
        audit_record(action=AuditAction(f"alert.action.{action}"), actor=actor, organization=alert.organization, obj=alert,
                     data={"rule": alert.rule, "key": alert.key, "target": what})
    alerts_scan(rules=[alert.rule])
    return ACTIONS[action].done
