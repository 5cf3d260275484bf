"""Queue a Celery task by its registered name: the one way services hand work to the workers.

Services never import a tasks module (tasks import services, not the other way round); they name
the task ("documents.task_document_index") and this module sends it, now or once the current
transaction commits, at most once per key.

A task this process knows (its app's tasks module is imported, on the first miss if need be) is
sent with its own `apply_async`, which honours `task_always_eager`; a name no installed app
registers is sent to the broker with `send_task`, for a worker that knows it.

Work queued on commit is already stored: if the broker cannot be reached then (a manage.py
command run while `make run` is stopped, a Redis restart), the task is not sent and a warning is
logged; the commit stands, and the sweepers (outbox, search index, alerts) pick the rows up later.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError

from qlvb.celery import app
from qlvb.services.commit_hooks import on_commit_once

logger = logging.getLogger(__name__)
_discovered = False


def _task(name: str):
    """The task registered as `name` in this process, importing the apps' tasks modules on the first miss."""
    global _discovered
    task = app.tasks.get(name)
    if task is None and not _discovered:
        # Not app.loader.import_default_modules(): in a Django process that also runs the system checks.
        app.autodiscover_tasks(force=True)
        _discovered = True
        task = app.tasks.get(name)
    return task


def enqueue(task_name: str, *args: Any, priority: int | None = None, queue: str | None = None,
            countdown: float | None = None, **kwargs: Any) -> None:
    """Send the task `task_name` with `args` and `kwargs` now (on Redis, priority 0 is taken first, 9 last)."""
    options = {name: value for name, value in (("priority", priority), ("queue", queue), ("countdown", countdown))
               if value is not None}
    task = _task(task_name)
    if task is not None:
        task.apply_async(args=args, kwargs=kwargs or None, **options)
    elif app.conf.task_always_eager:
        raise LookupError(f"no task named {task_name!r} is registered, and eager mode cannot send it to a worker")
    else:
        app.send_task(task_name, args=args, kwargs=kwargs or None, **options)


def enqueue_stored(task_name: str, *args: Any, **kwargs: Any) -> bool:
    """`enqueue`, for work that is already stored: a broker that cannot be reached is logged, not raised.

    Returns whether the task was handed to the broker.
    """
    try:
        enqueue(task_name, *args, **kwargs)
    except OperationalError as error:
        logger.warning("broker unreachable, task %s not sent now (the sweepers retry stored work): %s",
                       task_name, error)
        return False
    return True


def enqueue_on_commit(task_name: str, *args: Any, key: Hashable | None = None, replace: bool = False,
                      priority: int | None = None, queue: str | None = None, countdown: float | None = None,
                      **kwargs: Any) -> None:
    """Send the task `task_name` once the current transaction commits (at once outside one).

    With `key`, a second request with the same key in the same transaction is dropped (see
    `on_commit_once`); with `replace` too, the later request is sent instead of the earlier one.
    A rolled-back transaction or savepoint sends nothing. A broker that cannot be reached is
    logged, not raised: the transaction has committed, and what it stored is swept up later.
    """
    def send() -> None:
        enqueue_stored(task_name, *args, priority=priority, queue=queue, countdown=countdown, **kwargs)

    if key is None:
        transaction.on_commit(send)
    else:
        on_commit_once(key, send, replace=replace)
