"""The local axis on PostgreSQL (``--database-url``): same behaviour, and it survives a restart."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.axis import packages
from tests.axis.harness import (
    PROVINCE_ORGANS,
    PROVINCE_SECRET,
    PROVINCE_SYSTEM,
    VPCP_ORGAN,
    VPCP_SECRET,
    VPCP_SYSTEM,
    AxisProcess,
    add_system,
    client_for,
)

H05 = PROVINCE_ORGANS[0]


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server of DATABASE_URL, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail("DATABASE_URL must point to PostgreSQL for this test")
    import psycopg

    name = f"qlvb_axis_test_{uuid.uuid4().hex[:12]}"
    url = psycopg.conninfo.make_conninfo(url.replace("postgres://", "postgresql://", 1), dbname="postgres")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield psycopg.conninfo.make_conninfo(url, dbname=name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.needs_services
def test_exchange_on_postgresql_survives_a_restart(tmp_path: Path, postgres_url: str):
    data = tmp_path / "axis"
    add_system(data, VPCP_SYSTEM, VPCP_SECRET, [VPCP_ORGAN], database_url=postgres_url)
    add_system(data, PROVINCE_SYSTEM, PROVINCE_SECRET, PROVINCE_ORGANS, database_url=postgres_url)
    assert not (data / "axis.sqlite3").exists()

    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=list(PROVINCE_ORGANS))
    server = AxisProcess(data, args=["--database-url", postgres_url]).start()
    try:
        with (
            client_for(server, VPCP_SYSTEM, VPCP_SECRET) as vpcp,
            client_for(server, PROVINCE_SYSTEM, PROVINCE_SECRET) as province,
        ):
            doc_id = vpcp.send_edoc(package)
            first, second = province.received_list()
            assert province.get_edoc(first.doc_id) == package
            province.update_status(first.doc_id, "done")
    finally:
        server.stop()

    server = AxisProcess(data, args=["--database-url", postgres_url]).start()
    try:
        with (
            client_for(server, VPCP_SYSTEM, VPCP_SECRET) as vpcp,
            client_for(server, PROVINCE_SYSTEM, PROVINCE_SECRET) as province,
        ):
            assert [m.doc_id for m in province.received_list()] == [second.doc_id]
            assert province.get_edoc(second.doc_id) == package
            assert sorted(d.receive_status for d in vpcp.sent_list(doc_id)) == ["done", "initial"]
    finally:
        server.stop()
