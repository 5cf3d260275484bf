"""The retry schedule of the exchange outbox, from settings: a finite backoff with jitter."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings

from qlvb.services.outbox import RetrySchedule, retry_schedule

DEFAULT_SCHEDULE = (10, 30, 120, 600, 1800, 3600)  # seconds before attempts 2, 3, …


def schedule() -> RetrySchedule:
    """One attempt per wait of QLVB_OUTBOX_RETRY_SCHEDULE, plus the first; ± QLVB_OUTBOX_RETRY_JITTER."""
    return retry_schedule(getattr(settings, "QLVB_OUTBOX_RETRY_SCHEDULE", DEFAULT_SCHEDULE),
                          jitter=getattr(settings, "QLVB_OUTBOX_RETRY_JITTER", 0.2))


def max_attempts() -> int:
    return schedule().max_attempts


def next_delay(attempts_made: int, *, rng: random.Random | None = None) -> dt.timedelta | None:
    """The wait before the next attempt, or None when no attempt is left."""
    return schedule().next_delay(attempts_made, rng=rng)
