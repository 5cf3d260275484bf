"""Core background tasks."""

import socket

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(name="qlvb.tasks.task_heartbeat_record")
def task_heartbeat_record(process: str = "worker") -> str:
    """Record that a worker (and, when sent by beat, the beat) is alive."""
    Heartbeat.objects.update_or_create(
        process=process, defaults={"hostname": socket.gethostname(), "seen_at": timezone.now()}
    )
    return process


@shared_task(name="qlvb.tasks.task_delegations_end")
def task_delegations_end() -> int:
    """Record the end of the delegations whose period is over (qlvb.services.delegation.delegations_end)."""
    from .services.delegation import delegations_end

    return delegations_end()
