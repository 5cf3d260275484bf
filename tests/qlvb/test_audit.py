import hashlib
import hmac
import io
import json
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, AuditHead
from qlvb.services import audit as audit_service
from qlvb.services.audit import GENESIS_HASH, audit_check, audit_record, audit_verify, event_mac, legacy_hash
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def _write_events(n=5):
    org = make_org()
    for i in range(n):
        audit_record(action=AuditAction.TEST_EVENT, organization=org, data={"i": i, "text": "Văn bản số " + str(i)})
    return list(AuditEvent.objects.order_by("seq"))


def _bypass_append_only(sql, params=()):
    """Tamper as a database administrator would: around the append-only trigger."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")  # superuser: triggers off
        try:
            cur.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cur.execute("SET session_replication_role = DEFAULT")


def test_an_untouched_log_verifies():
    events = _write_events()
    assert audit_verify() == []
    assert events[1].prev_hash == events[0].hash
    assert {e.key_id for e in events} == {audit_service.audit_key_id()}
    call_command("audit_verify")


def _rewrite_from(events, seq: int, *, recompute) -> None:
    """The attacker's edit: change row `seq`, then recompute every later link and hash the way
    `recompute(event) -> (key_id, hash)` says, and move the head to match (all around the trigger)."""
    prev = events[seq - 2].hash if seq > 1 else GENESIS_HASH
    for event in events[seq - 1:]:
        if event.seq == seq:
            event.data = {**event.data, "text": "Văn bản đã bị sửa"}
        event.prev_hash = prev
        event.key_id, event.hash = recompute(event)
        _bypass_append_only("UPDATE qlvb_auditevent SET data = %s, prev_hash = %s, key_id = %s, hash = %s WHERE seq = %s",
                            [json.dumps(event.data), event.prev_hash, event.key_id, event.hash, event.seq])
        prev = event.hash
    AuditHead.objects.filter(id=1).update(last_hash=prev)


def _as_the_old_chain(event):
    event.key_id = ""
    return "", legacy_hash(event)


def _with_a_guessed_key(event):
    return event.key_id, event_mac(event, key=hashlib.sha256(b"doan-khoa").digest())


def _with_no_key_at_all(event):
    # HMAC with an empty key, the MAC an attacker computes from the code alone
    return event.key_id, hmac.new(b"", bytes.fromhex(event.prev_hash) + audit_service._dump(
        {**audit_service._content(event), "key_id": event.key_id}), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("recompute", [_as_the_old_chain, _with_a_guessed_key, _with_no_key_at_all])
def test_a_rewritten_row_is_caught_even_when_every_later_hash_is_recomputed_without_the_key(recompute):
    """The review's attack: change a row, recompute the chain after it, audit_verify passed."""
    events = _write_events(6)
    _rewrite_from(events, 3, recompute=recompute)
    report = audit_check()
    assert not report.intact
    assert report.first_broken.seq == 3
    err = io.StringIO()
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit_verify", stderr=err)
    assert err.getvalue().startswith("first broken row: 3 at ")


def test_the_key_is_a_file_outside_the_database_readable_by_its_owner_only(settings, tmp_path):
    settings.QLVB_AUDIT_KEY, settings.QLVB_AUDIT_KEY_FILE = "", tmp_path / "khoa" / "audit_key"
    event = audit_record(action=AuditAction.TEST_EVENT)
    path = tmp_path / "khoa" / "audit_key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    key = bytes.fromhex(path.read_text().strip())
    assert len(key) == 32
    assert event.hash == event_mac(event, key=key)
    # the key is nowhere in the database
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM qlvb_auditevent WHERE data::text LIKE %s OR hash = %s OR key_id = %s",
                    [f"%{key.hex()}%", key.hex(), key.hex()])
        assert cur.fetchone()[0] == 0


def test_production_never_makes_up_a_key(settings, tmp_path):
    settings.QLVB_AUDIT_KEY, settings.QLVB_AUDIT_KEY_FILE = "", tmp_path / "audit_key"
    settings.QLVB_AUDIT_KEY_CREATE = False
    before = AuditEvent.objects.count()
    with pytest.raises(ImproperlyConfigured, match="audit key is missing"):
        audit_record(action=AuditAction.TEST_EVENT)
    assert not (tmp_path / "audit_key").exists() and AuditEvent.objects.count() == before
    settings.QLVB_AUDIT_KEY = "ab" * 16  # 16 bytes: too short
    with pytest.raises(ImproperlyConfigured, match="at least 32 bytes"):
        audit_record(action=AuditAction.TEST_EVENT)
    settings.QLVB_AUDIT_KEY = "cd" * 32
    event = audit_record(action=AuditAction.TEST_EVENT)
    assert event.hash == event_mac(event, key=bytes.fromhex("cd" * 32))


def test_a_row_written_under_another_key_is_reported(settings):
    events = _write_events(3)
    settings.QLVB_AUDIT_KEY = "ef" * 32
    problems = audit_verify()
    assert [p.seq for p in problems] == [e.seq for e in AuditEvent.objects.all()] and len(problems) >= len(events)
    assert all("not the configured key" in p.message for p in problems)


def _legacy_log(n=4):
    """Rows as the unkeyed chain wrote them before this change."""
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        event = AuditEvent(seq=seq, at=timezone.now(), action="test.event", data={"i": seq}, prev_hash=prev, key_id="")
        event.hash = legacy_hash(event)
        event.save(force_insert=True)
        prev = event.hash
    AuditHead.objects.update_or_create(id=1, defaults={"count": n, "last_hash": prev})
    return prev


def test_the_unkeyed_rows_are_reported_until_the_upgrade_rechains_them_once():
    old_head = _legacy_log(4)
    audit_record(action=AuditAction.TEST_AFTER)  # written by the new code before the upgrade ran
    assert [p.seq for p in audit_verify() if "not keyed" in p.message] == [1, 2, 3, 4]
    assert not audit_service.anchor_due()  # no anchor over MACs the upgrade will replace
    out = io.StringIO()
    call_command("audit_upgrade", stdout=out)
    assert "4 unkeyed row(s) verified and re-chained" in out.getvalue()
    assert audit_verify() == []
    upgrade = AuditEvent.objects.get(action="audit.upgrade")
    assert upgrade.data["old_head_sha256"] != old_head  # the head after the 5th row
    assert upgrade.data["unkeyed_rows"] == 4 and upgrade.data["rows"] == 5
    assert [e.data for e in AuditEvent.objects.filter(seq__lte=4)] == [{"i": i} for i in range(1, 5)]
    out = io.StringIO()
    call_command("audit_upgrade", stdout=out)
    assert "nothing to upgrade" in out.getvalue()
    assert audit_service.anchor_due()


def test_the_upgrade_refuses_a_tampered_old_chain_and_changes_nothing():
    _legacy_log(4)
    _bypass_append_only("UPDATE qlvb_auditevent SET data = %s WHERE seq = 2", ['{"i": 99}'])
    before = list(AuditEvent.objects.order_by("seq").values_list("seq", "key_id", "hash"))
    with pytest.raises(CommandError, match="row 2: content does not match its hash"):
        call_command("audit_upgrade")
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "key_id", "hash")) == before


def test_a_modified_row_is_detected():
    events = _write_events()
    _bypass_append_only("UPDATE qlvb_auditevent SET action = %s WHERE seq = %s", ["test.forged", events[2].seq])
    problems = audit_verify()
    assert [p.seq for p in problems] == [events[2].seq]
    assert "modified" in problems[0].message
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit_verify")


def test_a_deleted_row_is_detected():
    events = _write_events()
    _bypass_append_only("DELETE FROM qlvb_auditevent WHERE seq = %s", [events[2].seq])
    messages = " ".join(p.message for p in audit_verify())
    assert "missing" in messages and "broken" in messages


def test_a_deleted_last_row_is_detected():
    events = _write_events()
    _bypass_append_only("DELETE FROM qlvb_auditevent WHERE seq = %s", [events[-1].seq])
    assert any("should have" in p.message for p in audit_verify())


def test_events_roll_back_with_the_change_they_describe():
    _write_events(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action=AuditAction.TEST_ROLLED_BACK)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    audit_record(action=AuditAction.TEST_AFTER)
    assert audit_verify() == []


@pytest.mark.needs_services
def test_postgresql_refuses_updates_and_deletes():
    from django.db import DatabaseError

    events = _write_events(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).delete()


def test_only_an_audit_action_is_recorded():
    before = len(_write_events(1))
    for action in ("test.event", "signing_key.wrong_pin", "something.new", None):
        with pytest.raises(TypeError, match="AuditAction"):
            audit_record(action=action)
    assert AuditEvent.objects.count() == before
    with pytest.raises(ValueError):
        AuditAction("status.enqueue.99")  # a code without a member is refused where the action is built
    code = "05"
    event = audit_record(action=AuditAction(f"status.enqueue.{code}"))
    assert event.action == "status.enqueue.05" and type(event.action) is str
    assert AuditEvent.objects.get(pk=event.pk).action == "status.enqueue.05"
    assert audit_verify() == []
