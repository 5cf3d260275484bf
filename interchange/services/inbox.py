"""The inbox: fetch what the axis holds for us, store it, commit, then acknowledge.

A message is acknowledged `done` only after its raw bytes and everything derived from them are
committed, and `fail` when the package cannot be read (it is kept and shown). A second delivery
of the same axis message, or of the same document (sender + DocumentId + business type) to the
same recipient, is recorded as a duplicate and never becomes a second document.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import Q
from django.utils import timezone

from interchange import edxml
from interchange.axis.errors import AxisError
from interchange.receivers import Arrival, RecallRequest, registered_receiver
from qlvb.services.enqueue import enqueue

from ..models import AxisConnection, Inbound, MessageKind
from .connections import client_for
from .outbox import outbound_receipt_enqueue, outbox_sends_inline
from .packages import package_store
from .statuses import status_apply, status_catch_up, status_seen

log = logging.getLogger(__name__)


@dataclass
class PollResult:
    accepted: int = 0
    duplicates: int = 0
    failed: int = 0
    statuses: int = 0
    errors: list[str] = field(default_factory=list)


# One poll at a time per connection, and no dead worker may hold that right for long:
# - on PostgreSQL, a session advisory lock on (POLL_LOCK_SPACE, connection id). PostgreSQL drops
#   it the moment the worker's database session ends, so a worker killed mid-poll frees the
#   connection at once;
# - elsewhere (SQLite for `make run`), a lease of QLVB_INBOX_POLL_LEASE_SECONDS on the row,
#   renewed as the poll goes on; a dead worker's lease runs out within that time.
# Two polls that overlap anyway (a lease that ran out during a very slow axis call) lose nothing:
# taking a message is idempotent per (connection, axis message).
POLL_LOCK_SPACE = 0x51564C42  # "QVLB": keeps our advisory locks apart from anyone else's


def poll_lease() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "QLVB_INBOX_POLL_LEASE_SECONDS", 30))


def fetch_mark_seconds() -> float:
    """How long a fetch marker lives unless the task holding it renews it (QLVB_INBOX_FETCH_MARK_SECONDS)."""
    return getattr(settings, "QLVB_INBOX_FETCH_MARK_SECONDS", 30)

# One document sent to many organizations we host arrives as many axis messages with the same
# bytes (and a To list as long as the number of recipients): read it once per worker process.
_PARSED: OrderedDict[str, edxml.Message] = OrderedDict()
_PARSED_KEEP = 4
_PARSED_MAX_BYTES = 8 * 1024 * 1024


def _parse(digest: str, data: bytes) -> edxml.Message:
    message = _PARSED.get(digest)
    if message is not None:
        _PARSED.move_to_end(digest)
        return message
    message = edxml.parse(data)  # messages are immutable: safe to hand out twice
    if len(data) <= _PARSED_MAX_BYTES:
        _PARSED[digest] = message
        while len(_PARSED) > _PARSED_KEEP:
            _PARSED.popitem(last=False)
    return message


def _advisory_locks() -> bool:
    return db_connection.vendor == "postgresql"


def _claim_poll(connection: AxisConnection) -> bool:
    if _advisory_locks():
        # A session lock outlives the transaction; durable all the same, so that a poll never runs
        # inside a caller's transaction, where its commits would not be its own.
        with transaction.atomic(durable=True), db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [POLL_LOCK_SPACE, connection.pk])
            return bool(cursor.fetchone()[0])
    now = timezone.now()
    with transaction.atomic(durable=True):  # committed before the poll: another poller sees the lease
        return bool(
            AxisConnection.objects.filter(pk=connection.pk)
            .filter(Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now))
            .update(poll_lease_until=now + poll_lease())
        )


def _renew_poll(connection: AxisConnection) -> None:
    """Keep the lease of a poll that is still working (the advisory lock needs no renewal)."""
    if not _advisory_locks():
        AxisConnection.objects.filter(pk=connection.pk).update(poll_lease_until=timezone.now() + poll_lease())


def _release_poll(connection: AxisConnection) -> None:
    if _advisory_locks():
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [POLL_LOCK_SPACE, connection.pk])
    else:
        AxisConnection.objects.filter(pk=connection.pk).update(poll_lease_until=None)


def inbox_poll(*, connection: AxisConnection) -> PollResult | None:
    """Take every waiting document and status for the organizations `connection` serves.

    Returns None when another poll of the same connection is under way.
    """
    if not _claim_poll(connection):
        return None
    try:
        return _poll(connection)
    finally:
        _release_poll(connection)


def _poll(connection: AxisConnection) -> PollResult:
    """List what waits; take each message here, or hand batches of them to the workers (fan-out)."""
    result = PollResult()
    fan_out = getattr(settings, "QLVB_INBOX_FAN_OUT", False)
    try:
        with client_for(connection) as client:
            for kind in (MessageKind.EDOC, MessageKind.STATUS):
                _renew_poll(connection)
                items = client.received_list(kind)
                stored = set(
                    Inbound.objects.filter(connection=connection, axis_doc_id__in=[i.doc_id for i in items])
                    .values_list("axis_doc_id", flat=True)
                )
                if fan_out:
                    _fan_out(connection, kind, [i for i in items if i.doc_id not in stored])
                    items = [i for i in items if i.doc_id in stored]  # stored, not yet acknowledged: ack here
                for item in items:
                    _renew_poll(connection)
                    with outbox_sends_inline():
                        inbound = inbound_take(connection=connection, client=client, axis_doc_id=item.doc_id,
                                               kind=kind, to_organ_id=item.to_organ, from_organ_id=item.from_organ)
                    if item.doc_id not in stored:
                        _count(result, inbound)
    except AxisError as exc:
        result.errors.append(str(exc))
        log.warning("inbox poll of %s stopped: %s", connection, exc)
    AxisConnection.objects.filter(pk=connection.pk).update(
        last_poll_at=timezone.now(), last_poll_error="; ".join(result.errors)[:4000]
    )
    return result


def _fan_out(connection: AxisConnection, kind: str, items: list) -> None:
    """Queue fetch tasks for new messages, a few messages per task, so that the workers fetch in
    parallel without paying for one task per message. A message listed again while its task waits
    or runs is not queued twice: the task's fetch marker is still there.

    A marker lives QLVB_INBOX_FETCH_MARK_SECONDS and the running task renews the markers of what it
    has left (`inbox_take_marks_renew`), so the marker of a worker killed mid-fetch runs out within
    that time and the next poll queues the message again. A task that waited in the queue longer
    than that may be queued twice; the second copy finds the message stored and does nothing."""
    if not items:
        return
    # Polls of one connection do not overlap (the lock), so a read then a write is enough here;
    # two round trips to Redis however long the list of messages still waiting is.
    keys = {inbox_take_key(connection.pk, i.doc_id): i for i in items}
    queued = cache.get_many(list(keys))
    fresh = [item for key, item in keys.items() if key not in queued]
    if not fresh:
        return
    cache.set_many({inbox_take_key(connection.pk, i.doc_id): 1 for i in fresh}, timeout=fetch_mark_seconds())
    size = max(1, min(getattr(settings, "QLVB_INBOX_FETCH_BATCH", 10), math.ceil(len(fresh) / 4)))
    for start in range(0, len(fresh), size):
        batch = [[i.doc_id, i.to_organ, i.from_organ] for i in fresh[start:start + size]]
        enqueue("interchange.task_inbound_take_batch", connection.pk, kind, batch)


def inbox_take_key(connection_id: int, axis_doc_id: str) -> str:
    """Cache key held while a fetch task for one listed message waits in the queue or runs."""
    return f"inbox:{connection_id}:{axis_doc_id}"


def inbox_take_marks_renew(connection_id: int, axis_doc_ids: list[str]) -> None:
    """A fetch task still working: keep the markers of the messages it has not finished."""
    if axis_doc_ids:
        cache.set_many({inbox_take_key(connection_id, d): 1 for d in axis_doc_ids}, timeout=fetch_mark_seconds())


def inbound_take(*, connection: AxisConnection, client, axis_doc_id: str, kind: str, to_organ_id: str = "",
                 from_organ_id: str = "") -> Inbound:
    """Fetch one message unless we have it, commit it, then acknowledge it (done, or fail if unreadable)."""
    inbound = Inbound.objects.filter(connection=connection, axis_doc_id=axis_doc_id).first()
    if inbound is None:
        data = client.get_edoc(axis_doc_id)
        try:
            with transaction.atomic(durable=True):  # committed before the acknowledgement below
                inbound = _accept(connection=connection, axis_doc_id=axis_doc_id, kind=kind, data=data,
                                  to_organ_id=to_organ_id, from_organ_id=from_organ_id)
        except IntegrityError:  # another worker stored the same message a moment ago
            inbound = Inbound.objects.filter(connection=connection, axis_doc_id=axis_doc_id).first()
            if inbound is None:  # the conflict was elsewhere: nothing was stored, the message stays listed
                raise
    # Acknowledge after commit; an earlier ack that was lost is simply repeated.
    ack = "fail" if inbound.state == Inbound.State.FAILED else "done"
    client.update_status(axis_doc_id, ack)
    Inbound.objects.filter(pk=inbound.pk).update(ack=ack, acked_at=timezone.now())
    return inbound


def _recall_requested(inbound: Inbound, message: edxml.StatusMessage) -> None:
    document = registered_receiver().recall_requested(RecallRequest(inbound=inbound, message=message))
    if document is not None:
        Inbound.objects.filter(pk=inbound.pk).update(document=document)


def _count(result: PollResult, inbound: Inbound) -> None:
    if inbound.state == Inbound.State.FAILED:
        result.failed += 1
    elif inbound.state == Inbound.State.DUPLICATE:
        result.duplicates += 1
    elif inbound.kind == MessageKind.STATUS:
        result.statuses += 1
    else:
        result.accepted += 1


@transaction.atomic
def inbound_accept(
    *, connection: AxisConnection, axis_doc_id: str, kind: str, data: bytes, to_organ_id: str = "",
    from_organ_id: str = "",
) -> Inbound:
    """Store one fetched message and hand it on. Idempotent per (connection, axis message)."""
    existing = Inbound.objects.filter(connection=connection, axis_doc_id=axis_doc_id).first()
    if existing is not None:
        return existing
    return _accept(connection=connection, axis_doc_id=axis_doc_id, kind=kind, data=data, to_organ_id=to_organ_id,
                   from_organ_id=from_organ_id)


@transaction.atomic
def _accept(*, connection: AxisConnection, axis_doc_id: str, kind: str, data: bytes, to_organ_id: str,
            from_organ_id: str) -> Inbound:
    """Store a message not seen before (a racing copy fails on the unique constraint)."""
    package = package_store(data=data)
    base = dict(connection=connection, axis_doc_id=axis_doc_id, kind=kind, package=package,
                to_organ_id=to_organ_id[:13], from_organ_id=from_organ_id[:13])
    try:
        message = _parse(package.sha256, data)
    except edxml.EdxmlError as exc:
        return Inbound.objects.create(**base, state=Inbound.State.FAILED, error=str(exc)[:4000])
    if isinstance(message, edxml.StatusMessage):
        fields = {**base, "kind": MessageKind.STATUS, "from_organ_id": message.sender.organ_id or from_organ_id,
                  "external_id": message.response_for.document_id or ""}
        earlier = status_seen(message)
        if earlier is not None:  # the same status again (05 may repeat): counted, not recorded twice,
            status_catch_up(message=message)  # but a send of the document made since then learns it
            return Inbound.objects.create(**fields, state=Inbound.State.DUPLICATE, duplicate_of=earlier)
        inbound = Inbound.objects.create(**fields, state=Inbound.State.ACCEPTED)
        status_apply(message=message, inbound=inbound)
        if message.status_code == "13":
            _recall_requested(inbound, message)
        return inbound
    return _accept_edoc(base, message)


def _accept_edoc(base: dict, message: edxml.EdocMessage) -> Inbound:
    business_type = (message.business.doc_type if message.business else 0) or 0
    fields = {**base, "kind": MessageKind.EDOC, "from_organ_id": message.sender.organ_id or base["from_organ_id"],
              "external_id": message.document_id or "", "business_type": business_type}
    try:
        # The constraint on (sender, recipient, DocumentId, business type) of accepted documents
        # decides: a second delivery of the same document fails here and is kept as a duplicate.
        with transaction.atomic():
            inbound = Inbound.objects.create(**fields, state=Inbound.State.ACCEPTED)
    except IntegrityError:
        original = Inbound.objects.filter(
            kind=MessageKind.EDOC, state=Inbound.State.ACCEPTED, from_organ_id=fields["from_organ_id"],
            to_organ_id=fields["to_organ_id"], external_id=fields["external_id"], business_type=business_type,
        ).first()
        if original is None:  # the conflict was on the axis message itself: let the caller see it
            raise
        duplicate = Inbound.objects.create(**fields, state=Inbound.State.DUPLICATE, duplicate_of=original,
                                           document=original.document)
        # We have it: say so (01), or the sender's row stays "sent" and it is told to send again.
        outbound_receipt_enqueue(duplicate=duplicate, original=original, message=message)
        return duplicate
    # New, update, replace or revoke: what it means for a document is the receiver's to decide.
    inbound.document = registered_receiver().receive(
        Arrival(inbound=inbound, message=message, business_type=business_type))
    inbound.save(update_fields=["document"])
    return inbound
