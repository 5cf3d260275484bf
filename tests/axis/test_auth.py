"""Who may call the axis, and as which organization."""

from __future__ import annotations

import pytest

from interchange.axis.client import AxisClient, AxisPermanentError
from tests.axis import packages
from tests.axis.harness import PROVINCE_ORGANS, VPCP_ORGAN, VPCP_SYSTEM, AxisProcess, client_for

H05 = PROVINCE_ORGANS[0]


def test_wrong_secret_is_refused_with_a_signature_error(axis: AxisProcess, province: AxisClient):
    with client_for(axis, VPCP_SYSTEM, "not-the-secret") as impostor:
        with pytest.raises(AxisPermanentError) as caught:
            impostor.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05]))
        with pytest.raises(AxisPermanentError, match="signature check failed for system 'vpcp.local'"):
            impostor.received_list()
    error = caught.value
    assert error.permanent and error.http_status == 401 and error.error_code == "1002"
    assert b"signature check failed" in error.raw_answer
    assert error.answer is not None and error.answer["DocId"] == ""
    assert province.received_list() == []


def test_unknown_system_is_refused(axis: AxisProcess):
    with client_for(axis, "vxp.nobody", "whatever") as stranger:
        with pytest.raises(AxisPermanentError, match="unknown system id 'vxp.nobody'"):
            stranger.agencies_list()


def test_sender_may_not_send_as_an_organization_of_another_system(vpcp: AxisClient, province: AxisClient):
    forged = packages.edoc(from_organ=H05, to_organs=[VPCP_ORGAN])
    with pytest.raises(AxisPermanentError) as caught:
        vpcp.send_edoc(forged, from_organ=VPCP_ORGAN)  # the header claims G22; the package says H05
    assert "From organization 000.00.00.H05 is not registered for system vpcp.local" in str(caught.value)
    assert caught.value.error_code == "1003"
    assert vpcp.received_list() == []
    assert province.sent_list() == []


def test_package_that_is_not_edxml_is_refused(vpcp: AxisClient):
    with pytest.raises(AxisPermanentError, match="not well-formed XML"):
        vpcp.send_edoc(b"%PDF-1.7 not a package", from_organ=VPCP_ORGAN)
    with pytest.raises(AxisPermanentError, match="root element is <html>"):
        vpcp.send_edoc(b"<html><body/></html>", from_organ=VPCP_ORGAN)
