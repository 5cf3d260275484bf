"""Celery tasks of the alerts app. Thin: each calls one service, keyed by a row id when it has one.

Beat runs `task_alerts_scan` every few minutes, `task_email_sweep` every minute and
`task_daily_reports` at the configured time (it skips days that are not working days).
"""

from __future__ import annotations

import logging
import socket
import threading

from celery import shared_task
from celery.signals import worker_ready

from alerts.services.reports import daily_reports_run
from qlvb.models import Heartbeat

from .services.email import email_send, email_sweep
from .services.scan import alerts_scan

log = logging.getLogger(__name__)


@shared_task(name="alerts.task_alerts_scan")
def task_alerts_scan() -> dict:
    return alerts_scan()


@shared_task(name="alerts.task_email_send", acks_late=True, reject_on_worker_lost=True)
def task_email_send(email_id: int) -> str:
    return email_send(email_id=email_id)


@shared_task(name="alerts.task_email_sweep")
def task_email_sweep() -> dict:
    return email_sweep()


@shared_task(name="alerts.task_daily_reports")
def task_daily_reports() -> dict:
    return daily_reports_run()


# The worker's own heartbeat, independent of beat: with the "beat" heartbeat (a task beat sends
# and a worker runs) the system panel can tell a dead worker from a dead beat.
WORKER_HEARTBEAT_SECONDS = 30.0


def _worker_heartbeat_loop(stop: threading.Event) -> None:
    from django.db import close_old_connections
    from django.utils import timezone


    while not stop.is_set():
        try:
            close_old_connections()
            Heartbeat.objects.update_or_create(
                process="worker", defaults={"hostname": socket.gethostname(), "seen_at": timezone.now()})
        except Exception:  # the database may be down for a while: keep beating when it is back
            log.warning("worker heartbeat not recorded", exc_info=True)
        stop.wait(WORKER_HEARTBEAT_SECONDS)


@worker_ready.connect
def _start_worker_heartbeat(**_kwargs) -> None:
    threading.Thread(target=_worker_heartbeat_loop, args=(threading.Event(),), name="qlvb-worker-heartbeat",
                     daemon=True).start()
