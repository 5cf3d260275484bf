"""``python -m interchange.axis add-system`` registers systems and their organizations."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from interchange.axis.client import AxisClient, AxisPermanentError
from tests.axis.harness import (
    PROVINCE_ORGANS,
    VPCP_ORGAN,
    VPCP_SECRET,
    VPCP_SYSTEM,
    AxisProcess,
    add_system,
    client_for,
)


def test_names_pair_with_organ_ids_in_order_or_go_to_the_first(
    axis: AxisProcess, axis_data: Path, vpcp: AxisClient
):
    add_system(
        axis_data, "h41.center", "s1", ["000.00.00.H41", "000.00.01.H41"], ["UBND Nghệ An", "Sở Y tế Nghệ An"]
    )
    add_system(axis_data, "h14.center", "s2", ["000.00.00.H14", "000.00.01.H14"], ["UBND Cao Bằng"])
    names = {agency.code: agency.name for agency in vpcp.agencies_list()}
    assert names["000.00.00.H41"] == "UBND Nghệ An"
    assert names["000.00.01.H41"] == "Sở Y tế Nghệ An"
    assert names["000.00.00.H14"] == "UBND Cao Bằng"
    assert names["000.00.01.H14"] == ""


def test_an_organization_cannot_be_served_by_two_systems(axis_data: Path, register_systems: None):
    with pytest.raises(subprocess.CalledProcessError) as caught:
        add_system(axis_data, "intruder", "s", [PROVINCE_ORGANS[0]])
    assert caught.value.returncode == 1
    assert f"organization {PROVINCE_ORGANS[0]} is already served by system h05.center" in caught.value.stderr


def test_more_names_than_organizations_is_a_usage_error(axis_data: Path):
    with pytest.raises(subprocess.CalledProcessError) as caught:
        add_system(axis_data, "x", "s", ["000.00.00.X01"], ["A", "B"])
    assert caught.value.returncode == 2 and "more --name than --organ-id" in caught.value.stderr


def test_running_add_system_again_changes_the_secret(axis: AxisProcess, axis_data: Path):
    add_system(axis_data, VPCP_SYSTEM, "rotated-secret", [VPCP_ORGAN])
    with client_for(axis, VPCP_SYSTEM, "rotated-secret") as rotated:
        assert rotated.received_list() == []
    with client_for(axis, VPCP_SYSTEM, VPCP_SECRET) as stale:
        with pytest.raises(AxisPermanentError, match="signature check failed"):
            stale.received_list()
