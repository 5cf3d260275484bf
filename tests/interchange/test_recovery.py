"""Receiving recovers within a minute from a worker killed at any point (issue 14, findings 10–12).

Real processes throughout: the local axis server, deployment A (this test's database, its worker
and beat) sending, deployment B (its own database, worker and beat) receiving. B's worker is
killed with SIGKILL while it holds the poll, or while it fetches a document; the axis is made slow
(its `latency_ms` fault) so that the kill lands there. A new worker must then receive the document
within a minute: the deadline is the wait's timeout, and the delay measured is printed.
"""

from __future__ import annotations

import signal
import time

import pytest
import redis
from django.utils import timezone

from alerts.models import Alert
from alerts.services.actions import alert_action_run
from alerts.services.scan import alerts_scan
from interchange.models import Outbound, Recipient, StatusEvent
from interchange.services.outbox import outbound_document_enqueue
from qlvb.services.people import person_upsert
from tests.conftest import wait_for

from .conftest import BACKAN
from .test_exchange import b_documents, backan, outgoing

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

DEADLINE = 60.0  # seconds: "killing a worker mid-poll or mid-fetch delays receiving by under a minute"
SLOW_MS = 8000  # every axis call takes this long while the kill is being set up (B's read timeout is 10 s)


def b_polling(b) -> bool:
    """A poll of B's connection holds its lock (a PostgreSQL advisory lock, or a lease on the row)."""
    return bool(b.scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) "
        "OR EXISTS (SELECT 1 FROM interchange_axisconnection WHERE poll_lease_until > now())"))


def b_fetch_marks(b) -> list[bytes]:
    """The markers of fetch tasks B's poll queued ("being fetched, do not queue again")."""
    return redis.Redis.from_url(b.redis_url).keys("*inbox:*")


def sent_and_waiting(vpcp, b) -> Outbound:
    """A document from A on the axis for B, while B's worker is stopped (nobody takes it yet)."""
    b.kill("worker", signal.SIGTERM)
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.SENT, timeout=60,
             message="A's document on the axis")
    return outbound


def received_after_the_kill(b, axis, outbound: Outbound, killed_at: float, what: str) -> float:
    axis.set_faults(latency_ms=0)
    b.start("worker")  # a new worker, as the process supervisor would start
    left = DEADLINE - (time.monotonic() - killed_at)
    wait_for(lambda: b_documents(b, outbound.external_id) == 1, timeout=max(left, 0.1), interval=0.2,
             message=f"the document at B within {DEADLINE:.0f} s of killing the worker {what}")
    delay = time.monotonic() - killed_at
    print(f"\nworker killed {what}: the document arrived {delay:.1f} s after the kill")
    wait_for(lambda: Recipient.objects.get(outbound=outbound).state == Recipient.State.ARRIVED, timeout=60,
             message="01 back at A")
    assert b_documents(b, outbound.external_id) == 1
    return delay


def test_worker_killed_while_it_holds_the_poll_a_new_worker_receives_within_a_minute(vpcp, deployment_b, axis):
    outbound = sent_and_waiting(vpcp, deployment_b)
    axis.set_faults(latency_ms=SLOW_MS)
    deployment_b.start("worker")
    # B's poll has the connection and waits on the slow axis for the list of what waits.
    wait_for(lambda: b_polling(deployment_b), timeout=30, interval=0.05, message="B polling")
    deployment_b.kill("worker", signal.SIGKILL)
    killed_at = time.monotonic()
    assert b_documents(deployment_b, outbound.external_id) == 0  # the kill came before anything was taken

    received_after_the_kill(deployment_b, axis, outbound, killed_at, "mid-poll")


def test_worker_killed_while_it_fetches_a_document_a_new_worker_receives_within_a_minute(
        vpcp, deployment_b, axis):
    outbound = sent_and_waiting(vpcp, deployment_b)
    redis.Redis.from_url(deployment_b.redis_url).flushdb()  # no marker nor task left from before
    axis.set_faults(latency_ms=SLOW_MS)
    deployment_b.start("worker")
    # The poll listed the document (slowly) and queued its fetch task with its marker; the task
    # starts at once and waits SLOW_MS on the axis for the package: kill the worker in that wait.
    wait_for(lambda: b_fetch_marks(deployment_b), timeout=30, interval=0.05, message="B's fetch task queued")
    time.sleep(2)
    deployment_b.kill("worker", signal.SIGKILL)
    killed_at = time.monotonic()
    assert b_documents(deployment_b, outbound.external_id) == 0  # killed before the package was stored
    assert b_fetch_marks(deployment_b)  # the dead worker's marker is still there

    received_after_the_kill(deployment_b, axis, outbound, killed_at, "mid-fetch")
    assert deployment_b.scalar("SELECT count(*) FROM interchange_inbound WHERE external_id = %s",
                               [outbound.external_id]) == 1


def test_a_document_sent_again_is_answered_with_01_and_the_not_arrived_alert_clears(
        vpcp, deployment_b, axis, settings):
    settings.QLVB_ALERTS_NOT_ARRIVED_MINUTES = 0.05  # three seconds
    clerk = person_upsert(username="vpcp.clerk", full_name="Trần Thị Văn Thư", organization=vpcp, roles=["clerk"],
                          email="clerk@vpcp.gov.vn", password="Mat-khau-thu-1")
    if "worker" not in deployment_b.processes:
        deployment_b.start("worker")
    axis.set_faults(drop_status=True)  # B's 01 is accepted by the axis and never delivered
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    ext = outbound.external_id
    b_01 = ("SELECT count(*) FROM interchange_outbound WHERE kind = 'status' AND status_code = '01' "
            "AND state = 'sent' AND external_id = %s")
    wait_for(lambda: deployment_b.scalar(b_01, [ext]) == 1, timeout=60, message="B received it and sent its 01")
    axis.set_faults(drop_status=False)
    first = Recipient.objects.get(outbound=outbound)
    assert first.state == Recipient.State.SENT  # the 01 was lost: A does not know the document arrived
    time.sleep(max(0.0, 3.5 - (timezone.now() - Outbound.objects.get(pk=outbound.pk).sent_at).total_seconds()))
    alerts_scan(rules=["not_arrived"])
    alert = Alert.objects.get(rule="not_arrived", key=f"recipient:{first.pk}")
    assert alert.state == Alert.State.OPEN and alert.action == "resend"

    alert_action_run(alert=alert, action="resend", actor=clerk)  # the clerk sends it again, as offered

    again = Outbound.objects.filter(kind="edoc", external_id=ext).exclude(pk=outbound.pk).get()
    wait_for(lambda: set(Recipient.objects.filter(outbound__in=[outbound, again]).values_list("state", flat=True))
             == {Recipient.State.ARRIVED}, timeout=60, message="both of A's delivery rows at 01 (Đã đến)")
    # B kept one document; the second delivery is a duplicate, answered by a receipt of its own.
    assert b_documents(deployment_b, ext) == 1
    rows = deployment_b.query("SELECT id, state FROM interchange_inbound WHERE kind = 'edoc' AND external_id = %s "
                              "ORDER BY id", [ext])
    assert [state for _, state in rows] == ["accepted", "duplicate"]
    assert deployment_b.scalar(b_01, [ext]) == 2
    assert deployment_b.scalar("SELECT answers_id FROM interchange_outbound WHERE kind = 'status' "
                               "AND status_code = '01' AND answers_id IS NOT NULL AND external_id = %s",
                               [ext]) == rows[1][0]
    assert StatusEvent.objects.filter(external_id=ext, code="01", from_organ_id=BACKAN[0]).count() == 1
    alerts_scan(rules=["not_arrived"])
    alert.refresh_from_db()
    assert alert.state == Alert.State.RESOLVED
    assert not Alert.objects.filter(rule="not_arrived").exclude(state=Alert.State.RESOLVED).exists()
