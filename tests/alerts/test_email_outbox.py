"""The e-mail outbox: a row per e-mail written with the alert, sent by a task, retried with
backoff; an SMTP outage delays mail but loses none."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os

import pytest
from django.utils import timezone

from alerts.models import EmailMessage
from alerts.services.email import email_send, email_sweep
from alerts.services.scan import alerts_scan
from tests.conftest import wait_for

from .builders import NOW, at, office, outbound, outgoing
from .smtp import FlakyBackend


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.alerts.smtp.FlakyBackend"
    FlakyBackend.sent = []
    FlakyBackend.down = False
    yield FlakyBackend
    FlakyBackend.down = False


def _alert_with_mail(backan) -> list[EmailMessage]:
    outbound(outgoing(backan["org"], symbol="15/UBND-VXNV"), state="failed", created_at=at(11, 9),
             error_permanent=True, last_error="unknown recipient organization(s): 000.00.00.H99")
    alerts_scan(now=NOW, rules=["send_failed"])
    return list(EmailMessage.objects.order_by("pk"))


@pytest.mark.django_db
def test_smtp_down_then_up_every_mail_is_delivered_once(flaky_smtp, settings, no_task_queue):
    settings.QLVB_ALERTS_EMAIL_RETRY_SCHEDULE = "60"
    backan = office()
    rows = _alert_with_mail(backan)
    assert len(rows) == 2
    flaky_smtp.down = True
    assert [email_send(email_id=r.pk) for r in rows] == ["retry", "retry"]
    row = EmailMessage.objects.get(pk=rows[0].pk)
    assert row.state == EmailMessage.State.QUEUED and row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    assert ("email", (row.pk,)) in no_task_queue  # the retry is scheduled
    assert email_send(email_id=row.pk) == "skipped"  # not due yet
    assert flaky_smtp.sent == []

    flaky_smtp.down = False
    EmailMessage.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))  # time passes
    assert [email_send(email_id=r.pk) for r in rows] == ["sent", "sent"]
    assert sorted(m.to[0] for m in flaky_smtp.sent) == sorted([backan["clerk"].email, backan["admin"].email])
    assert "Gửi lỗi: 15/UBND-VXNV" in flaky_smtp.sent[0].subject
    assert "000.00.00.H99" in flaky_smtp.sent[0].body
    assert set(EmailMessage.objects.values_list("state", "attempts")) == {("sent", 2)}
    assert [email_send(email_id=r.pk) for r in rows] == ["skipped", "skipped"]  # never twice
    assert len(flaky_smtp.sent) == 2


@pytest.mark.django_db
def test_after_the_last_attempt_the_mail_stays_failed_with_its_error(flaky_smtp, settings, no_task_queue):
    settings.QLVB_ALERTS_EMAIL_RETRY_SCHEDULE = "0"
    settings.QLVB_ALERTS_EMAIL_MAX_ATTEMPTS = 3
    row = _alert_with_mail(office())[0]
    flaky_smtp.down = True
    assert [email_send(email_id=row.pk) for _ in range(3)] == ["retry", "retry", "failed"]
    row.refresh_from_db()
    assert row.state == EmailMessage.State.FAILED and row.attempts == 3 and "SMTP" in row.last_error


@pytest.mark.django_db
def test_the_sweeper_recovers_mail_a_dead_worker_or_a_lost_task_left(settings, no_task_queue):
    rows = _alert_with_mail(office())
    stale = timezone.now() - dt.timedelta(hours=1)
    EmailMessage.objects.filter(pk=rows[0].pk).update(state="sending", claimed_at=stale)
    EmailMessage.objects.filter(pk=rows[1].pk).update(created_at=stale)
    no_task_queue.clear()
    assert email_sweep() == {"reclaimed": 1, "requeued": 2}
    assert sorted(a[0] for _, a in no_task_queue) == sorted(r.pk for r in rows)


@pytest.fixture
def smtp_folder(tmp_path, monkeypatch):
    """For a real worker process: the flaky backend, a short retry schedule, a mail folder."""
    folder = tmp_path / "smtp"
    folder.mkdir()
    (folder / "down").touch()
    monkeypatch.setenv("EMAIL_BACKEND", "tests.alerts.smtp.FlakyBackend")
    monkeypatch.setenv("QLVB_TEST_SMTP_DIR", str(folder))
    monkeypatch.setenv("QLVB_ALERTS_EMAIL_RETRY_SCHEDULE", "1")
    return folder


@pytest.mark.needs_services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_through_an_smtp_outage(smtp_folder, celery_worker_process):
    backan = office()
    _alert_with_mail(backan)  # committed: the send tasks go to Redis, the worker picks them up
    wait_for(lambda: EmailMessage.objects.filter(attempts__gte=2).count() == 2, timeout=30,
             message="two failed attempts per mail while SMTP is down")
    assert not list(smtp_folder.glob("mail-*"))
    (smtp_folder / "down").unlink()
    wait_for(lambda: EmailMessage.objects.filter(state="sent").count() == 2, timeout=30, message="mail sent")
    delivered = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                 for p in smtp_folder.glob("mail-*")]
    assert sorted(m["To"] for m in delivered) == sorted([backan["clerk"].email, backan["admin"].email])
    assert all("Gửi lỗi: 15/UBND-VXNV" in m["Subject"] for m in delivered)
    # The worker also records its own heartbeat, which the system panel and /health/ read.
    from qlvb.models import Heartbeat

    wait_for(lambda: Heartbeat.objects.filter(process="worker").exists(), timeout=10, message="worker heartbeat")
    assert os.environ["EMAIL_BACKEND"] == "tests.alerts.smtp.FlakyBackend"
