"""Hostile or broken requests are refused with a clear 4xx answer, and the server keeps serving."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from interchange.axis import wire
from interchange.axis.client import AxisClient, AxisPermanentError
from tests.axis import packages
from tests.axis.harness import (
    PROVINCE_ORGANS,
    VPCP_ORGAN,
    VPCP_SECRET,
    VPCP_SYSTEM,
    AxisProcess,
    client_for,
)

H05 = PROVINCE_ORGANS[0]

XXE = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE edXML [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>{VPCP_ORGAN}</OrganId><OrganName>&secret;</OrganName></From><To><OrganId>{H05}</OrganId></To>
</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>""".encode()

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "hahahahahahahaha">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b"]><edXML>&j;</edXML>"
)


def _still_serving(vpcp: AxisClient, province: AxisClient) -> None:
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])
    vpcp.send_edoc(package)
    assert [province.get_edoc(m.doc_id) for m in province.received_list()] == [package]


@pytest.mark.parametrize("package", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_package_with_a_doctype_is_refused(
    axis: AxisProcess, vpcp: AxisClient, province: AxisClient, package: bytes
):
    with pytest.raises(AxisPermanentError, match="DOCTYPE") as caught:
        vpcp.send_edoc(package, from_organ=VPCP_ORGAN)
    assert caught.value.error_code == "1005"
    assert province.received_list() == []
    _still_serving(vpcp, province)


def _signed(operation: str, params: dict[str, str], content_type: str = wire.JSON_CONTENT_TYPE):
    return wire.signed_headers(
        system_id=VPCP_SYSTEM,
        secret=VPCP_SECRET,
        content_type=content_type,
        params=params,
        timestamp="22112026T080000+0001",
    )


def test_declared_oversized_package_is_refused_before_its_body_is_sent(axis: AxisProcess):
    headers = _signed(
        "sendEdoc",
        {"from": VPCP_ORGAN, "servicetype": "eDoc", "messagetype": "edoc", "hash-file": "ab"},
        wire.PACKAGE_CONTENT_TYPE,
    )
    with socket.create_connection(("127.0.0.1", axis.port), timeout=10) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers)
        sock.sendall(
            f"POST /sendEdoc HTTP/1.1\r\nHost: x\r\n{head}Content-Length: {300 * 1024 * 1024}\r\n"
            "Expect: 100-continue\r\n\r\n".encode()
        )
        answer = sock.makefile("rb").read()  # the server answers and closes without a 100 Continue
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413")
    body = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert body["status"] == "FAIL" and "larger than the limit of 209715200 bytes" in body["ErrorDesc"]
    assert body["DocId"] == ""


def test_package_over_the_limit_is_refused_and_the_server_keeps_serving(
    axis_data: Path, register_systems: None
):
    server = AxisProcess(axis_data, args=["--max-package-bytes", "100000"]).start()
    try:
        with client_for(server, VPCP_SYSTEM, VPCP_SECRET) as vpcp:
            big = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05], subject="x" * 300_000)
            with pytest.raises(AxisPermanentError, match="larger than the limit of 100000 bytes") as caught:
                vpcp.send_edoc(big)
            assert caught.value.http_status == 413
            assert vpcp.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05]))
    finally:
        server.stop()


def test_body_not_matching_hash_file_is_refused(axis: AxisProcess, province: AxisClient):
    package = packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])
    headers = _signed(
        "sendEdoc",
        {
            "from": VPCP_ORGAN,
            "servicetype": "eDoc",
            "messagetype": "edoc",
            "hash-file": wire.hash_file(package),
        },
        wire.PACKAGE_CONTENT_TYPE,
    )
    tampered = package.replace("thử nghiệm".encode(), "giả mạo".encode())
    assert tampered != package
    status, raw = axis.raw_request("POST", "/sendEdoc", headers, tampered + b"\r\n")
    assert status == 422
    assert "hash-file does not match" in json.loads(raw)["ErrorDesc"]
    assert province.received_list() == []


@pytest.mark.parametrize(
    "body, reason",
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "must be a JSON object"), (b"\xff\xfe", "not valid JSON")],
)
def test_malformed_json_body_is_a_400(axis: AxisProcess, body: bytes, reason: str):
    status, raw = axis.raw_request("POST", "/registerAgency", _signed("registerAgency", {}), body)
    answer = json.loads(raw)
    assert status == 400 and answer["ErrorCode"] == "1001" and reason in answer["ErrorDesc"]


def test_missing_or_broken_signature_headers_are_4xx(axis: AxisProcess):
    headers = _signed("getAgenciesList", {})
    without_hash = [(k, v) for k, v in headers if k != wire.HASH_HEADER]
    status, raw = axis.raw_request("POST", "/getAgenciesList", without_hash, b"")
    assert status == 400 and f"missing header {wire.HASH_HEADER}" in json.loads(raw)["ErrorDesc"]

    status, raw = axis.raw_request("POST", "/getAgenciesList", [("Content-Type", "application/json")], b"")
    assert status == 400 and "missing header XroadVnpt-systemid" in json.loads(raw)["ErrorDesc"]

    garbage = "{not json"
    broken = [
        (
            k,
            garbage
            if k == wire.SIGN_HEADER
            else wire.sign(VPCP_SECRET, garbage)
            if k == wire.HASH_HEADER
            else v,
        )
        for k, v in headers
    ]
    status, raw = axis.raw_request("POST", "/getAgenciesList", broken, b"")
    assert status == 401 and "is not a JSON object" in json.loads(raw)["ErrorDesc"]


def test_protocol_errors_are_answered_in_json(axis: AxisProcess):
    status, raw = axis.raw_request("POST", "/noSuchOperation", _signed("noSuchOperation", {}), b"")
    assert status == 404 and "unknown axis operation" in json.loads(raw)["ErrorDesc"]
    status, raw = axis.raw_request("PUT", "/sendEdoc", [], b"")
    assert status == 501 and json.loads(raw)["status"] == "FAIL"
    status, raw = axis.raw_request(
        "POST", "/getAgenciesList", [("Transfer-Encoding", "chunked")], b"0\r\n\r\n"
    )
    assert status == 411
    status, raw = axis.raw_request("POST", "/getAgenciesList", [("Content-Length", "-5")], b"")
    assert status == 400 and "invalid Content-Length" in json.loads(raw)["ErrorDesc"]


def test_concurrent_senders_all_land(axis: AxisProcess, province: AxisClient):
    errors: list[BaseException] = []
    doc_ids: list[str] = []

    def sender() -> None:
        try:
            with client_for(axis, VPCP_SYSTEM, VPCP_SECRET) as client:
                for _ in range(5):
                    doc_ids.append(client.send_edoc(packages.edoc(from_organ=VPCP_ORGAN, to_organs=[H05])))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(set(doc_ids)) == 60
    assert len(province.received_list()) == 60
