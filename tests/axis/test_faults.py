"""Injected faults make the client see what a failing axis looks like."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interchange.axis.client import AxisClient, AxisTransientError
from tests.axis import packages
from tests.axis.harness import (
    PROVINCE_ORGANS,
    PROVINCE_SECRET,
    PROVINCE_SYSTEM,
    VPCP_ORGAN,
    VPCP_SECRET,
    VPCP_SYSTEM,
    AxisProcess,
    client_for,
)

H05 = PROVINCE_ORGANS[0]


def _package() -> bytes:
    return packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])


def test_down_mode_is_transient_and_recovers(axis: AxisProcess, vpcp: AxisClient, province: AxisClient):
    axis.set_faults(down=True)
    with pytest.raises(AxisTransientError) as caught:
        vpcp.send_edoc(_package())
    assert caught.value.http_status == 503 and not caught.value.permanent
    with pytest.raises(AxisTransientError, match="the axis is down"):
        province.received_list()

    axis.set_faults(down=False)
    vpcp.send_edoc(_package())
    assert len(province.received_list()) == 1


def test_killed_server_is_transient(axis: AxisProcess, vpcp: AxisClient):
    assert vpcp.agencies_list()  # the client now holds a keep-alive connection
    axis.kill()
    with pytest.raises(AxisTransientError, match="connection refused"):
        vpcp.send_edoc(_package())
    with pytest.raises(AxisTransientError):
        vpcp.received_list()


def test_failure_rate_one_fails_every_call_and_stores_nothing(
    axis: AxisProcess, vpcp: AxisClient, province: AxisClient
):
    axis.set_faults(failure_rate=1.0, seed=7)
    with pytest.raises(AxisTransientError) as caught:
        vpcp.send_edoc(_package())
    assert caught.value.http_status in (500, 502, 503)
    with pytest.raises(AxisTransientError, match="simulated failure"):
        province.received_list()

    axis.set_faults(failure_rate=0.0)
    assert province.received_list() == []


def test_failure_draws_repeat_for_the_same_seed(axis: AxisProcess, vpcp: AxisClient):
    def outcomes() -> list[str]:
        result = []
        for _ in range(24):
            try:
                vpcp.agencies_list()
                result.append("ok")
            except AxisTransientError as exc:
                result.append(str(exc.http_status))
        return result

    axis.set_faults(failure_rate=0.5, seed=12345)
    first = outcomes()
    axis.set_faults(seed=12345)
    second = outcomes()
    assert first == second
    assert "ok" in first and set(first) - {"ok"}


def test_latency_beyond_the_read_timeout_is_transient(axis: AxisProcess):
    axis.set_faults(latency_ms=1500)
    with client_for(axis, VPCP_SYSTEM, VPCP_SECRET, read_timeout=0.3) as impatient:
        with pytest.raises(AxisTransientError, match="timed out"):
            impatient.received_list()
    axis.set_faults(latency_ms=0)
    with client_for(axis, VPCP_SYSTEM, VPCP_SECRET, read_timeout=10) as client:
        assert client.received_list() == []


def test_duplicate_delivery_lists_each_message_twice(
    axis: AxisProcess, vpcp: AxisClient, province: AxisClient
):
    axis.set_faults(duplicate_delivery=True)
    package = _package()
    vpcp.send_edoc(package)

    first, second = province.received_list()
    assert first.doc_id != second.doc_id
    assert province.get_edoc(first.doc_id) == province.get_edoc(second.doc_id) == package
    province.update_status(first.doc_id, "done")
    assert [m.doc_id for m in province.received_list()] == [second.doc_id]


def test_faults_given_on_the_command_line(axis_data: Path, register_systems: None):
    server = AxisProcess(
        axis_data, args=["--failure-rate", "1", "--fault-seed", "3", "--latency-ms", "10"]
    ).start()
    try:
        status, answer = server.admin("GET", "/_faults")
        assert status == 200
        assert answer["faults"] == {
            "failure_rate": 1.0,
            "seed": 3,
            "latency_ms": 10,
            "duplicate_delivery": False,
            "drop_status": False,
            "down": False,
        }
        with client_for(server, PROVINCE_SYSTEM, PROVINCE_SECRET) as client:
            with pytest.raises(AxisTransientError):
                client.received_list()
    finally:
        server.stop()


def test_bad_fault_settings_are_refused(axis: AxisProcess):
    assert axis.admin("POST", "/_faults", b'{"failure_rate": 2}')[0] == 400
    status, answer = axis.admin("POST", "/_faults", b'{"explode": true}')
    assert status == 400 and "unknown fault setting(s): explode" in answer["ErrorDesc"]
    assert axis.admin("POST", "/_faults", b"{not json")[0] == 400
    assert axis.admin("GET", "/_faults")[1]["faults"]["failure_rate"] == 0.0


def test_without_the_switch_the_fault_control_does_not_exist(axis_data: Path, register_systems: None):
    """Production runs the axis without AXIS_FAULT_CONTROL: nobody can turn the axis off over HTTP."""
    server = AxisProcess(axis_data, fault_control=False).start()
    try:
        assert server.admin("GET", "/_health")[0] == 200
        assert server.admin("GET", "/_faults")[0] == 404
        assert server.admin("POST", "/_faults", b'{"down": true}')[0] == 404
        with client_for(server, PROVINCE_SYSTEM, PROVINCE_SECRET) as client:
            assert client.received_list() == []  # still up
    finally:
        server.stop()
    assert "/_faults off" in server.log()


def test_the_server_listens_on_loopback_unless_told_otherwise():
    from interchange.axis.cli import _parser

    assert _parser().parse_args(["serve", "--data", "x"]).host == "127.0.0.1"


def test_a_system_secret_is_read_from_standard_input_not_the_command_line(axis_data: Path):
    command = [sys.executable, "-m", "interchange.axis", "add-system", "--data", str(axis_data),
               "--system-id", "qlvb.stdin", "--organ-id", "000.00.99.H05"]
    empty = subprocess.run(command, input="\n", capture_output=True, text=True, timeout=60)
    assert empty.returncode == 2 and "the secret is empty" in empty.stderr
    done = subprocess.run(command, input="Bi-mat-tu-stdin-123\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
