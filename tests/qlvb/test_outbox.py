"""One retry schedule for both outboxes, each with its own numbers from settings."""

from __future__ import annotations

import random

from alerts.services.email import email_retry_schedule
from interchange import retry
from qlvb.services.outbox import RetrySchedule, retry_schedule


def test_by_default_one_attempt_per_wait_plus_the_first():
    schedule = retry_schedule([10, 60], jitter=0.0)
    assert schedule == RetrySchedule(delays=(10.0, 60.0), max_attempts=3, jitter=0.0)
    assert [schedule.next_delay(n) and schedule.next_delay(n).total_seconds() for n in (1, 2, 3)] == [10, 60, None]


def test_with_more_attempts_than_waits_the_last_wait_repeats():
    schedule = retry_schedule([30, 120], jitter=0.0, max_attempts=4)
    assert [schedule.next_delay(n) and schedule.next_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [
        30, 120, 120, None]


def test_each_wait_varies_by_the_jitter_and_never_goes_below_zero():
    schedule = retry_schedule([100], jitter=0.2, max_attempts=50)
    waits = [schedule.next_delay(1, rng=random.Random(seed)).total_seconds() for seed in range(200)]
    assert 80 <= min(waits) < 90 and 110 < max(waits) <= 120
    assert retry_schedule([0], jitter=0.5).next_delay(1).total_seconds() == 0


def test_each_outbox_keeps_its_own_numbers(settings):
    assert retry.schedule() == RetrySchedule(delays=(10, 30, 120, 600, 1800, 3600), max_attempts=7, jitter=0.2)
    assert email_retry_schedule() == RetrySchedule(delays=(30, 120, 600, 1800, 3600, 7200), max_attempts=8,
                                                   jitter=0.1)
    settings.QLVB_OUTBOX_RETRY_SCHEDULE = [1, 2]
    settings.QLVB_ALERTS_EMAIL_RETRY_SCHEDULE = "5"
    settings.QLVB_ALERTS_EMAIL_MAX_ATTEMPTS = 3
    assert retry.max_attempts() == 3 and email_retry_schedule().max_attempts == 3
    assert email_retry_schedule().delays == (5.0,)
