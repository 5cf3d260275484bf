"""A document travels from one system to another through the local axis."""

from __future__ import annotations

import pytest

from interchange.axis.client import AxisClient, AxisPermanentError
from tests.axis import packages
from tests.axis.harness import PROVINCE_ORGANS, VPCP_ORGAN

H05, H05_OFFICE = PROVINCE_ORGANS


def test_sent_document_is_listed_fetched_identically_and_gone_after_done(
    vpcp: AxisClient, province: AxisClient
):
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])
    doc_id = vpcp.send_edoc(package)

    (message,) = province.received_list("edoc")
    assert (message.from_organ, message.to_organ, message.message_type) == (VPCP_ORGAN, H05, "edoc")
    assert message.status == "initial"
    assert province.count_received("edoc") == 1
    assert province.get_edoc(message.doc_id) == package
    assert province.download_edoc(message.doc_id) == package

    (before,) = vpcp.sent_list(doc_id)
    assert (before.to_organ, before.receive_status, before.received_time) == (H05, "initial", "")

    province.update_status(message.doc_id, "done")
    assert province.received_list("edoc") == []
    assert province.count_received("edoc") == 0

    (after,) = vpcp.sent_list(doc_id)
    assert (after.sender_doc_id, after.receiver_doc_id) == (doc_id, message.doc_id)
    assert (after.from_organ, after.to_organ, after.receive_status) == (VPCP_ORGAN, H05, "done")
    assert after.received_time
    assert after.title == "Về việc thử nghiệm"


def test_received_list_of_a_system_does_not_show_other_systems_messages(
    vpcp: AxisClient, province: AxisClient
):
    vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05]))
    assert vpcp.received_list("edoc") == []
    assert province.received_list("status") == []
    assert len(province.received_list("edoc")) == 1


def test_fail_acknowledgement_is_recorded_and_the_package_kept(vpcp: AxisClient, province: AxisClient):
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])
    doc_id = vpcp.send_edoc(package)
    (message,) = province.received_list()

    province.update_status(message.doc_id, "fail")

    assert province.received_list() == []
    (delivery,) = vpcp.sent_list(doc_id)
    assert delivery.receive_status == "fail"
    assert province.get_edoc(message.doc_id) == package


def test_processing_acknowledgement_keeps_the_message_listed(vpcp: AxisClient, province: AxisClient):
    vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05]))
    (message,) = province.received_list()
    province.update_status(message.doc_id, "processing")
    (still,) = province.received_list()
    assert (still.doc_id, still.status) == (message.doc_id, "processing")


def test_another_system_cannot_fetch_or_acknowledge_a_message_not_addressed_to_it(
    vpcp: AxisClient, province: AxisClient
):
    vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05]))
    (message,) = province.received_list()
    with pytest.raises(AxisPermanentError, match=f"no message with docId {message.doc_id}"):
        vpcp.get_edoc(message.doc_id)
    with pytest.raises(AxisPermanentError) as caught:
        vpcp.update_status(message.doc_id, "done")
    assert caught.value.http_status == 404
    assert len(province.received_list()) == 1


def test_a_center_sends_for_any_organization_it_serves(vpcp: AxisClient, province: AxisClient):
    package = packages.edoc(from_organ=H05_OFFICE, to_organs=[VPCP_ORGAN])
    province.send_edoc(package)
    (message,) = vpcp.received_list()
    assert (message.from_organ, message.to_organ) == (H05_OFFICE, VPCP_ORGAN)
    assert vpcp.get_edoc(message.doc_id) == package


def test_agencies_list_names_every_registered_organization(vpcp: AxisClient):
    agencies = {agency.code: agency for agency in vpcp.agencies_list()}
    assert set(agencies) == {VPCP_ORGAN, H05, H05_OFFICE}
    assert agencies[VPCP_ORGAN].name == "Văn phòng Chính phủ"
    assert agencies[H05_OFFICE].name == "Sở Nội vụ H05"
    assert agencies[VPCP_ORGAN].old_code == "G22"


def test_registered_agency_receives_documents_and_a_deleted_one_does_not(
    vpcp: AxisClient, province: AxisClient
):
    new_unit = "000.00.02.H05"
    province.register_agency(code=new_unit, name="Sở Tư pháp H05", parent_code=H05, mail="stp@h05.gov.vn")
    assert new_unit in {agency.code for agency in vpcp.agencies_list()}
    vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[new_unit]))
    assert [m.to_organ for m in province.received_list()] == [new_unit]

    province.delete_agency(new_unit)
    assert new_unit not in {agency.code for agency in vpcp.agencies_list()}
    with pytest.raises(AxisPermanentError, match=f"unknown recipient organization.*{new_unit}"):
        vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[new_unit]))


def test_a_system_cannot_take_or_delete_another_systems_organization(vpcp: AxisClient, province: AxisClient):
    with pytest.raises(AxisPermanentError, match=f"{H05} is already served by system h05.center"):
        vpcp.register_agency(code=H05, name="Tiếm danh")
    with pytest.raises(AxisPermanentError, match=f"{H05} is served by system h05.center"):
        vpcp.delete_agency(H05)
    assert H05 in {agency.code for agency in province.agencies_list()}
