"""What the axis accepted survives a restart or a crash of the server."""

from __future__ import annotations

import hashlib

import pytest

from interchange.axis.client import AxisClient
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


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_unacknowledged_messages_are_still_listed_after_a_restart(
    axis: AxisProcess, vpcp: AxisClient, province: AxisClient, how: str
):
    kept = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05], subject="Còn chờ nhận")
    acknowledged = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05], subject="Đã nhận")
    kept_id = vpcp.send_edoc(kept)
    vpcp.send_edoc(acknowledged)
    messages = province.received_list()
    province.update_status(messages[1].doc_id, "done")

    getattr(axis, how)()
    restarted = AxisProcess(axis.data_dir, port=axis.port).start()
    try:
        with (
            client_for(restarted, PROVINCE_SYSTEM, PROVINCE_SECRET) as province_again,
            client_for(restarted, VPCP_SYSTEM, VPCP_SECRET) as vpcp_again,
        ):
            (message,) = province_again.received_list()
            assert message.doc_id == messages[0].doc_id
            assert province_again.get_edoc(message.doc_id) == kept
            assert [d.receive_status for d in vpcp_again.sent_list(kept_id)] == ["initial"]
            assert {a.code for a in vpcp_again.agencies_list()} == {VPCP_ORGAN, *PROVINCE_ORGANS}
    finally:
        restarted.stop()


def test_stored_packages_are_read_only_files_named_by_their_hash(axis: AxisProcess, vpcp: AxisClient):
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])
    vpcp.send_edoc(package)
    digest = hashlib.sha256(package).hexdigest()
    stored = axis.data_dir / "packages" / digest[:2] / digest
    assert stored.read_bytes() == package
    assert stored.stat().st_mode & 0o222 == 0
    assert list((axis.data_dir / "tmp").iterdir()) == []
