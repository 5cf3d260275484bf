"""Fixtures: a real local axis server process with two connected systems, and their clients.

- VPCP: system ``vpcp.local`` serving ``000.00.00.G22``;
- a province center: system ``h05.center`` serving ``000.00.00.H05`` and ``000.00.01.H05``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interchange.axis.client import AxisClient
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


@pytest.fixture
def axis_data(tmp_path: Path) -> Path:
    return tmp_path / "axis"


@pytest.fixture
def register_systems(axis_data: Path) -> None:
    add_system(axis_data, VPCP_SYSTEM, VPCP_SECRET, [VPCP_ORGAN], ["Văn phòng Chính phủ"])
    add_system(
        axis_data, PROVINCE_SYSTEM, PROVINCE_SECRET, PROVINCE_ORGANS, ["UBND tỉnh H05", "Sở Nội vụ H05"]
    )


@pytest.fixture
def axis(axis_data: Path, register_systems: None) -> Iterator[AxisProcess]:
    server = AxisProcess(axis_data).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def vpcp(axis: AxisProcess) -> Iterator[AxisClient]:
    with client_for(axis, VPCP_SYSTEM, VPCP_SECRET) as client:
        yield client


@pytest.fixture
def province(axis: AxisProcess) -> Iterator[AxisClient]:
    with client_for(axis, PROVINCE_SYSTEM, PROVINCE_SECRET) as client:
        yield client
