"""Celery tasks of the exchange. Thin: each calls one service, keyed by a row id."""

import logging
import threading
import time
from collections import Counter

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from .axis.errors import AxisError
from .models import AxisConnection, Inbound
from .services.connections import client_for
from .services.directory import directory_sync
from .services.inbox import (
    fetch_mark_seconds,
    inbound_take,
    inbox_poll,
    inbox_take_key,
    inbox_take_marks_renew,
)
from .services.outbox import outbound_send, outbox_sends_inline, outbox_sweep

log = logging.getLogger(__name__)


@shared_task(name="interchange.task_outbound_send", acks_late=True, reject_on_worker_lost=True)
def task_outbound_send(outbound_id: int) -> str:
    return outbound_send(outbound_id=outbound_id)


@shared_task(name="interchange.task_outbox_sweep")
def task_outbox_sweep() -> dict:
    return outbox_sweep()


@shared_task(name="interchange.task_inbox_poll", acks_late=True)
def task_inbox_poll(connection_id: int) -> dict:
    result = inbox_poll(connection=AxisConnection.objects.get(pk=connection_id))
    if result is None:
        return {"skipped": "another poll of this connection is running"}
    return {"accepted": result.accepted, "duplicates": result.duplicates, "failed": result.failed,
            "statuses": result.statuses, "errors": result.errors}


class _MarkerHeartbeat(threading.Thread):
    """Renews a fetch task's markers a few times per marker lifetime while the task lives, a slow
    fetch included. It dies with the worker's process, and the markers then run out."""

    def __init__(self, connection_id: int, left: list[str]) -> None:
        super().__init__(name=f"inbox-marks-{connection_id}", daemon=True)
        self.connection_id, self.left, self.stopped = connection_id, left, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(fetch_mark_seconds() / 3):
            try:
                inbox_take_marks_renew(self.connection_id, list(self.left))
            except Exception:  # the cache is away: the markers run out, the next poll queues again
                log.warning("fetch markers of connection %s not renewed", self.connection_id, exc_info=True)


@shared_task(name="interchange.task_inbound_take_batch", acks_late=True)
def task_inbound_take_batch(connection_id: int, kind: str, items: list) -> dict:
    """Fetch, store and acknowledge a few listed messages, one transaction each; statuses they
    cause (01 for an arrival) are sent from here at once rather than by another task.

    A message that fails is logged and left on the axis; the next poll queues it again, as it does
    the messages left when the task has run QLVB_INBOX_FETCH_BUDGET_SECONDS. While the task runs, a
    thread renews the fetch markers of what it has left: if the worker dies, they run out within
    QLVB_INBOX_FETCH_MARK_SECONDS and the next poll queues those messages again.
    """
    states: Counter[str] = Counter()
    stop_at = time.monotonic() + getattr(settings, "QLVB_INBOX_FETCH_BUDGET_SECONDS", 120)
    left = [item[0] for item in items]
    inbox_take_marks_renew(connection_id, left)
    heartbeat = _MarkerHeartbeat(connection_id, left)
    heartbeat.start()
    try:
        connection = AxisConnection.objects.get(pk=connection_id)
        with client_for(connection) as client:
            for index, (axis_doc_id, to_organ_id, from_organ_id) in enumerate(items):
                if index and time.monotonic() > stop_at:  # keep the task well inside the visibility timeout
                    states["left"] += len(items) - index
                    break
                if Inbound.objects.filter(connection=connection, axis_doc_id=axis_doc_id,
                                          acked_at__isnull=False).exists():
                    states["already"] += 1  # a second copy of this task (queued again after a long wait)
                    left.remove(axis_doc_id)
                    continue
                try:
                    with outbox_sends_inline():
                        inbound = inbound_take(connection=connection, client=client, axis_doc_id=axis_doc_id,
                                               kind=kind, to_organ_id=to_organ_id, from_organ_id=from_organ_id)
                except AxisError as exc:
                    if not exc.permanent:
                        raise  # the axis is unreachable or overloaded: the rest would fail the same way
                    log.warning("inbound message %s on connection %s not taken: %s", axis_doc_id, connection_id, exc)
                    states["error"] += 1
                except Exception:
                    log.exception("inbound message %s on connection %s not taken", axis_doc_id, connection_id)
                    states["error"] += 1
                else:
                    states[inbound.state] += 1
                left.remove(axis_doc_id)
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
        # Stored or not, these messages are done here: one still listed is queued by the next poll.
        cache.delete_many([inbox_take_key(connection_id, item[0]) for item in items])
    return dict(states)


@shared_task(name="interchange.task_inbox_poll_all")
def task_inbox_poll_all() -> int:
    ids = list(AxisConnection.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        task_inbox_poll.delay(pk)
    return len(ids)


@shared_task(name="interchange.task_directory_sync_all")
def task_directory_sync_all() -> dict:
    return {c.pk: directory_sync(connection=c) for c in AxisConnection.objects.filter(is_active=True)}
