"""Fixtures of the end-to-end tests: the real local axis, a sender deployment (VPCP) with its own
database, worker and beat, and this test's database (the live server's) hosting Bắc Kạn with a
worker and beat of its own that poll the axis.

They reuse the interchange harness, under names of their own (database `test_qlvb_ui_b`, Redis
dbs 5 and 6) so that an e2e run never collides with tests/interchange (`test_qlvb_b`, dbs 12–14).
"""

from __future__ import annotations

import io
import os

import pytest

from tests.conftest import test_database_url
from tests.interchange.conftest import A_SECRET, A_SYSTEM, B_SECRET, B_SYSTEM, BACKAN, VPCP, axis  # noqa: F401
from tests.interchange.deployments import Deployment, create_database

SENDER_DATABASE = "test_qlvb_ui_b"
SENDER_REDIS_DB = 5
RECEIVER_REDIS_DB = 6

SENDER_SETUP = f"""
from qlvb.services.people import organization_upsert
organization_upsert(organ_id="{VPCP[0]}", name="{VPCP[1]}", short_name="{VPCP[2]}", hosted=True, place_name="Hà Nội")
organization_upsert(organ_id="{BACKAN[0]}", name="{BACKAN[1]}", short_name="{BACKAN[2]}", hosted=False)
"""


def _flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def sender(axis, tmp_path_factory, django_db_setup):  # noqa: F811 - `axis` is the imported fixture
    """Văn phòng Chính phủ on a deployment of its own, connected to the axis, worker and beat running."""
    url = create_database(os.environ["DATABASE_URL"], SENDER_DATABASE)
    deployment = Deployment("vpcp", database_url=url, redis_db=SENDER_REDIS_DB,
                            var_dir=tmp_path_factory.mktemp("qlvb-vpcp"))
    deployment.manage("migrate", "--noinput", "-v0")
    deployment.shell(SENDER_SETUP)
    deployment.manage("axis_connect", "--endpoint", axis.endpoint, "--system-id", A_SYSTEM, "--secret", A_SECRET,
                      "--organ-id", VPCP[0], "--read-timeout", "10")
    _flush(deployment.redis_url)
    deployment.start("worker")
    deployment.start("beat")
    yield deployment
    deployment.stop_all()


@pytest.fixture
def receiver(axis, transactional_db, tmp_path_factory, settings, use_broker):  # noqa: F811
    """Bắc Kạn in this test's database, i.e. the live server's: the demo cast, connected to the axis,
    with a worker and beat on the same database polling it."""
    from django.core.management import call_command

    from interchange.services.connections import axis_connection_upsert

    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = str(media)  # the worker stores received files where the live server reads them
    call_command("seed_demo", stdout=io.StringIO())
    axis_connection_upsert(endpoint=axis.endpoint, system_id=B_SYSTEM, secret=B_SECRET, organ_ids=[BACKAN[0]],
                           name="Trục liên thông (thử nghiệm)", read_timeout=10)
    deployment = Deployment("backan", database_url=test_database_url(), redis_db=RECEIVER_REDIS_DB,
                            var_dir=tmp_path_factory.mktemp("qlvb-backan"), extra_env={"MEDIA_ROOT": str(media)})
    _flush(deployment.redis_url)
    use_broker(deployment.redis_url)  # statuses the live server enqueues go to this deployment's worker
    axis.set_faults(failure_rate=0.0, latency_ms=0, duplicate_delivery=False, drop_status=False, down=False)
    deployment.start("worker")
    deployment.start("beat")
    yield deployment
    deployment.stop_all()
