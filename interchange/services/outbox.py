"""The transactional outbox: what must leave over the axis is a row first, sent by a task.

`outbound_*_enqueue` run inside the transaction of the change that caused them and build the
package bytes once; the send task is queued on commit. `outbound_send` claims a row with a
conditional update, so that two workers never send the same row at the same moment, records
every attempt, and tells transient failures (retried on the backoff schedule) from permanent
ones (failed, for a person to look at). `outbox_sweep` re-queues rows a lost task or a killed
worker left behind. Claiming, rescheduling and sweeping are qlvb.services.outbox's, shared with
the e-mail outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from interchange import edxml
from interchange.axis.errors import AxisError
from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.models import Organization
from qlvb.services.audit import audit_record
from qlvb.services.outbox import Outbox

from .. import retry
from ..errors import InterchangeError
from ..models import Attempt, MessageKind, Outbound, Recipient
from ..packaging import document_external_id, edoc_from_document, status_message
from .connections import client_for, connection_for
from .packages import package_store

log = logging.getLogger(__name__)


# Inside `outbox_sends_inline`, rows committed in this thread are collected here instead of queued.
_inline_sends: ContextVar[list[int] | None] = ContextVar("qlvb_outbox_inline_sends", default=None)

SEND_TASK = "interchange.task_outbound_send"  # outbound_send(outbound_id=…)
OUTBOX = Outbox(Outbound, SEND_TASK, enqueued_field="enqueued_at")


def _enqueue_on_commit(outbound_id: int) -> None:
    def hand_over() -> None:
        pending = _inline_sends.get()
        if pending is not None:
            pending.append(outbound_id)
        else:
            OUTBOX.send(outbound_id)

    transaction.on_commit(hand_over)


@contextmanager
def outbox_sends_inline() -> Iterator[None]:
    """Send the rows queued inside the block from this process when the block ends.

    For a worker that is already running (the inbox sending status 01 after an arrival): it saves
    a round through the broker. A row whose send raises is handed to a task instead; a row left
    behind by a dying process is found by the sweeper, as any other.
    """
    pending: list[int] = []
    token = _inline_sends.set(pending)
    try:
        yield
    finally:
        _inline_sends.reset(token)
        for outbound_id in pending:
            try:
                outbound_send(outbound_id=outbound_id)
            except Exception:
                log.exception("outbound %s: sending inline failed; handing it to a worker", outbound_id)
                OUTBOX.send(outbound_id)


def package_check(*, document, data: bytes) -> None:
    """Strict in what we send: a package that breaks the standard's rules never leaves. The refusal
    lists the first violations (element path and rule) and rolls back the caller's transaction, so
    nothing is stored or queued."""
    violations = edxml.validate(data)
    if violations:
        log.warning("document %s: outgoing edXML package refused: %s", document.pk,
                    "; ".join(str(v) for v in violations))
        shown = "; ".join(str(v) for v in violations[:5])
        if len(violations) > 5:
            shown += f"; … (+{len(violations) - 5})"
        raise Refused(InterchangeError.PACKAGE_INVALID, document=document.symbol or f"#{document.pk}",
                      problems=shown)


@transaction.atomic
def outbound_document_enqueue(
    *, document, recipients, actor=None, business: edxml.Business | None = None
) -> Outbound:
    """Queue one package carrying every axis recipient of `document` in its To list."""
    recipients = list(recipients)
    if not recipients:
        raise ValueError("an outbound document needs at least one recipient")
    if document.secrecy:
        raise PermissionError("secret documents never travel over the axis")
    if document.is_frozen and (business is None or business.doc_type != edxml.BusinessDocType.REVOKE):
        # Recalled (Phụ lục VI, III.8.a): only the revoke itself still travels.
        raise Refused(InterchangeError.DOCUMENT_RECALLED, document=document.symbol or f"#{document.pk}")
    connection = connection_for(document.organization)
    message = edoc_from_document(document, recipients, business=business)
    data = edxml.build(message)
    package_check(document=document, data=data)
    package = package_store(data=data)
    outbound = Outbound.objects.create(
        kind=MessageKind.EDOC, organization=document.organization, connection=connection, document=document,
        package=package, external_id=message.document_id, business_type=(business.doc_type if business else 0) or 0,
        enqueued_at=timezone.now(),
    )
    Recipient.objects.bulk_create(
        [Recipient(outbound=outbound, document=document, channel=Recipient.Channel.AXIS, organ_id=r.organ_id,
                   name=r.name) for r in recipients]
    )
    audit_record(action=AuditAction.OUTBOUND_ENQUEUE, actor=actor, organization=document.organization, obj=outbound,
                 data={"document": document.pk, "recipients": len(recipients), "package": package.sha256})
    _enqueue_on_commit(outbound.pk)
    return outbound


def outbound_status_enqueue(
    *, document, code: str, description: str = "", actor=None, audit: bool = True, connection=None
) -> Outbound | None:
    """Queue a status (01–06, 15, 16) about an incoming `document` for its sender.

    Sent once per document and code (05 may repeat); a second request for the same status is a
    no-op and returns None. `audit=False` is for a caller whose own audit event names the status
    (the automatic 01 of an arrival). `connection` may name the connection serving the document's
    organization when the caller has it at hand (the one the document arrived by).
    """
    sender_organ_id = document.issuer.organ_id if document.issuer_id else ""
    if not sender_organ_id:
        raise ValueError("the document has no sender to send a status to")
    connection = connection or connection_for(document.organization)
    message = status_message(
        sender=document.organization, code=code, response_for_organ_id=sender_organ_id,
        response_for_code=document.symbol, response_for_date=document.issued_on,
        response_for_document_id=document_external_id(document), description=description,
        staff=getattr(actor, "full_name", "") or "",
    )
    try:
        with transaction.atomic():
            package = package_store(data=edxml.build(message))
            outbound = Outbound.objects.create(
                kind=MessageKind.STATUS, organization=document.organization, connection=connection,
                document=document, package=package, external_id=message.response_for.document_id,
                status_code=code, status_to=sender_organ_id, enqueued_at=timezone.now(),
            )
            if audit:
                audit_record(action=AuditAction(f"status.enqueue.{code}"), actor=actor, organization=document.organization,
                             obj=outbound, data={"document": document.pk, "to": sender_organ_id})
    except IntegrityError:
        return None  # this status was already sent for this document
    _enqueue_on_commit(outbound.pk)
    return outbound


def outbound_receipt_enqueue(*, duplicate, original, message: edxml.EdocMessage) -> Outbound | None:
    """Answer a repeated delivery of a document we already have with a status 01 (Đã đến).

    The sender re-sent it because our first 01 did not reach it (or a person there sent it again):
    without an answer its delivery row stays "sent" and it is told to send again. One receipt per
    repeated arrival (`duplicate`, an Inbound row), whatever was sent before; never a document.
    Runs in the inbox's transaction; the receipt leaves once it commits.
    """
    sender_organ_id = message.sender.organ_id or duplicate.from_organ_id
    document = original.document
    organization = document.organization if document is not None else (
        Organization.objects.filter(organ_id=duplicate.to_organ_id or original.to_organ_id, hosted=True).first())
    if not sender_organ_id or organization is None:
        log.warning("inbound %s: a repeated delivery with no sender or hosted recipient gets no receipt", duplicate.pk)
        return None
    code = message.code
    symbol = "/".join(p for p in (code.number, code.notation) if p) if code else ""
    status = status_message(
        sender=organization, code="01", response_for_organ_id=sender_organ_id, response_for_code=symbol,
        response_for_date=message.promulgation.date if message.promulgation else None,
        response_for_document_id=message.document_id or duplicate.external_id,
        description="Đã nhận văn bản này trước đó (văn bản gửi lại)",
    )
    package = package_store(data=edxml.build(status))
    outbound = Outbound.objects.create(
        kind=MessageKind.STATUS, organization=organization, connection=duplicate.connection, document=document,
        package=package, external_id=status.response_for.document_id, status_code="01", status_to=sender_organ_id,
        enqueued_at=timezone.now(), answers=duplicate,
    )
    audit_record(action=AuditAction.STATUS_ENQUEUE_01, organization=organization, obj=outbound,
                 data={"document": document.pk if document is not None else None, "to": sender_organ_id,
                       "inbound": duplicate.pk, "duplicate_of": original.pk})
    _enqueue_on_commit(outbound.pk)
    return outbound


def outbound_send(*, outbound_id: int) -> str:
    """Try to send one outbound row. Returns what happened: sent, retry, failed or skipped."""
    if not OUTBOX.claim(outbound_id):
        return "skipped"  # another worker has it, it is not due yet, or it is finished
    outbound = Outbound.objects.select_related("connection", "package", "organization").get(pk=outbound_id)
    data = outbound.package.read()
    started = timezone.now()
    clock = time.monotonic()
    try:
        with client_for(outbound.connection) as client:
            if outbound.kind == MessageKind.EDOC:
                axis_doc_id = client.send_edoc(data, from_organ=outbound.organization.organ_id)
            else:
                axis_doc_id = client.send_status(data, from_organ=outbound.organization.organ_id)
    except AxisError as exc:
        return _record_failure(outbound, exc, started, clock)
    duration = int((time.monotonic() - clock) * 1000)
    with transaction.atomic(durable=True):  # what the axis answered is recorded whatever happens next
        Attempt.objects.create(outbound=outbound, started_at=started, duration_ms=duration, ok=True)
        OUTBOX.sent(outbound.pk, attempts=outbound.attempts + 1, axis_doc_id=axis_doc_id, error_permanent=False)
        outbound.recipients.filter(state=Recipient.State.QUEUED).update(state=Recipient.State.SENT)
    return "sent"


def _record_failure(outbound: Outbound, exc: AxisError, started: dt.datetime, clock: float) -> str:
    duration = int((time.monotonic() - clock) * 1000)
    attempts = outbound.attempts + 1
    delay = None if exc.permanent else retry.next_delay(attempts)
    error = str(exc)[:4000]
    log.warning("outbound %s attempt %s failed (%s): %s", outbound.pk, attempts,
                "permanent" if exc.permanent else "transient", error)
    with transaction.atomic(durable=True):  # committed before the retry task is queued
        Attempt.objects.create(outbound=outbound, started_at=started, duration_ms=duration, ok=False,
                               permanent=exc.permanent, error=error)
        if delay is None:
            OUTBOX.failed(outbound.pk, attempts=attempts, error=error, error_permanent=exc.permanent)
            outbound.recipients.filter(state__lt=Recipient.State.ARRIVED).update(
                state=Recipient.State.FAILED, reason=error
            )
            audit_record(action=AuditAction.OUTBOUND_FAILED, organization=outbound.organization, obj=outbound,
                         data={"attempts": attempts, "permanent": exc.permanent, "error": error[:500]})
            return "failed"
        OUTBOX.reschedule(outbound.pk, attempts=attempts, delay=delay, error=error, error_permanent=False)
    OUTBOX.send(outbound.pk, after=delay)
    return "retry"


@transaction.atomic
def outbound_retry(*, outbound: Outbound, actor=None) -> Outbound:
    """A person asks to try a failed row again (after fixing what made it fail).

    A recalled document's packages are not sent again, except its revoke."""
    document = outbound.document
    if (outbound.kind == MessageKind.EDOC and document is not None and document.is_frozen
            and outbound.business_type != edxml.BusinessDocType.REVOKE):
        raise Refused(InterchangeError.DOCUMENT_RECALLED, document=document.symbol or f"#{document.pk}")
    updated = Outbound.objects.filter(pk=outbound.pk, state=Outbound.State.FAILED).update(
        state=Outbound.State.QUEUED, next_attempt_at=None, error_permanent=False, enqueued_at=timezone.now(),
    )
    if updated:
        outbound.recipients.filter(state=Recipient.State.FAILED).update(state=Recipient.State.QUEUED, reason="")
        audit_record(action=AuditAction.OUTBOUND_RETRY, actor=actor, organization=outbound.organization, obj=outbound)
        _enqueue_on_commit(outbound.pk)
    outbound.refresh_from_db()
    return outbound


def outbox_sweep() -> dict[str, int]:
    """Re-queue rows left behind: due but never picked up, or stuck in sending by a dead worker.

    A row is re-queued only when its last task was handed to the broker (or fell due) more than the
    grace period ago, and the re-queue is recorded: a long backlog costs one extra task per row per
    grace period, not one per sweep.
    """
    return OUTBOX.sweep(stale=dt.timedelta(seconds=getattr(settings, "QLVB_OUTBOX_SENDING_STALE_AFTER", 300)),
                        grace=dt.timedelta(seconds=getattr(settings, "QLVB_OUTBOX_QUEUED_GRACE", 30)), limit=5000)
