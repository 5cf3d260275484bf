"""One package reaches every recipient organization, whichever system serves it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from interchange.axis.client import AxisClient, AxisPermanentError
from tests.axis import packages
from tests.axis.harness import PROVINCE_ORGANS, VPCP_ORGAN, AxisProcess, add_system, client_for

H05, H05_OFFICE = PROVINCE_ORGANS
H41 = "000.00.00.H41"


def test_package_with_three_recipients_on_two_systems_reaches_each(
    axis: AxisProcess, axis_data: Path, vpcp: AxisClient, province: AxisClient
):
    add_system(axis_data, "h41.center", "h41-secret", [H41])  # registered while the axis runs
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05, H05_OFFICE, H41])

    doc_id = vpcp.send_edoc(package)

    province_messages = province.received_list()
    assert sorted(m.to_organ for m in province_messages) == sorted([H05, H05_OFFICE])
    assert len({m.doc_id for m in province_messages}) == 2
    with client_for(axis, "h41.center", "h41-secret") as h41:
        (h41_message,) = h41.received_list()
        assert h41_message.to_organ == H41
        assert h41.get_edoc(h41_message.doc_id) == package
    for message in province_messages:
        assert province.get_edoc(message.doc_id) == package
    assert sorted(d.to_organ for d in vpcp.sent_list(doc_id)) == sorted([H05, H05_OFFICE, H41])

    # Each recipient acknowledges separately.
    province.update_status(province_messages[0].doc_id, "done")
    assert [m.doc_id for m in province.received_list()] == [province_messages[1].doc_id]


def test_package_for_700_recipients_is_accepted_in_one_upload_and_reaches_each(
    axis: AxisProcess, axis_data: Path, vpcp: AxisClient
):
    organs = [f"{i:03d}.00.70.K70" for i in range(700)]
    systems = {f"k70.center.{n}": organs[n::3] for n in range(3)}
    for system_id, served in systems.items():
        add_system(axis_data, system_id, f"secret-{system_id}", served)
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=organs)

    doc_id = vpcp.send_edoc(package)

    seen: Counter[str] = Counter()
    for system_id, served in systems.items():
        with client_for(axis, system_id, f"secret-{system_id}") as client:
            listed = client.received_list()
            assert sorted(m.to_organ for m in listed) == sorted(served)
            assert client.get_edoc(listed[-1].doc_id) == package
            seen.update(m.to_organ for m in listed)
    assert seen == Counter(organs)
    assert len(vpcp.sent_list(doc_id)) == 700


def test_unknown_recipient_refuses_the_whole_package(vpcp: AxisClient, province: AxisClient):
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05, "000.00.00.Z99", "000.00.00.Z98"])
    with pytest.raises(AxisPermanentError) as caught:
        vpcp.send_edoc(package)
    assert "unknown recipient organization(s): 000.00.00.Z99, 000.00.00.Z98" in str(caught.value)
    assert caught.value.permanent and caught.value.error_code == "1004"
    assert province.received_list() == []
    assert vpcp.sent_list() == []


def test_explicit_to_parameter_limits_the_recipients(vpcp: AxisClient, province: AxisClient):
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05, H05_OFFICE])
    vpcp.send_edoc(package, to=[H05_OFFICE])
    assert [m.to_organ for m in province.received_list()] == [H05_OFFICE]
