"""Send the e-mail outbox: claim a row, send it, record the outcome; retry with backoff.

A row is claimed with a conditional update (queued and due → sending), so two workers never send
the same row. A failure puts it back in the queue with the next attempt time and the error;
after the last attempt it stays failed, visible on the system panel. `email_sweep` re-queues
rows a lost task or a killed worker left behind. Claiming, rescheduling and sweeping are
qlvb.services.outbox's, shared with the exchange outbox.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import mail

from qlvb.services.outbox import Outbox, RetrySchedule, retry_schedule

from .. import conf
from ..models import EmailMessage
from .reports import REPORT_FILE_TYPES, report_file_for, report_stem

log = logging.getLogger(__name__)

SEND_TASK = "alerts.task_email_send"  # email_send(email_id=…)
OUTBOX = Outbox(EmailMessage, SEND_TASK)


def _message(row: EmailMessage) -> mail.EmailMessage:
    message = mail.EmailMessage(subject=row.subject, body=row.body, from_email=settings.DEFAULT_FROM_EMAIL,
                                to=[row.to])
    report = row.report
    if report is not None:  # its PDF and Excel files, with the subjects the recipient may read
        for fmt, content_type in REPORT_FILE_TYPES.items():
            message.attach(f"{report_stem(report)}.{fmt}", report_file_for(report, fmt, user=row.user), content_type)
    return message


def email_retry_schedule() -> RetrySchedule:
    """EMAIL_RETRY_SCHEDULE (its last wait repeats) ± EMAIL_RETRY_JITTER, up to EMAIL_MAX_ATTEMPTS attempts."""
    return retry_schedule(conf.number_list("EMAIL_RETRY_SCHEDULE") or [60.0], jitter=conf.get("EMAIL_RETRY_JITTER"),
                          max_attempts=conf.get("EMAIL_MAX_ATTEMPTS"))


def email_send(*, email_id: int) -> str:
    """Try to send one row. Returns sent, retry, failed or skipped."""
    if not OUTBOX.claim(email_id):
        return "skipped"
    row = EmailMessage.objects.select_related("report").get(pk=email_id)
    attempts = row.attempts + 1
    try:
        sent = mail.get_connection(fail_silently=False).send_messages([_message(row)])
        if not sent:
            raise RuntimeError("the mail backend accepted nothing")
    except Exception as exc:  # SMTP and backend errors come in many types; every one is retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        delay = email_retry_schedule().next_delay(attempts)
        if delay is None:
            OUTBOX.failed(row.pk, attempts=attempts, error=error)
            log.error("e-mail %s to %s failed for good after %s attempts: %s", row.pk, row.to, attempts, error)
            return "failed"
        OUTBOX.reschedule(row.pk, attempts=attempts, delay=delay, error=error)
        log.warning("e-mail %s to %s: attempt %s failed (%s); next in %.0fs", row.pk, row.to, attempts, error,
                    delay.total_seconds())
        OUTBOX.send(row.pk, after=delay)
        return "retry"
    OUTBOX.sent(row.pk, attempts=attempts)
    return "sent"


def email_sweep() -> dict[str, int]:
    """Re-queue rows left sending by a dead worker, and send the due rows whose task was lost."""
    return OUTBOX.sweep(stale=dt.timedelta(seconds=conf.get("EMAIL_SENDING_STALE_SECONDS")),
                        grace=dt.timedelta(seconds=30), limit=2000)
