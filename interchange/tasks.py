"""Celery tasks of the exchange. Thin: each calls one service, keyed by a row id."""

from celery import shared_task

from .models import AxisConnection
from .services.connections import client_for
from .services.directory import directory_sync
from .services.inbox import inbound_take, inbox_poll
from .services.outbox import outbound_send, outbox_sweep


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


@shared_task(name="interchange.task_inbound_take", acks_late=True)
def task_inbound_take(connection_id: int, axis_doc_id: str, kind: str, to_organ_id: str, from_organ_id: str) -> str:
    connection = AxisConnection.objects.get(pk=connection_id)
    with client_for(connection) as client:
        inbound = inbound_take(connection=connection, client=client, axis_doc_id=axis_doc_id, kind=kind,
                               to_organ_id=to_organ_id, from_organ_id=from_organ_id)
    return inbound.state


@shared_task(name="interchange.task_inbox_poll_all")
def task_inbox_poll_all() -> int:
    ids = list(AxisConnection.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        task_inbox_poll.delay(pk)
    return len(ids)


@shared_task(name="interchange.task_directory_sync_all")
def task_directory_sync_all() -> dict:
    return {c.pk: directory_sync(connection=c) for c in AxisConnection.objects.filter(is_active=True)}
