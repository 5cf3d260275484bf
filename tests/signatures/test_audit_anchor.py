"""The audit log's external anchor: the demo TSA (over real HTTP, its root in the trust store)
timestamps the chain's head MAC, and audit_verify holds the log to it.

The attacks here are those the key alone does not stop: whoever holds the key (or the database and
its backups) rewrites the chain and recomputes every MAC, or cuts its tail off, or forges a token.
"""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from qlvb.audit_actions import AuditAction
from qlvb.models import AuditAnchor, AuditEvent, AuditHead
from qlvb.services.audit import audit_check, audit_key, audit_record, event_mac
from signatures.pki import hosted as demo_pki
from signatures.services.audit_anchor import anchor_token_verify, audit_anchor_create
from signatures.tasks import task_audit_anchor
from tests.factories import login_verified

pytestmark = pytest.mark.django_db


def _bypass(sql: str, params=()) -> None:
    """The database administrator's edit, around the append-only triggers."""
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        try:
            cur.execute(sql, params)
        finally:
            cur.execute("SET session_replication_role = DEFAULT")


def _events(n: int) -> list[AuditEvent]:
    return [audit_record(action=AuditAction.TEST_EVENT, data={"text": f"Sự kiện {i}"}) for i in range(n)]


def _verify_output() -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


def test_the_beat_has_the_tsa_timestamp_the_head_and_the_anchor_is_in_the_log(app_pki, tsa_url):
    assert django_settings.CELERY_BEAT_SCHEDULE["audit-anchor"]["task"] == "signatures.task_audit_anchor"
    events = _events(3)
    head = AuditEvent.objects.order_by("-seq").first()
    assert task_audit_anchor() == head.seq
    anchor = AuditAnchor.objects.get()
    assert (anchor.head_seq, anchor.head_mac, anchor.tsa_url) == (head.seq, head.hash, tsa_url)
    check = anchor_token_verify(anchor)
    assert check.ok, check.message
    # the anchor is itself an event of the chain
    recorded = AuditEvent.objects.order_by("-seq").first()
    assert recorded.action == "audit.anchor" and recorded.data["head_seq"] == head.seq
    # nothing new since: no anchor of the anchor
    assert task_audit_anchor() is None and AuditAnchor.objects.count() == 1
    ok, text = _verify_output()
    assert ok, text
    assert f"last good anchor: row {head.seq} (MAC {head.hash[:16]}…), timestamped by the TSA at" in text
    assert events


def test_a_rewrite_with_the_key_in_hand_is_caught_by_the_anchor(app_pki):
    events = _events(5)
    anchor = audit_anchor_create()
    _events(2)
    # Rewrite row 2 and recompute every MAC after it with the real key, head included: the chain
    # alone verifies again…
    prev = events[0].hash
    for event in AuditEvent.objects.filter(seq__gte=events[1].seq).order_by("seq"):
        if event.seq == events[1].seq:
            event.data = {"text": "Sự kiện đã bị sửa"}
        event.prev_hash = prev
        event.hash = event_mac(event, key=audit_key())
        _bypass("UPDATE qlvb_auditevent SET data = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [json.dumps(event.data), event.prev_hash, event.hash, event.seq])
        prev = event.hash
    AuditHead.objects.filter(id=1).update(last_hash=prev)
    report = audit_check()
    # …but not the MAC the TSA timestamped
    assert not report.intact and report.last_good_anchor is None
    assert any(f"row {anchor.head_seq} differs from the MAC the TSA timestamped" in p.message for p in report.problems)
    # and moving the anchor to the new MAC breaks its token
    _bypass("UPDATE qlvb_auditanchor SET head_mac = %s WHERE id = %s",
            [AuditEvent.objects.get(seq=anchor.head_seq).hash, anchor.pk])
    report = audit_check()
    assert any("message imprint is not the stored head MAC" in p.message for p in report.problems)


def test_truncating_the_tail_after_an_anchor_is_caught(app_pki):
    events = _events(4)
    anchor = audit_anchor_create()
    _events(3)
    cut = events[2].seq  # rows from here on go, the anchored row with them
    _bypass("DELETE FROM qlvb_auditevent WHERE seq >= %s", [cut])
    last = AuditEvent.objects.order_by("-seq").first()
    AuditHead.objects.filter(id=1).update(count=last.seq, last_hash=last.hash)
    ok, text = _verify_output()
    assert not ok
    assert f"row {anchor.head_seq} was timestamped by the TSA at" in text and "is gone" in text
    assert "last good anchor: none" in text


def test_deleting_a_row_or_an_anchor_is_caught(app_pki):
    events = _events(4)
    anchor = audit_anchor_create()
    _bypass("DELETE FROM qlvb_auditanchor WHERE id = %s", [anchor.pk])
    problems = audit_check().problems
    assert any("was removed" in p.message for p in problems)
    _bypass("DELETE FROM qlvb_auditevent WHERE seq = %s", [events[1].seq])
    first = audit_check().first_broken
    assert first.seq == events[1].seq and "missing" in first.message


def test_audit_verify_names_the_first_broken_row_and_the_last_good_anchor(app_pki):
    _events(3)
    first_anchor = audit_anchor_create()
    middle = _events(3)
    audit_anchor_create()
    _events(1)
    victim = middle[1]
    _bypass("UPDATE qlvb_auditevent SET data = %s WHERE seq = %s", ['{"text": "giả mạo"}', victim.seq])
    ok, text = _verify_output()
    assert not ok
    first_line = text.splitlines()[0]
    assert first_line.startswith(f"first broken row: {victim.seq} at ")
    assert "content does not match its MAC" in first_line and "test.event" in first_line
    assert f"last good anchor: row {first_anchor.head_seq} " in text


def test_a_token_from_an_untrusted_tsa_is_not_an_anchor(app_pki, tmp_path):
    _events(2)
    rogue = demo_pki.write_demo_hierarchy(tmp_path / "rogue", people=[], organizations=[])
    anchor = audit_anchor_create(timestamper=rogue.timestamp_authority().timestamper())
    check = anchor_token_verify(anchor)
    assert not check.ok and "trusted root" in check.message
    report = audit_check()
    assert report.last_good_anchor is None
    assert any(f"anchor of row {anchor.head_seq}" in p.message for p in report.problems)



def test_the_viewer_shows_whether_the_last_anchor_holds(app_pki, client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.vn", "Mat-khau-root-1")
    login_verified(client, root)
    _events(2)
    assert 'data-chain-status="none"' in client.get("/nhat-ky/").content.decode()
    anchor = audit_anchor_create()
    page = client.get("/nhat-ky/").content.decode()
    assert 'data-chain-status="ok"' in page and f"dòng #{anchor.head_seq}" in page and "đã xác minh" in page
    _bypass("UPDATE qlvb_auditevent SET data = %s WHERE seq = %s", ['{"text": "giả mạo"}', anchor.head_seq])
    page = client.get("/nhat-ky/").content.decode()
    assert 'data-chain-status="broken"' in page and "KHÔNG xác minh được" in page
