"""Append to and verify the hash-chained audit log.

Services call `audit_record` inside their own transaction: the event commits or rolls back with
the change it describes. Appending locks the single `AuditHead` row, which serialises writers and
makes the chain linear on every database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from qlvb.audit_actions import AuditAction

from ..models import AuditEvent, AuditHead
from ..request_context import request_id_var

GENESIS_HASH = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    content = {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "on_behalf_of": event.on_behalf_of_id,
        "organization": event.organization_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "request_id": event.request_id,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def audit_record(
    *,
    action: AuditAction,
    actor=None,
    organization=None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    on_behalf_of=None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (it opens one if not).

    No savepoint of its own: if appending fails, the caller's change must not commit either.
    `action` is an AuditAction member; anything else (a plain string too) raises TypeError.
    """
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit action must be an AuditAction member, not {action!r}")
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        # Round-trip the data through JSON now, so the hash is computed over what is stored.
        clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
        event = AuditEvent(
            seq=head.count + 1,
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            on_behalf_of=on_behalf_of,
            organization=organization,
            action=action.value,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            request_id=request_id_var.get(),
            data=clean_data,
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.count = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["count", "last_hash"])
    return event


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    message: str


def audit_verify(*, batch_size: int = 5000) -> list[AuditProblem]:
    """Walk the chain and report every row that was modified, removed or inserted."""
    problems: list[AuditProblem] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    last_seq = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            problems.append(AuditProblem(expected_seq, f"rows {expected_seq}..{event.seq - 1} are missing"))
        if event.prev_hash != expected_prev:
            problems.append(AuditProblem(event.seq, "previous-hash link is broken (a row before it was changed or removed)"))
        if event_hash(event) != event.hash:
            problems.append(AuditProblem(event.seq, "content does not match its hash (the row was modified)"))
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None:
        if head.count != last_seq:
            problems.append(AuditProblem(last_seq + 1, f"the log should have {head.count} rows but ends at {last_seq}"))
        elif head.last_hash != expected_prev:
            problems.append(AuditProblem(last_seq, "the last row does not match the chain head"))
    return problems
