"""The inbox under load: fetch tasks take a few messages each, a bad one does not hold up the
rest, an arrival queues one follow-up task and sends its status 01 from the same worker, and the
sweeper does not flood the broker with copies of rows that are only waiting their turn."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import redis
from django.core.cache import cache
from django.utils import timezone

from documents.models import Document
from interchange import edxml
from interchange.axis.client import AxisClient
from interchange.models import AxisConnection, Inbound, Outbound
from interchange.services.connections import client_for
from interchange.services.inbox import inbox_take_key
from interchange.services.outbox import outbound_document_enqueue, outbox_sweep
from interchange.tasks import task_inbound_take_batch
from qlvb.models import Organization
from tests.interchange.deployments import redis_url_with_db

from .conftest import BACKAN, VPCP
from .test_exchange import PDF, outgoing

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


BACKGROUND = "celery\x06\x169"  # the Redis list of the default queue's lowest priority


def queued_tasks(settings, queue: str = "celery") -> list[str]:
    """Names of the tasks waiting in the test broker's default queue (first priority by default)."""
    broker = redis.Redis.from_url(redis_url_with_db(settings.REDIS_URL, 12))
    return [json.loads(m)["headers"]["task"] for m in broker.lrange(queue, 0, -1)]


def clear_queue(settings) -> None:
    redis.Redis.from_url(redis_url_with_db(settings.REDIS_URL, 12)).delete("celery", BACKGROUND)


def send_from_elsewhere(world, subject: str) -> str:
    """Another agency (served by the 'many' system) sends VPCP a document; returns its DocumentId."""
    sender = world["receivers"][0]
    document_id = f"{sender},{dt.date.today():%Y/%m/%d},{uuid.uuid4().hex[:6]}/UBND-VP"
    message = edxml.EdocMessage(
        sender=edxml.Organization(organ_id=sender, organ_name="Sở Nội vụ"),
        recipients=(edxml.Organization(organ_id=VPCP[0], organ_name=VPCP[1]),),
        document_id=document_id, code=edxml.Code(number="12", notation="SNV-VP"),
        promulgation=edxml.PromulgationInfo(date=dt.date.today()),
        document_type=edxml.DocumentType(type_code=1, type_name="Công văn"), subject=subject,
        attachments=(edxml.Attachment(name="12.pdf", content_type="application/pdf", data=PDF,
                                      content_id=str(uuid.uuid4())),),
        business=edxml.Business(doc_type=0, paper=0),
    )
    with AxisClient(world["server"].endpoint, system_id="many", secret="many-secret") as other:
        other.send_edoc(edxml.build(message), from_organ=sender)
    return document_id


def test_a_fetch_batch_takes_every_good_message_sends_01_itself_and_queues_one_followup(a_world, settings):
    clear_queue(settings)
    connection = AxisConnection.objects.get()
    ids = [send_from_elsewhere(a_world, f"Văn bản số {n}") for n in (1, 2)]
    with client_for(connection) as client:
        listed = client.received_list("edoc")
    assert len(listed) == 2
    items = [["không-có-trên-trục", VPCP[0], a_world["receivers"][0]]]
    items += [[i.doc_id, i.to_organ, i.from_organ] for i in listed]
    for item in items:
        cache.add(inbox_take_key(connection.pk, item[0]), 1)  # as the poll does when it queues the batch

    states = task_inbound_take_batch(connection.pk, "edoc", items)

    assert states == {"error": 1, "accepted": 2}  # the unknown message did not stop the two after it
    arrived = Document.objects.filter(organization__organ_id=VPCP[0], external_id__in=ids)
    assert arrived.count() == 2 and {d.state for d in arrived} == {Document.State.ARRIVED}
    assert set(Inbound.objects.values_list("ack", flat=True)) == {"done"}
    # Status 01 left at once from this process, not through another task.
    statuses = Outbound.objects.filter(kind="status", status_code="01", document__in=arrived)
    assert [s.state for s in statuses] == [Outbound.State.SENT] * 2
    with AxisClient(a_world["server"].endpoint, system_id="many", secret="many-secret") as other:
        assert len(other.received_list("status")) == 2
    # One follow-up task per arrival (signature check and indexing together), queued behind the
    # exchange's own work; nothing else queued.
    assert queued_tasks(settings) == []
    assert queued_tasks(settings, BACKGROUND) == ["documents.task_arrival_followups"] * 2
    assert all(cache.get(inbox_take_key(connection.pk, item[0])) is None for item in items)
    with client_for(connection) as client:
        assert client.received_list("edoc") == []


def test_the_sweeper_requeues_a_waiting_row_once_per_grace_period_not_once_per_sweep(a_world, settings):
    settings.QLVB_OUTBOX_QUEUED_GRACE = 30
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    clear_queue(settings)
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=[backan])
    assert queued_tasks(settings) == ["interchange.task_outbound_send"]
    # Its task is in the queue, behind others: sweeping again and again adds nothing.
    for _ in range(3):
        assert outbox_sweep() == {"reclaimed": 0, "requeued": 0}
    # The broker lost it (flushed): after the grace period the sweeper queues it once more, once.
    clear_queue(settings)
    Outbound.objects.filter(pk=outbound.pk).update(enqueued_at=timezone.now() - dt.timedelta(seconds=31))
    assert outbox_sweep()["requeued"] == 1
    assert outbox_sweep()["requeued"] == 0
    assert queued_tasks(settings) == ["interchange.task_outbound_send"]


def test_a_status_that_cannot_be_sent_inline_is_handed_to_a_worker(a_world, settings, monkeypatch):
    from interchange.services import outbox

    clear_queue(settings)
    connection = AxisConnection.objects.get()
    send_from_elsewhere(a_world, "Văn bản gửi 01 không thành")
    with client_for(connection) as client:
        listed = client.received_list("edoc")

    def broken(*, outbound_id):
        raise RuntimeError("the process lost its way")

    monkeypatch.setattr(outbox, "outbound_send", broken)
    states = task_inbound_take_batch(connection.pk, "edoc", [[i.doc_id, i.to_organ, i.from_organ] for i in listed])

    assert states == {"accepted": 1}  # the document arrived and was acknowledged all the same
    status = Outbound.objects.get(kind="status", status_code="01")
    assert status.state == Outbound.State.QUEUED
    assert queued_tasks(settings) == ["interchange.task_outbound_send"]
