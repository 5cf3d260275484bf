"""Fixtures for exchange tests on real processes: the local axis and two QLVB deployments."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from tests.axis.harness import AxisProcess, add_system
from tests.conftest import test_database_url

from .deployments import Deployment, create_database

VPCP = ("000.00.00.G22", "Văn phòng Chính phủ", "VPCP")
BACKAN = ("000.00.00.H05", "Ủy ban nhân dân tỉnh Bắc Kạn", "UBND")
A_SYSTEM, A_SECRET = "qlvb-a.vpcp", "A-secret/Key+1="
B_SYSTEM, B_SECRET = "qlvb-b.h05", "B-bí-mật-2026"

B_SETUP = f"""
from qlvb.services.people import organization_upsert
organization_upsert(organ_id="{BACKAN[0]}", name="{BACKAN[1]}", short_name="{BACKAN[2]}", hosted=True)
organization_upsert(organ_id="{VPCP[0]}", name="{VPCP[1]}", short_name="{VPCP[2]}", hosted=False)
"""


@pytest.fixture(scope="module")
def axis(tmp_path_factory):
    data = tmp_path_factory.mktemp("axis")
    add_system(data, A_SYSTEM, A_SECRET, [VPCP[0]], [VPCP[1]])
    add_system(data, B_SYSTEM, B_SECRET, [BACKAN[0], "000.00.01.H05"], [BACKAN[1], "Văn phòng UBND tỉnh Bắc Kạn"])
    server = AxisProcess(data).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def deployment_b(axis, tmp_path_factory, django_db_setup):
    url = create_database(os.environ["DATABASE_URL"], "test_qlvb_b")
    b = Deployment("b", database_url=url, redis_db=14, var_dir=tmp_path_factory.mktemp("qlvb-b"))
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
    a = Deployment("a", database_url=test_database_url(), redis_db=13, var_dir=tmp_path_factory.mktemp("qlvb-a"),
                   extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    import redis

    redis.Redis.from_url(a.redis_url).flushdb()
    yield a
    a.stop_all()


@pytest.fixture
def vpcp(transactional_db, axis, deployment_a, use_broker):
    """VPCP hosted in deployment A (this test's database), connected to the axis; A's worker and beat run."""
    use_broker(deployment_a.redis_url)  # what this process enqueues goes to A's worker
    from interchange.models import AxisConnection
    from qlvb.services.people import organization_upsert

    org = organization_upsert(organ_id=VPCP[0], name=VPCP[1], short_name=VPCP[2], hosted=True, place_name="Hà Nội")
    organization_upsert(organ_id=BACKAN[0], name=BACKAN[1], short_name=BACKAN[2], hosted=False)
    connection = AxisConnection.objects.create(name="VPCP", endpoint=axis.endpoint, system_id=A_SYSTEM,
                                               secret=A_SECRET, read_timeout=10)
    connection.organizations.add(org)
    for role in ("worker", "beat"):
        if role not in deployment_a.processes:
            deployment_a.start(role)
    axis.set_faults(failure_rate=0.0, latency_ms=0, duplicate_delivery=False, drop_status=False, down=False)
    yield org
    deployment_a.quiesce()  # before the flush of this test's database


@pytest.fixture
def a_world(transactional_db, tmp_path, settings, use_broker):
    """In process: VPCP connected to a private axis; no worker runs, the test drives the services itself."""
    import redis

    from interchange.models import AxisConnection
    from qlvb.services.people import organization_upsert
    from tests.interchange.deployments import redis_url_with_db

    broker = redis_url_with_db(settings.REDIS_URL, 12)
    redis.Redis.from_url(broker).flushdb()
    use_broker(broker)
    settings.QLVB_OUTBOX_RETRY_SCHEDULE = [0, 0, 0]
    data = tmp_path / "axis"
    add_system(data, A_SYSTEM, A_SECRET, [VPCP[0]])
    receivers = [f"000.00.{i // 100:02d}.H{i % 100:02d}" for i in range(700)]
    add_system(data, "many", "many-secret", receivers + [BACKAN[0]])
    server = AxisProcess(data).start()
    org = organization_upsert(organ_id=VPCP[0], name=VPCP[1], short_name=VPCP[2], hosted=True)
    conn = AxisConnection.objects.create(name="VPCP", endpoint=server.endpoint, system_id=A_SYSTEM,
                                         secret=A_SECRET, read_timeout=10)
    conn.organizations.add(org)
    yield {"org": org, "server": server, "receivers": receivers}
    server.stop()
