"""What the transactional outboxes share: the exchange's (interchange.Outbound) and the e-mail's
(alerts.EmailMessage).

A row is written in the transaction of what caused it and sent by a task that takes its primary
key. The task claims the row with a conditional update (queued and due → sending), so that two
workers never send the same row; a failed attempt puts the row back in the queue, due after the
next wait of its retry schedule, or marks it failed when no attempt is left; the sweeper re-queues
rows a lost task or a killed worker left behind.

An outbox model has `state` (its `State` has QUEUED, SENDING, SENT and FAILED), `attempts`,
`next_attempt_at`, `claimed_at`, `last_error` and `created_at`. An outbox with an `enqueued_field`
records there when a task for the row was last handed to the broker (or falls due): the sweeper
re-queues such a row once per grace period. Without one, the sweeper re-queues rows that are due.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from qlvb.services.enqueue import enqueue_stored


@dataclass(frozen=True)
class RetrySchedule:
    """Seconds to wait before attempts 2, 3, …, each ± `jitter` (a fraction); past the end of the
    list its last wait repeats. After `max_attempts` attempts there is no next one."""

    delays: tuple[float, ...]
    max_attempts: int
    jitter: float

    def next_delay(self, attempts_made: int, *, rng: random.Random | None = None) -> dt.timedelta | None:
        """The wait before the next attempt, or None when no attempt is left."""
        if attempts_made >= self.max_attempts or not self.delays:
            return None
        base = self.delays[min(attempts_made, len(self.delays)) - 1]
        factor = 1 + (rng or random).uniform(-self.jitter, self.jitter)
        return dt.timedelta(seconds=max(0.0, base * factor))


def retry_schedule(delays: Iterable[float], *, jitter: float, max_attempts: int | None = None) -> RetrySchedule:
    """The retry schedule of an outbox from its settings; by default one attempt per wait, plus the first."""
    delays = tuple(float(d) for d in delays)
    return RetrySchedule(delays=delays, max_attempts=len(delays) + 1 if max_attempts is None else max_attempts,
                         jitter=jitter)


@dataclass(frozen=True)
class Outbox:
    model: type[models.Model]
    task_name: str  # the task that sends one row, given its primary key
    enqueued_field: str | None = None

    def claim(self, pk: int) -> bool:
        """Take a queued, due row for sending (queued → sending); False if another worker has it,
        it is not due yet, or it is finished."""
        now = timezone.now()
        with transaction.atomic(durable=True):  # committed before the send: every other worker sees the claim
            return bool(
                self.model.objects.filter(pk=pk, state=self.model.State.QUEUED)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .update(state=self.model.State.SENDING, claimed_at=now)
            )

    def sent(self, pk: int, *, attempts: int, **fields: Any) -> None:
        self.model.objects.filter(pk=pk).update(state=self.model.State.SENT, attempts=attempts, sent_at=timezone.now(),
                                                last_error="", next_attempt_at=None, **fields)

    def failed(self, pk: int, *, attempts: int, error: str, **fields: Any) -> None:
        """No attempt is left (or the error is permanent): the row stays failed, for a person to look at."""
        self.model.objects.filter(pk=pk).update(state=self.model.State.FAILED, attempts=attempts, last_error=error,
                                                next_attempt_at=None, **fields)

    def reschedule(self, pk: int, *, attempts: int, delay: dt.timedelta, error: str, **fields: Any) -> dt.datetime:
        """Put a row whose attempt failed back in the queue, due after `delay`; returns when it is due.

        The caller then queues its task with `send(pk, after=delay)`, once the row is committed.
        """
        due = timezone.now() + delay
        if self.enqueued_field:
            fields[self.enqueued_field] = due
        self.model.objects.filter(pk=pk).update(state=self.model.State.QUEUED, attempts=attempts, last_error=error,
                                                next_attempt_at=due, **fields)
        return due

    def send(self, pk: int, *, after: dt.timedelta | None = None) -> None:
        """Queue the task that sends row `pk`, now or `after` a while. The row is stored: if the broker
        cannot be reached, this is logged and the sweeper queues the row later.

        A wait longer than QLVB_TASK_COUNTDOWN_MAX queues nothing: the broker holds a delayed task
        unacknowledged until it is due, and one held past the visibility timeout is handed out
        again (and again). The row is due at `next_attempt_at`, where the sweeper finds it.
        """
        if after is None:
            enqueue_stored(self.task_name, pk)
        elif after.total_seconds() <= getattr(settings, "QLVB_TASK_COUNTDOWN_MAX", 300):
            enqueue_stored(self.task_name, pk, countdown=after.total_seconds())

    def sweep(self, *, stale: dt.timedelta, grace: dt.timedelta, limit: int) -> dict[str, int]:
        """Re-queue rows left behind: stuck in sending (claimed more than `stale` ago: the worker died)
        or queued with no task on the way (past `grace`). At most `limit` tasks per sweep."""
        now = timezone.now()
        state = self.model.State
        reset = {"next_attempt_at": None, self.enqueued_field: None} if self.enqueued_field else {"next_attempt_at": now}
        reclaimed = self.model.objects.filter(state=state.SENDING, claimed_at__lt=now - stale).update(
            state=state.QUEUED, **reset)
        if self.enqueued_field:
            # Handed to the broker (or due) more than the grace period ago: one task per row per grace period.
            due_rows = (Q(**{f"{self.enqueued_field}__isnull": True})
                        | Q(**{f"{self.enqueued_field}__lt": now - grace}))
        else:
            due_rows = Q(next_attempt_at__isnull=True, created_at__lt=now - grace) | Q(next_attempt_at__lte=now)
        with transaction.atomic(durable=True):  # committed before the tasks are queued
            due = list(
                self.model.objects.select_for_update(skip_locked=True)
                .filter(state=state.QUEUED).filter(due_rows)
                .values_list("pk", flat=True)[:limit]
            )
            if self.enqueued_field:
                self.model.objects.filter(pk__in=due).update(**{self.enqueued_field: now})
        for pk in due:
            self.send(pk)
        return {"reclaimed": reclaimed, "requeued": len(due)}
