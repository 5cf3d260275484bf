"""Fixtures of the alerts tests: files under a temporary MEDIA_ROOT, a quiet infrastructure (fresh
heartbeats, a reachable axis) unless a test says otherwise, and the alerts URLs mounted."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.QLVB_ALERTS_DISK_MIN_FREE_GB = 0
    settings.QLVB_ALERTS_DISK_MIN_FREE_PERCENT = 0


@pytest.fixture
def no_task_queue(monkeypatch):
    """Record the tasks services queue on commit instead of sending them to a broker."""
    queued = []
    from alerts import tasks as alert_tasks

    monkeypatch.setattr(alert_tasks.task_email_send, "delay", lambda *a: queued.append(("email", a)))
    monkeypatch.setattr(alert_tasks.task_email_send, "apply_async", lambda args, **kw: queued.append(("email", args)))
    from interchange import tasks as interchange_tasks

    monkeypatch.setattr(interchange_tasks.task_outbound_send, "delay", lambda *a: queued.append(("outbound", a)))
    monkeypatch.setattr(interchange_tasks.task_outbound_send, "apply_async",
                        lambda args, **kw: queued.append(("outbound", args)))
    return queued


# --- the local axis and two deployments, on this engineer's own database and Redis dbs --------

VPCP = ("000.00.00.G22", "Văn phòng Chính phủ", "VPCP")
BACKAN = ("000.00.00.H05", "Ủy ban nhân dân tỉnh Bắc Kạn", "UBND")
A_SYSTEM, A_SECRET = "qlvb-a.alerts", "A-alerts-secret/1="
B_SYSTEM, B_SECRET = "qlvb-b.alerts", "B-cảnh-báo-2026"
B_DATABASE, A_REDIS_DB, B_REDIS_DB = "test_qlvb_alerts_b", 2, 3

B_SETUP = f"""
from qlvb.services.people import organization_upsert
organization_upsert(organ_id="{BACKAN[0]}", name="{BACKAN[1]}", short_name="{BACKAN[2]}", hosted=True)
organization_upsert(organ_id="{VPCP[0]}", name="{VPCP[1]}", short_name="{VPCP[2]}", hosted=False)
"""


@pytest.fixture(scope="module")
def axis(tmp_path_factory):
    from tests.axis.harness import AxisProcess, add_system

    data = tmp_path_factory.mktemp("axis")
    add_system(data, A_SYSTEM, A_SECRET, [VPCP[0]], [VPCP[1]])
    add_system(data, B_SYSTEM, B_SECRET, [BACKAN[0]], [BACKAN[1]])
    server = AxisProcess(data).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def deployment_b(axis, tmp_path_factory, django_db_setup):
    import os

    from tests.interchange.deployments import Deployment, create_database

    url = create_database(os.environ["DATABASE_URL"], B_DATABASE)
    b = Deployment("alerts-b", database_url=url, redis_db=B_REDIS_DB, var_dir=tmp_path_factory.mktemp("qlvb-b"))
    import redis

    redis.Redis.from_url(b.redis_url).flushdb()
    b.manage("migrate", "--noinput", "-v0")
    b.shell(B_SETUP)
    b.manage("axis_connect", "--endpoint", axis.endpoint, "--system-id", B_SYSTEM, "--secret", B_SECRET,
             "--organ-id", BACKAN[0], "--read-timeout", "10")
    b.start("worker")
    b.start("beat")
    yield b
    b.stop_all()


@pytest.fixture(scope="module")
def deployment_a(axis, tmp_path_factory, django_db_setup):
    from django.conf import settings

    from tests.conftest import test_database_url
    from tests.interchange.deployments import Deployment

    a = Deployment("alerts-a", database_url=test_database_url(), redis_db=A_REDIS_DB,
                   var_dir=tmp_path_factory.mktemp("qlvb-a"), extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    import redis

    redis.Redis.from_url(a.redis_url).flushdb()
    yield a
    a.stop_all()


@pytest.fixture
def vpcp(transactional_db, axis, deployment_a, use_broker, settings):
    """VPCP hosted in deployment A (this test's database) with a clerk and an admin; A's worker and beat run."""
    from interchange.models import AxisConnection
    from qlvb.services.people import organization_upsert, person_upsert

    settings.MEDIA_ROOT = deployment_a.env["MEDIA_ROOT"]  # the worker reads the files this process writes
    use_broker(deployment_a.redis_url)
    org = organization_upsert(organ_id=VPCP[0], name=VPCP[1], short_name=VPCP[2], hosted=True, place_name="Hà Nội")
    organization_upsert(organ_id=BACKAN[0], name=BACKAN[1], short_name=BACKAN[2], hosted=False)
    connection = AxisConnection.objects.create(name="VPCP", endpoint=axis.endpoint, system_id=A_SYSTEM,
                                               secret=A_SECRET, read_timeout=10)
    connection.organizations.add(org)
    people = {role: person_upsert(username=f"vpcp.{role}", full_name=name, organization=org, roles=[role],
                                  email=f"{role}@vpcp.gov.vn", password="Mat-khau-thu-1")
              for role, name in (("clerk", "Trần Thị Văn Thư"), ("admin", "Phạm Quản Trị"))}
    for role in ("worker", "beat"):
        if role not in deployment_a.processes:
            deployment_a.start(role)
    axis.set_faults(failure_rate=0.0, latency_ms=0, duplicate_delivery=False, drop_status=False, down=False)
    yield {"org": org, **people}
    deployment_a.quiesce()  # before the flush of this test's database
