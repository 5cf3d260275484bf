import pytest

from qlvb.models import Heartbeat
from qlvb.tasks import task_heartbeat_record
from tests.conftest import wait_for


@pytest.mark.needs_services
def test_a_real_worker_on_redis_runs_tasks_against_the_database(celery_worker_process):
    task_heartbeat_record.delay("worker")
    beat = wait_for(lambda: Heartbeat.objects.filter(process="worker").first(), timeout=30, message="heartbeat row")
    assert beat.hostname
