"""Status messages go back to the sender of the document they answer."""

from __future__ import annotations

import pytest

from interchange.axis.client import AxisClient, AxisPermanentError
from tests.axis import packages
from tests.axis.harness import PROVINCE_ORGANS, VPCP_ORGAN, AxisProcess

H05, H05_OFFICE = PROVINCE_ORGANS


def _send_document(vpcp: AxisClient, to: str = H05) -> str:
    document_id = packages.new_document_id(VPCP_ORGAN)
    vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[to], document_id=document_id))
    return document_id


def test_status_from_the_recipient_is_forwarded_to_the_sender(vpcp: AxisClient, province: AxisClient):
    document_id = _send_document(vpcp)
    status = packages.status(
        from_organ=H05, response_for_organ=VPCP_ORGAN, response_for_document_id=document_id, status_code="03"
    )

    province.send_status(status)

    (message,) = vpcp.received_list("status")
    assert (message.from_organ, message.to_organ, message.message_type) == (H05, VPCP_ORGAN, "status")
    assert vpcp.get_edoc(message.doc_id) == status
    assert vpcp.received_list("edoc") == []
    vpcp.update_status(message.doc_id, "done")
    assert vpcp.received_list("status") == []


def test_status_goes_to_the_documents_real_sender_even_if_response_for_names_another(
    vpcp: AxisClient, province: AxisClient
):
    document_id = _send_document(vpcp)
    # ResponseFor/OrganId is wrong (names the province itself); the DocumentId identifies the sender.
    province.send_status(
        packages.status(from_organ=H05_OFFICE, response_for_organ=H05, response_for_document_id=document_id)
    )
    assert [m.to_organ for m in vpcp.received_list("status")] == [VPCP_ORGAN]
    assert province.received_list("status") == []


def test_status_for_a_document_unknown_to_the_axis_follows_response_for_organ(
    vpcp: AxisClient, province: AxisClient
):
    province.send_status(
        packages.status(
            from_organ=H05,
            response_for_organ=VPCP_ORGAN,
            response_for_document_id="000.00.00.G22,2020/01/01,1/VPCP",
        )
    )
    assert [m.from_organ for m in vpcp.received_list("status")] == [H05]


def test_status_with_no_known_addressee_is_refused(province: AxisClient):
    status = packages.status(
        from_organ=H05,
        response_for_organ="000.00.00.Z99",
        response_for_document_id="000.00.00.Z99,2020/01/01,1/X",
    )
    with pytest.raises(AxisPermanentError, match="000.00.00.Z99"):
        province.send_status(status)


def test_dropped_status_fault_accepts_but_never_forwards(
    axis: AxisProcess, vpcp: AxisClient, province: AxisClient
):
    document_id = _send_document(vpcp)
    status = packages.status(
        from_organ=H05, response_for_organ=VPCP_ORGAN, response_for_document_id=document_id
    )
    axis.set_faults(drop_status=True)

    assert province.send_status(status)
    assert vpcp.received_list("status") == []

    axis.set_faults(drop_status=False)
    province.send_status(status)
    assert len(vpcp.received_list("status")) == 1
