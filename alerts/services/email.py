"""Send the e-mail outbox: claim a row, send it, record the outcome; retry with backoff.

A row is claimed with a conditional update (queued and due → sending), so two workers never send
the same row. A failure puts it back in the queue with the next attempt time and the error;
after the last attempt it stays failed, visible on the system panel. `email_sweep` re-queues
rows a lost task or a killed worker left behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.conf import settings
from django.core import mail
from django.db.models import Q
from django.utils import timezone

from .. import conf
from ..models import EmailMessage
from .reports import REPORT_FILE_TYPES, report_file_for, report_stem

log = logging.getLogger(__name__)


def _claim(email_id: int) -> bool:
    now = timezone.now()
    return bool(
        EmailMessage.objects.filter(pk=email_id, state=EmailMessage.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=EmailMessage.State.SENDING, claimed_at=now)
    )


def _message(row: EmailMessage) -> mail.EmailMessage:
    message = mail.EmailMessage(subject=row.subject, body=row.body, from_email=settings.DEFAULT_FROM_EMAIL,
                                to=[row.to])
    report = row.report
    if report is not None:  # its PDF and Excel files, with the subjects the recipient may read
        for fmt, content_type in REPORT_FILE_TYPES.items():
            message.attach(f"{report_stem(report)}.{fmt}", report_file_for(report, fmt, user=row.user), content_type)
    return message


def next_delay(attempts: int) -> dt.timedelta:
    schedule = conf.number_list("EMAIL_RETRY_SCHEDULE") or [60.0]
    base = schedule[min(attempts, len(schedule)) - 1]
    return dt.timedelta(seconds=base * random.uniform(0.9, 1.1))


def email_send(*, email_id: int) -> str:
    """Try to send one row. Returns sent, retry, failed or skipped."""
    if not _claim(email_id):
        return "skipped"
    row = EmailMessage.objects.select_related("report").get(pk=email_id)
    attempts = row.attempts + 1
    try:
        sent = mail.get_connection(fail_silently=False).send_messages([_message(row)])
        if not sent:
            raise RuntimeError("the mail backend accepted nothing")
    except Exception as exc:  # SMTP and backend errors come in many types; every one is retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if attempts >= conf.get("EMAIL_MAX_ATTEMPTS"):
            EmailMessage.objects.filter(pk=row.pk).update(state=EmailMessage.State.FAILED, attempts=attempts,
                                                          last_error=error, next_attempt_at=None)
            log.error("e-mail %s to %s failed for good after %s attempts: %s", row.pk, row.to, attempts, error)
            return "failed"
        delay = next_delay(attempts)
        EmailMessage.objects.filter(pk=row.pk).update(state=EmailMessage.State.QUEUED, attempts=attempts,
                                                      last_error=error, next_attempt_at=timezone.now() + delay)
        log.warning("e-mail %s to %s: attempt %s failed (%s); next in %.0fs", row.pk, row.to, attempts, error,
                    delay.total_seconds())
        from ..tasks import task_email_send

        task_email_send.apply_async((row.pk,), countdown=delay.total_seconds())
        return "retry"
    EmailMessage.objects.filter(pk=row.pk).update(state=EmailMessage.State.SENT, attempts=attempts,
                                                  sent_at=timezone.now(), last_error="", next_attempt_at=None)
    return "sent"


def email_sweep() -> dict[str, int]:
    """Re-queue rows left sending by a dead worker, and send the due rows whose task was lost."""
    from ..tasks import task_email_send

    now = timezone.now()
    stale = dt.timedelta(seconds=conf.get("EMAIL_SENDING_STALE_SECONDS"))
    reclaimed = EmailMessage.objects.filter(state=EmailMessage.State.SENDING, claimed_at__lt=now - stale).update(
        state=EmailMessage.State.QUEUED, next_attempt_at=now)
    grace = dt.timedelta(seconds=30)
    due = list(
        EmailMessage.objects.filter(state=EmailMessage.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True, created_at__lt=now - grace) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)[:2000]
    )
    for pk in due:
        task_email_send.delay(pk)
    return {"reclaimed": reclaimed, "requeued": len(due)}
