"""Tasks queued by name: after commit, never for a rolled-back transaction, once per key, with the
priority, queue and countdown asked for; eager mode runs them in process."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from qlvb.celery import app
from qlvb.models import Heartbeat
from qlvb.services.enqueue import enqueue, enqueue_on_commit
from tests.conftest import wait_for

PROBE = "tests.qlvb.task_enqueue_probe"
ran: list[tuple] = []


@app.task(name=PROBE)
def task_enqueue_probe(value, label=""):
    ran.append((value, label))
    return value


@pytest.fixture
def sent(monkeypatch):
    """What the dispatcher hands to Celery, instead of a broker."""
    calls = []

    def apply_async(args=None, kwargs=None, **options):
        calls.append((PROBE, tuple(args or ()), kwargs, options))

    def send_task(name, args=None, kwargs=None, **options):
        calls.append((name, tuple(args or ()), kwargs, options))

    monkeypatch.setattr(task_enqueue_probe, "apply_async", apply_async)
    monkeypatch.setattr(app, "send_task", send_task)
    ran.clear()
    return calls


@pytest.mark.django_db
def test_a_task_is_sent_by_its_name_once_the_transaction_commits(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit(PROBE, 7, label="seven", priority=9, queue="background", countdown=2.5)
        assert sent == []  # not before the commit
    for callback in callbacks:
        callback()
    assert sent == [(PROBE, (7,), {"label": "seven"}, {"priority": 9, "queue": "background", "countdown": 2.5})]


@pytest.mark.django_db
def test_nothing_is_sent_for_a_rolled_back_transaction(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(PROBE, 1)
            enqueue_on_commit(PROBE, 2, key=("probe", 2))
            raise RuntimeError("rolled back")
        enqueue_on_commit(PROBE, 3)
    assert sent == [(PROBE, (3,), None, {})]


@pytest.mark.django_db
def test_one_task_per_key_in_a_transaction_or_the_later_one_with_replace(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            enqueue_on_commit(PROBE, 1, key=("probe", 1))
        enqueue_on_commit(PROBE, 2, key=("probe", 2))
        enqueue_on_commit(PROBE, 2, label="wider", key=("probe", 2), replace=True, priority=9)
    assert sent == [(PROBE, (1,), None, {}), (PROBE, (2,), {"label": "wider"}, {"priority": 9})]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_is_sent_at_once_and_a_name_no_app_registers_goes_to_the_broker(sent):
    enqueue_on_commit("elsewhere.task_unknown", 5, countdown=10)
    enqueue("elsewhere.task_unknown", 6)
    assert sent == [("elsewhere.task_unknown", (5,), None, {"countdown": 10}), ("elsewhere.task_unknown", (6,), None, {})]


@pytest.fixture
def eager():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_eager_mode_runs_the_task_in_process_and_refuses_a_name_it_cannot_run(eager):
    ran.clear()
    enqueue(PROBE, 4, label="eager", priority=9)
    assert ran == [(4, "eager")]
    with pytest.raises(LookupError, match="elsewhere.task_unknown"):
        enqueue("elsewhere.task_unknown", 1)


@pytest.mark.needs_services
def test_a_real_worker_runs_a_task_sent_by_name_after_commit(celery_worker_process):
    enqueue_on_commit("qlvb.tasks.task_heartbeat_record", "enqueued", priority=9)
    beat = wait_for(lambda: Heartbeat.objects.filter(process="enqueued").first(), timeout=30, message="heartbeat row")
    assert beat.hostname


@pytest.mark.django_db(transaction=True)
def test_a_command_run_while_the_broker_is_down_commits_its_work_and_logs_the_tasks_not_sent(use_broker, caplog, tmp_path):
    """A seed command run with `make run` stopped: no Redis on the socket. The work is stored, the
    command does not crash, and the tasks are logged as not sent (the sweepers send stored rows later)."""
    from interchange.services.outbox import OUTBOX

    use_broker(f"redis+socket://{tmp_path / 'redis.sock'}")  # nothing listens there
    with transaction.atomic():
        Heartbeat.objects.create(process="seeded", seen_at=timezone.now())
        enqueue_on_commit("qlvb.tasks.task_heartbeat_record", "seeded")
    OUTBOX.send(12345)  # the exchange's outbox hands a stored row to the broker
    assert Heartbeat.objects.filter(process="seeded").exists()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2 and all("broker unreachable" in w for w in warnings), warnings
    assert "qlvb.tasks.task_heartbeat_record" in warnings[0] and "interchange.task_outbound_send" in warnings[1]
    # Sending outside a commit hook, where the caller can act on it, still raises.
    with pytest.raises(OperationalError):
        enqueue("qlvb.tasks.task_heartbeat_record", "direct")
