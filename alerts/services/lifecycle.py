"""What people do with an alert: acknowledge it, close it by hand."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alerts.errors import AlertError
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.services.audit import audit_record

from ..models import Alert, AlertEvent
from ..selectors import can_manage_organization

NOT_ALLOWED = AlertError.NOT_A_MANAGER


def require_manager(user, alert: Alert) -> None:
    if not can_manage_organization(user, alert.organization_id):
        raise Forbidden(NOT_ALLOWED)


@transaction.atomic
def alert_acknowledge(*, alert: Alert, actor, note: str = "") -> Alert:
    """Đã tiếp nhận: someone is on it; no more e-mails until it resolves and recurs."""
    require_manager(actor, alert)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != Alert.State.OPEN:
        raise Refused(AlertError.NOT_OPEN)
    now = timezone.now()
    alert.state, alert.acknowledged_at, alert.acknowledged_by = Alert.State.ACKNOWLEDGED, now, actor
    alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    AlertEvent.objects.create(alert=alert, at=now, kind=AlertEvent.Kind.ACKNOWLEDGED, actor=actor, note=note)
    audit_record(action=AuditAction.ALERT_ACKNOWLEDGE, actor=actor, organization=alert.organization, obj=alert,
                 data={"rule": alert.rule, "key": alert.key})
    return alert


@transaction.atomic
def alert_close(*, alert: Alert, actor, note: str) -> Alert:
    """Close by hand (e.g. handled outside the system). It re-opens only if the condition clears
    and then comes back."""
    require_manager(actor, alert)
    note = (note or "").strip()
    if not note:
        raise Refused(AlertError.CLOSE_NOTE_REQUIRED)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state == Alert.State.RESOLVED:
        return alert
    now = timezone.now()
    alert.state, alert.resolved_at, alert.resolved_by = Alert.State.RESOLVED, now, actor
    alert.save(update_fields=["state", "resolved_at", "resolved_by"])
    AlertEvent.objects.create(alert=alert, at=now, kind=AlertEvent.Kind.CLOSED, actor=actor, note=note)
    audit_record(action=AuditAction.ALERT_CLOSE, actor=actor, organization=alert.organization, obj=alert,
                 data={"rule": alert.rule, "key": alert.key, "note": note})
    return alert
