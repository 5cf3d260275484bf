"""What a dead worker can hold, and for how long (issue 14, findings 10–12), in this process with a
private local axis: the poll lock, the fetch markers, delayed tasks and the visibility timeout, and
the receipt (01) that answers each repeated delivery of a document we already have.

The real-process proofs (a worker killed with SIGKILL mid-poll and mid-fetch) are in
test_recovery.py; these pin the rules each of them rests on."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import psycopg
import pytest
from django.core.cache import cache
from django.utils import timezone

from documents.models import Document
from interchange import edxml
from interchange.axis.client import AxisClient
from interchange.models import AxisConnection, Inbound, Outbound
from interchange.services import inbox
from interchange.services.inbox import POLL_LOCK_SPACE, inbound_take, inbox_poll, inbox_take_key
from interchange.services.outbox import OUTBOX, outbound_document_enqueue
from qlvb.models import Organization
from tests.conftest import test_database_url

from .conftest import BACKAN, VPCP
from .test_exchange import PDF, outgoing
from .test_inbox_batches import clear_queue, queued_tasks, send_from_elsewhere

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def _session():
    return psycopg.connect(test_database_url().replace("postgres://", "postgresql://"), autocommit=True)


def test_a_poll_lock_is_freed_the_moment_its_holders_session_ends(a_world):
    connection = AxisConnection.objects.get()
    holder = _session()  # another worker's database session, in the middle of a poll
    holder.execute("SELECT pg_advisory_lock(%s, %s)", [POLL_LOCK_SPACE, connection.pk])
    assert inbox_poll(connection=connection) is None  # the poll is that worker's
    holder.close()  # the worker dies: PostgreSQL ends its session and drops the lock with it
    assert inbox_poll(connection=connection) is not None
    # A finished poll leaves nothing held: another session takes the lock at once.
    with _session() as other:
        assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", [POLL_LOCK_SPACE, connection.pk]).fetchone()[0]


def test_without_postgresql_a_dead_pollers_lease_runs_out_within_seconds(a_world, settings, monkeypatch):
    monkeypatch.setattr(inbox, "_advisory_locks", lambda: False)  # the SQLite path of `make run`
    settings.QLVB_INBOX_POLL_LEASE_SECONDS = 30
    connection = AxisConnection.objects.get()
    assert inbox._claim_poll(connection)  # a worker claims the poll… and is killed before it releases
    connection.refresh_from_db()
    assert connection.poll_lease_until <= timezone.now() + dt.timedelta(seconds=30)
    assert inbox_poll(connection=connection) is None  # within its lease the poll is still that worker's
    AxisConnection.objects.update(poll_lease_until=timezone.now() - dt.timedelta(seconds=1))  # 30 s later
    assert inbox_poll(connection=connection) is not None
    connection.refresh_from_db()
    assert connection.poll_lease_until is None


def test_a_fetch_marker_nobody_renews_runs_out_and_the_next_poll_queues_the_message_again(a_world, settings):
    settings.QLVB_INBOX_FAN_OUT = True
    settings.QLVB_INBOX_FETCH_MARK_SECONDS = 2
    clear_queue(settings)
    connection = AxisConnection.objects.get()
    send_from_elsewhere(a_world, "Văn bản chờ nhận")
    inbox_poll(connection=connection)
    assert queued_tasks(settings) == ["interchange.task_inbound_take_batch"]
    inbox_poll(connection=connection)  # its task waits (or runs): not queued twice
    assert queued_tasks(settings) == ["interchange.task_inbound_take_batch"]
    time.sleep(2.5)  # the worker that took the task died: nobody renews its marker
    inbox_poll(connection=connection)
    assert queued_tasks(settings) == ["interchange.task_inbound_take_batch"] * 2


def test_a_running_fetch_task_keeps_its_markers_through_a_slow_fetch_and_drops_them_when_done(
        a_world, settings, monkeypatch):
    from interchange import tasks

    settings.QLVB_INBOX_FETCH_MARK_SECONDS = 1.5
    connection = AxisConnection.objects.get()
    send_from_elsewhere(a_world, "Văn bản số 1")
    with inbox.client_for(connection) as client:
        [item] = client.received_list("edoc")
    items = [[item.doc_id, item.to_organ, item.from_organ], ["listed-after-it", VPCP[0], ""]]
    marks = [inbox_take_key(connection.pk, i[0]) for i in items]
    seen = []

    def slow_take(**kwargs):
        time.sleep(2.5)  # a fetch longer than a marker lives
        seen.append(sorted(cache.get_many(marks)))
        return inbound_take(**kwargs)

    monkeypatch.setattr(tasks, "inbound_take", slow_take)
    tasks.task_inbound_take_batch(connection.pk, "edoc", items)

    assert seen[0] == sorted(marks)  # renewed while the task worked: the next poll does not queue them again
    assert cache.get_many(marks) == {}  # done: the next poll queues what is still listed
    assert Document.objects.filter(organization__organ_id=VPCP[0]).count() == 1


def test_the_visibility_timeout_outlasts_the_longest_task_and_every_countdown(settings):
    from qlvb.celery import app

    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout == settings.QLVB_BROKER_VISIBILITY_TIMEOUT
    longest_fetch = settings.QLVB_INBOX_FETCH_BUDGET_SECONDS + 10 + 60  # + one fetch (connect, read timeouts)
    assert timeout > 2 * max(longest_fetch, settings.QLVB_CONVERT_TIMEOUT)
    assert settings.QLVB_TASK_COUNTDOWN_MAX < timeout / 1.5


def test_a_retry_wait_longer_than_the_countdown_cap_is_left_to_the_sweeper(a_world, settings):
    settings.QLVB_TASK_COUNTDOWN_MAX = 300
    settings.QLVB_OUTBOX_QUEUED_GRACE = 0
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=[backan])
    clear_queue(settings)
    due = OUTBOX.reschedule(outbound.pk, attempts=5, delay=dt.timedelta(seconds=1800), error="trục quá tải")
    OUTBOX.send(outbound.pk, after=dt.timedelta(seconds=1800))
    # Held by a worker for 30 minutes, past the visibility timeout, it would be handed out again and again.
    assert queued_tasks(settings) == []
    OUTBOX.send(outbound.pk, after=dt.timedelta(seconds=30))  # a short wait still rides on the broker
    assert queued_tasks(settings) == ["interchange.task_outbound_send"]
    clear_queue(settings)
    Outbound.objects.filter(pk=outbound.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1),
                                                   enqueued_at=timezone.now() - dt.timedelta(seconds=1))
    assert due > timezone.now()
    from interchange.services.outbox import outbox_sweep

    assert outbox_sweep()["requeued"] == 1  # fallen due: the sweeper queues it
    assert queued_tasks(settings) == ["interchange.task_outbound_send"]


def _send_twice_from_elsewhere(world, times: int) -> str:
    """Another agency sends VPCP the same document `times` times (its 01 never reached it)."""
    sender = world["receivers"][0]
    document_id = f"{sender},{dt.date.today():%Y/%m/%d},{uuid.uuid4().hex[:6]}/UBND-VP"
    message = edxml.EdocMessage(
        sender=edxml.Organization(organ_id=sender, organ_name="Sở Nội vụ"),
        recipients=(edxml.Organization(organ_id=VPCP[0], organ_name=VPCP[1]),),
        document_id=document_id, code=edxml.Code(number="12", notation="SNV-VP"),
        promulgation=edxml.PromulgationInfo(date=dt.date.today()),
        document_type=edxml.DocumentType(type_code=1, type_name="Công văn"), subject="Văn bản gửi lại",
        attachments=(edxml.Attachment(name="12.pdf", content_type="application/pdf", data=PDF,
                                      content_id=str(uuid.uuid4())),),
        business=edxml.Business(doc_type=0, paper=0),
    )
    with AxisClient(world["server"].endpoint, system_id="many", secret="many-secret") as other:
        for _ in range(times):
            other.send_edoc(edxml.build(message), from_organ=sender)
    return document_id


def test_each_repeated_delivery_gets_its_own_01_and_never_a_second_document(a_world, settings):
    settings.QLVB_INBOX_FAN_OUT = False  # the poll takes each message itself
    connection = AxisConnection.objects.get()
    document_id = _send_twice_from_elsewhere(a_world, 3)
    result = inbox_poll(connection=connection)
    assert (result.accepted, result.duplicates) == (1, 2)
    assert Document.objects.filter(external_id=document_id).count() == 1
    duplicates = list(Inbound.objects.filter(external_id=document_id, state="duplicate").order_by("pk"))
    receipts = Outbound.objects.filter(kind="status", status_code="01", external_id=document_id)
    assert receipts.count() == 3  # the arrival's 01, and one receipt per repeated delivery
    assert sorted(receipts.exclude(answers=None).values_list("answers", flat=True)) == [d.pk for d in duplicates]
    assert set(receipts.values_list("state", flat=True)) == {Outbound.State.SENT}
    with AxisClient(a_world["server"].endpoint, system_id="many", secret="many-secret") as other:
        statuses = other.received_list("status")
    assert len(statuses) == 3
    # The same axis message taken again (its acknowledgement was lost) is not a new arrival: no receipt.
    with inbox.client_for(connection) as client:
        inbound_take(connection=connection, client=client, axis_doc_id=duplicates[0].axis_doc_id, kind="edoc")
    assert receipts.count() == 3
