"""The retry policy of the outbox: a finite backoff schedule with jitter, from settings."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings

DEFAULT_SCHEDULE = (10, 30, 120, 600, 1800, 3600)  # seconds before attempts 2, 3, …


def schedule() -> tuple[float, ...]:
    return tuple(getattr(settings, "QLVB_OUTBOX_RETRY_SCHEDULE", DEFAULT_SCHEDULE))


def max_attempts() -> int:
    return len(schedule()) + 1


def next_delay(attempts_made: int, *, rng: random.Random | None = None) -> dt.timedelta | None:
    """The wait before the next attempt, or None when no attempt is left."""
    steps = schedule()
    if attempts_made > len(steps):
        return None
    base = steps[attempts_made - 1]
    jitter = getattr(settings, "QLVB_OUTBOX_RETRY_JITTER", 0.2)
    factor = 1 + (rng or random).uniform(-jitter, jitter)
    return dt.timedelta(seconds=max(0.0, base * factor))
