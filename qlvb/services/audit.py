"""Append to and verify the keyed, hash-chained audit log, and keep its timestamped anchors.

Services call `audit_record` inside their own transaction: the event commits or rolls back with
the change it describes. Appending locks the single `AuditHead` row, which serialises writers and
makes the chain linear on every database.

Each row's MAC is HMAC-SHA256(audit key, previous MAC ‖ canonical form of the row). The key lives
outside the database (settings QLVB_AUDIT_KEY or the file QLVB_AUDIT_KEY_FILE), so whoever can
write the database but not read the key cannot rewrite a row and recompute the chain after it.

What the key alone cannot prevent is cutting the tail off (or rewriting everything) with the key in
hand. For that the signatures app has the TSA timestamp the head MAC on a schedule
(`AuditAnchor`, RFC 3161); it registers its token check here with `anchor_verifier_register` (qlvb
never imports signatures). `audit_check` walks the chain, checks every anchor against the row it
names and against its token, and reports the first broken row and the last good anchor.

Rows written before the key existed (`key_id` blank, plain SHA-256) are carried over once by
`manage.py audit_upgrade`: it verifies the old chain first and refuses if it is broken, then
re-chains every row under the key and records the old head hash in an `audit.upgrade` event.
Until then `audit_check` reports those rows as not keyed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from qlvb.audit_actions import AuditAction

from ..models import AuditAnchor, AuditEvent, AuditHead
from ..request_context import request_id_var

GENESIS_HASH = "0" * 64
KEY_BYTES_MIN = 32

# --- the key ------------------------------------------------------------------------------------

_key_cache: dict[tuple, bytes] = {}


def _read_key() -> bytes:
    if settings.QLVB_AUDIT_KEY:
        try:
            key = bytes.fromhex(settings.QLVB_AUDIT_KEY)
        except ValueError:
            raise ImproperlyConfigured("QLVB_AUDIT_KEY must be hexadecimal (64 or more hex digits)") from None
    else:
        path = Path(settings.QLVB_AUDIT_KEY_FILE)
        if not path.exists():
            if not settings.QLVB_AUDIT_KEY_CREATE:
                raise ImproperlyConfigured(
                    f"the audit key is missing: set QLVB_AUDIT_KEY or put it in {path} (QLVB_AUDIT_KEY_FILE)")
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_key_file(path)
        try:
            key = bytes.fromhex(path.read_text().strip())
        except ValueError:
            raise ImproperlyConfigured(f"the audit key file {path} must hold hexadecimal digits") from None
    if len(key) < KEY_BYTES_MIN:
        raise ImproperlyConfigured(f"the audit key must be at least {KEY_BYTES_MIN} bytes ({2 * KEY_BYTES_MIN} hex digits)")
    return key


def _create_key_file(path: Path) -> None:
    """A new random key, readable by this user only (created 0600, never with wider rights). Written
    whole under a temporary name, then linked into place: a process starting at the same moment
    sees either no file or the complete key, and the first one linked wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        temporary.unlink(missing_ok=True)


def audit_key() -> bytes:
    cache_key = (settings.QLVB_AUDIT_KEY, str(settings.QLVB_AUDIT_KEY_FILE))
    if cache_key not in _key_cache:
        _key_cache.clear()
        _key_cache[cache_key] = _read_key()
    return _key_cache[cache_key]


def audit_key_id(key: bytes | None = None) -> str:
    """A short name of the key (stored on each row), which tells nothing about the key itself."""
    return hmac.new(key or audit_key(), b"qlvb audit key id", hashlib.sha256).hexdigest()[:16]


# --- the chain ----------------------------------------------------------------------------------

def _content(event: AuditEvent) -> dict:
    return {
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
    }


def _dump(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      cls=DjangoJSONEncoder).encode()


def legacy_hash(event: AuditEvent) -> str:
    """The unkeyed SHA-256 of the chain before the key (rows with a blank key_id)."""
    return hashlib.sha256(_dump({**_content(event), "prev_hash": event.prev_hash})).hexdigest()


def event_mac(event: AuditEvent, *, key: bytes | None = None) -> str:
    """HMAC-SHA256(key, previous MAC ‖ canonical row), the row's key id included."""
    message = bytes.fromhex(event.prev_hash) + _dump({**_content(event), "key_id": event.key_id})
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


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
    key = audit_key()
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        # Round-trip the data through JSON now, so the MAC is computed over what is stored.
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
            key_id=audit_key_id(key),
        )
        event.hash = event_mac(event, key=key)
        event.save(force_insert=True)
        head.count = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["count", "last_hash"])
    return event


# --- anchors ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenCheck:
    """What the TSA token of an anchor proves: `ok` when its signature chains to a trusted TSA and
    its message imprint is SHA-256 of the anchored head MAC."""

    ok: bool
    message: str
    time: dt.datetime | None = None


AnchorVerifier = Callable[[AuditAnchor], TokenCheck]
_anchor_verifier: AnchorVerifier | None = None


def anchor_verifier_register(verifier: AnchorVerifier) -> None:
    """Called by the app that owns the TSA client (signatures) when Django starts."""
    global _anchor_verifier
    _anchor_verifier = verifier


def anchor_imprint(head_mac: str) -> bytes:
    """What the TSA is asked to timestamp: SHA-256 of the head MAC's 32 bytes."""
    return hashlib.sha256(bytes.fromhex(head_mac)).digest()


def audit_head() -> tuple[int, str]:
    """The last row's sequence number and MAC (0 and GENESIS for an empty log)."""
    head = AuditHead.objects.filter(id=1).first()
    return (head.count, head.last_hash) if head else (0, GENESIS_HASH)


def anchor_due() -> bool:
    """Whether the head moved since the last anchor (the anchor's own event does not count). Never
    while rows of the unkeyed chain wait for `audit_upgrade`, which re-chains them (an anchor made
    before would name a MAC that the upgrade replaces)."""
    last = AuditEvent.objects.order_by("-seq").values_list("action", flat=True).first()
    if last is None or last == AuditAction.AUDIT_ANCHOR.value:
        return False
    return not AuditEvent.objects.filter(key_id="").exists()


@transaction.atomic
def anchor_store(*, head_seq: int, head_mac: str, token: bytes, tsa_time: dt.datetime, tsa_url: str = "") -> AuditAnchor:
    """Keep a TSA token of the head MAC, and record it in the chain (so removing the anchor shows)."""
    event = AuditEvent.objects.filter(seq=head_seq).first()
    if event is None or event.hash != head_mac:
        raise ValueError(f"row {head_seq} does not have the MAC that was timestamped")
    anchor = AuditAnchor.objects.create(head_seq=head_seq, head_mac=head_mac, token=token, tsa_time=tsa_time,
                                        tsa_url=tsa_url)
    audit_record(action=AuditAction.AUDIT_ANCHOR, obj=anchor, data={
        "head_seq": head_seq, "head_mac": head_mac, "tsa_time": tsa_time, "tsa_url": tsa_url,
        "token_sha256": hashlib.sha256(token).hexdigest(),
    })
    return anchor


def anchor_check(anchor: AuditAnchor) -> TokenCheck:
    """The anchor against the row it names (same MAC, MAC right under the key) and its TSA token."""
    event = AuditEvent.objects.filter(seq=anchor.head_seq).first()
    if event is None:
        return TokenCheck(False, f"dòng #{anchor.head_seq} đã được đóng dấu thời gian nhưng không còn trong nhật ký")
    if event.hash != anchor.head_mac:
        return TokenCheck(False, f"dòng #{anchor.head_seq} khác với giá trị đã được đóng dấu thời gian")
    if event.key_id != audit_key_id() or event_mac(event) != event.hash:
        return TokenCheck(False, f"dòng #{anchor.head_seq} không khớp mã xác thực (MAC)")
    if _anchor_verifier is None:
        return TokenCheck(False, "không có bộ kiểm tra dấu thời gian (ứng dụng chữ ký số chưa nạp)")
    return _anchor_verifier(anchor)


def anchor_last() -> AuditAnchor | None:
    return AuditAnchor.objects.order_by("-head_seq", "-id").first()


# --- verification -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    message: str
    at: dt.datetime | None = None


@dataclass
class AuditReport:
    rows: int = 0
    problems: list[AuditProblem] = field(default_factory=list)
    anchors: int = 0
    last_good_anchor: AuditAnchor | None = None
    last_good_anchor_time: dt.datetime | None = None

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> AuditProblem | None:
        with_seq = [p for p in self.problems if p.seq is not None]
        return min(with_seq, key=lambda p: p.seq) if with_seq else (self.problems[0] if self.problems else None)


def audit_check(*, batch_size: int = 5000) -> AuditReport:
    """Walk the chain and the anchors; report every row modified, removed or inserted, every anchor
    that does not hold, and the last anchor that does (before the first broken row)."""
    report = AuditReport()
    key = audit_key()
    key_id = audit_key_id(key)
    anchors = list(AuditAnchor.objects.order_by("head_seq", "id"))
    anchored = {a.head_seq for a in anchors}
    macs: dict[int, str] = {}
    anchor_events: list[AuditEvent] = []
    problems = report.problems
    expected_prev = GENESIS_HASH
    expected_seq = 1
    last_seq = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        report.rows += 1
        if event.seq != expected_seq:
            problems.append(AuditProblem(expected_seq, f"rows {expected_seq}..{event.seq - 1} are missing "
                                                       "(deleted)"))
        if event.prev_hash != expected_prev:
            problems.append(AuditProblem(
                event.seq, f"previous-MAC link is broken: it holds {event.prev_hash[:16]}…, the row before "
                           f"has {expected_prev[:16]}… (a row before it was changed or removed)", event.at))
        if not event.key_id:
            problems.append(AuditProblem(event.seq, "the row is not keyed (written before the audit key: "
                                                    "run manage.py audit_upgrade)", event.at))
        elif event.key_id != key_id:
            problems.append(AuditProblem(event.seq, f"the row names audit key {event.key_id}, not the "
                                                    f"configured key {key_id}", event.at))
        elif not hmac.compare_digest(event_mac(event, key=key), event.hash):
            problems.append(AuditProblem(
                event.seq, f"content does not match its MAC (the row was modified: action {event.action!r}, "
                           f"object {event.object_type}:{event.object_id}, at {event.at.isoformat()})", event.at))
        if event.seq in anchored:
            macs[event.seq] = event.hash
        if event.action == AuditAction.AUDIT_ANCHOR.value:
            anchor_events.append(event)
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None:
        if head.count != last_seq:
            problems.append(AuditProblem(last_seq + 1, f"the log should have {head.count} rows but ends at "
                                                       f"{last_seq} (its tail was cut off)"))
        elif head.last_hash != expected_prev:
            problems.append(AuditProblem(last_seq, "the last row does not match the chain head"))
    # Every anchor recorded in the chain must still be there, unchanged.
    tokens = {hashlib.sha256(bytes(a.token)).hexdigest() for a in anchors}
    for event in anchor_events:
        if event.data.get("token_sha256") not in tokens:
            problems.append(AuditProblem(event.seq, f"the anchor recorded in row {event.seq} (row "
                                                    f"{event.data.get('head_seq')} timestamped) was removed",
                                         event.at))
    # Every anchor must name a row with that MAC, and its token must verify.
    good: list[tuple[AuditAnchor, TokenCheck]] = []
    for anchor in anchors:
        report.anchors += 1
        if anchor.head_seq not in macs:
            problems.append(AuditProblem(anchor.head_seq, f"row {anchor.head_seq} was timestamped by the TSA at "
                                                          f"{anchor.tsa_time.isoformat()} but is gone (the log was "
                                                          "truncated or the row deleted)"))
            continue
        if macs[anchor.head_seq] != anchor.head_mac:
            problems.append(AuditProblem(anchor.head_seq, f"row {anchor.head_seq} differs from the MAC the TSA "
                                                          f"timestamped at {anchor.tsa_time.isoformat()}"))
            continue
        check = _anchor_verifier(anchor) if _anchor_verifier else TokenCheck(False, "no TSA token verifier loaded")
        if not check.ok:
            problems.append(AuditProblem(None, f"anchor of row {anchor.head_seq}: {check.message}"))
            continue
        good.append((anchor, check))
    first = report.first_broken
    limit = first.seq if first is not None and first.seq is not None else None
    for anchor, check in reversed(good):
        if limit is None or anchor.head_seq < limit:
            report.last_good_anchor, report.last_good_anchor_time = anchor, check.time or anchor.tsa_time
            break
    return report


def audit_verify(*, batch_size: int = 5000) -> list[AuditProblem]:
    """The problems `audit_check` finds (empty when the log is intact)."""
    return audit_check(batch_size=batch_size).problems


# --- carrying the unkeyed chain over ------------------------------------------------------------

class UpgradeRefused(Exception):
    pass


def audit_upgrade() -> int:
    """Re-chain the rows written before the key under the key, once; returns how many rows.

    Refuses (and changes nothing) unless the old chain verifies: the unkeyed rows form the start of
    the log, each links to the one before and matches its SHA-256, and any keyed rows after them
    match their MACs. The old head hash is kept in an `audit.upgrade` event.
    """
    key = audit_key()
    key_id = audit_key_id(key)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        events = list(AuditEvent.objects.order_by("seq"))
        legacy = [e for e in events if not e.key_id]
        if not legacy:
            return 0
        if AuditAnchor.objects.exists():
            raise UpgradeRefused("the log already has TSA anchors, which re-chaining would void; nothing was changed")
        expected_prev, keyed_seen = GENESIS_HASH, False
        for n, event in enumerate(events, start=1):
            if event.seq != n:
                raise UpgradeRefused(f"row {n} is missing: the old chain is broken, nothing was changed")
            if event.prev_hash != expected_prev:
                raise UpgradeRefused(f"row {event.seq}: previous-hash link is broken, nothing was changed")
            if not event.key_id:
                if keyed_seen:
                    raise UpgradeRefused(f"row {event.seq}: an unkeyed row after keyed ones, nothing was changed")
                if legacy_hash(event) != event.hash:
                    raise UpgradeRefused(f"row {event.seq}: content does not match its hash (modified), "
                                         "nothing was changed")
            else:
                keyed_seen = True
                if event.key_id != key_id or event_mac(event, key=key) != event.hash:
                    raise UpgradeRefused(f"row {event.seq}: does not match its MAC, nothing was changed")
            expected_prev = event.hash
        if head.count != len(events) or head.last_hash != expected_prev:
            raise UpgradeRefused("the chain head does not match the last row, nothing was changed")
        old_head = expected_prev
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgres:
                # Deferred foreign-key checks pending in this transaction would block ALTER TABLE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE qlvb_auditevent DISABLE TRIGGER qlvb_auditevent_append_only")
            prev = GENESIS_HASH
            for event in events:
                event.prev_hash, event.key_id = prev, key_id
                event.hash = event_mac(event, key=key)
                AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, key_id=key_id,
                                                              hash=event.hash)
                prev = event.hash
            if postgres:
                cursor.execute("ALTER TABLE qlvb_auditevent ENABLE TRIGGER qlvb_auditevent_append_only")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        head.last_hash = prev
        head.save(update_fields=["last_hash"])
        audit_record(action=AuditAction.AUDIT_UPGRADE, data={
            "rows": len(events), "unkeyed_rows": len(legacy), "old_head_sha256": old_head, "key_id": key_id,
        })
    return len(legacy)
