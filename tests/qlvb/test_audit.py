import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from qlvb.services.audit import audit_record, audit_verify
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
    call_command("audit_verify")


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
