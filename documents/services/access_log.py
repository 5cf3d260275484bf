"""The access log of documents' files: record on the request path, insert in batches.

A page view must cost little and never wait on another one. So the request path only pushes one
small JSON record onto a Redis list (``RPUSH``, a fraction of a millisecond) and returns; the
``documents.task_access_log_drain`` task, run by beat every few seconds and queued as soon as the
buffer passes ``QLVB_ACCESS_LOG_DRAIN_AT`` events, inserts them with one ``bulk_create`` per batch.
The audit chain is not involved: its head lock would serialise every page view.

Nothing is lost:
- when Redis cannot be reached, the event is inserted at once, synchronously (slower, still logged),
  and so are the next ones for a few seconds before Redis is tried again;
- the drain reads a batch without removing it (``LRANGE``), inserts it, and only then trims it from
  the list; a drain that dies between the two leaves the batch for the next one, and every event
  carries its own ``event_id`` (unique in the table, ``ON CONFLICT DO NOTHING``), so a batch read
  twice is inserted once;
- one drain at a time (a Redis lock with a timeout): two drains never trim each other's batch.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import time
import uuid
from functools import lru_cache

import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documents.models import Document, DocumentFile, FileAccess
from qlvb.services.enqueue import enqueue_stored

logger = logging.getLogger(__name__)

BUFFER_KEY = "qlvb:access-log:buffer"
DRAIN_LOCK_KEY = "qlvb:access-log:drain"
DRAIN_LOCK_SECONDS = 120
DRAIN_TASK = "documents.task_access_log_drain"
MAX_BATCHES = 100  # one drain inserts at most this many batches, then leaves the rest to the next
AGENT_CHARS = FileAccess._meta.get_field("user_agent").max_length


def buffer_url() -> str:
    """Redis of the buffer: REDIS_URL, or the embedded Redis of `make run` when its socket is there."""
    if settings.REDIS_URL:
        return settings.REDIS_URL
    socket = settings.QLVB_EMBEDDED_REDIS_SOCKET
    return f"unix://{socket}" if socket.exists() else ""


@lru_cache(maxsize=4)
def _client_for(url: str) -> redis.Redis:
    # Short timeouts: a Redis that does not answer must not hold a page view; the event is then
    # inserted directly.
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0)


# A Redis that failed is not asked again for a few seconds (per URL): a host that does not answer
# would otherwise cost every page view the connect timeout.
RETRY_AFTER_SECONDS = 10.0
_down_until: dict[str, float] = {}


def buffer_client() -> redis.Redis | None:
    url = buffer_url()
    return _client_for(url) if url else None


def _buffer_for_recording() -> tuple[str, redis.Redis | None]:
    url = buffer_url()
    if not url or _down_until.get(url, 0.0) > time.monotonic():
        return url, None
    return url, _client_for(url)


def _address(request) -> str | None:
    value = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _row(event: dict) -> FileAccess:
    return FileAccess(
        event_id=uuid.UUID(event["e"]), at=dt.datetime.fromisoformat(event["t"]), user_id=event["u"],
        organization_id=event["o"], document_id=event["d"], file_id=event["f"], action=event["a"],
        page=event.get("p"), client_address=event.get("ip"), user_agent=event.get("ua", "")[:AGENT_CHARS],
    )


def file_access_record(*, request, document: Document, stored: DocumentFile, action: str,
                       page: int | None = None) -> None:
    """Log that `request.user` was served `stored` (a file of `document`): view, download, print or
    a page image. Pushed to the buffer; inserted at once when the buffer cannot be reached."""
    event = {
        "e": str(uuid.uuid4()), "t": timezone.now().isoformat(), "u": request.user.pk,
        "o": document.organization_id, "d": document.pk, "f": stored.pk, "a": action, "p": page,
        "ip": _address(request), "ua": request.META.get("HTTP_USER_AGENT", "")[:AGENT_CHARS],
    }
    url, client = _buffer_for_recording()
    if client is not None:
        try:
            waiting = client.rpush(BUFFER_KEY, json.dumps(event, separators=(",", ":")))
        except redis.RedisError as error:
            _down_until[url] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("access log buffer unreachable, events inserted directly for %.0f s: %s",
                           RETRY_AFTER_SECONDS, error)
        else:
            if waiting % settings.QLVB_ACCESS_LOG_DRAIN_AT == 0:
                enqueue_stored(DRAIN_TASK)
            return
    FileAccess.objects.bulk_create([_row(event)], ignore_conflicts=True)


def file_access_add(*, user, document: Document, stored: DocumentFile, action: str, at: dt.datetime,
                    event_id: uuid.UUID, page: int | None = None, address: str | None = None, agent: str = "") -> bool:
    """Insert one access directly (the demo data, an import); an `event_id` already there is left
    alone. Returns whether a row was added."""
    before = FileAccess.objects.filter(event_id=event_id).exists()
    FileAccess.objects.bulk_create([FileAccess(
        event_id=event_id, at=at, user_id=user.pk, organization_id=document.organization_id, document_id=document.pk,
        file_id=stored.pk, action=action, page=page, client_address=address, user_agent=agent[:AGENT_CHARS])],
        ignore_conflicts=True)
    return not before


def access_log_drain(*, batch: int | None = None, max_batches: int = MAX_BATCHES) -> int:
    """Move buffered events into the table, `batch` per INSERT; returns how many were read.

    Safe to run twice at once (the second finds the lock taken and returns 0) and to retry after a
    failure at any point (see the module's note)."""
    client = buffer_client()
    if client is None:
        return 0
    batch = batch or settings.QLVB_ACCESS_LOG_DRAIN_AT
    try:
        lock = client.lock(DRAIN_LOCK_KEY, timeout=DRAIN_LOCK_SECONDS, blocking=False)
        if not lock.acquire(blocking=False):
            return 0
    except redis.RedisError as error:
        logger.warning("access log buffer unreachable, nothing drained: %s", error)
        return 0
    drained = 0
    try:
        for _ in range(max_batches):
            raw = client.lrange(BUFFER_KEY, 0, batch - 1)
            if not raw:
                break
            rows = []
            for item in raw:
                try:
                    rows.append(_row(json.loads(item)))
                except (ValueError, KeyError, TypeError):
                    logger.error("access log: unreadable event dropped: %r", item[:200])
            with transaction.atomic():
                FileAccess.objects.bulk_create(rows, ignore_conflicts=True, batch_size=batch)
            client.ltrim(BUFFER_KEY, len(raw), -1)  # only once the batch is committed
            drained += len(raw)
    finally:
        try:
            lock.release()
        except redis.RedisError:
            pass  # expired: the next drain takes it
    return drained


def access_log_waiting() -> int:
    """How many events wait in the buffer (0 when it cannot be reached)."""
    client = buffer_client()
    try:
        return int(client.llen(BUFFER_KEY)) if client is not None else 0
    except redis.RedisError:
        return 0
