"""The local axis accepts the requests the official SDK sent, and answers in a shape the SDK reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.axis import captures
from tests.axis.captures import ORGAN, SECRET, SYSTEM_ID, Captured
from tests.axis.harness import AxisProcess, add_system, client_for

# What the SDK needs in the items of each list answer (AXIS-WIRE.md, section 3).
LIST_KEYS = {
    "/getReceivedEdocList": {
        "docId",
        "serviceType",
        "messageType",
        "created_time",
        "updated_time",
        "from",
        "to",
        "status",
        "status_desc",
    },
    "/getSentEdocList": {
        "serviceType",
        "receiverDocId",
        "toCode",
        "receiveStatus",
        "title",
        "messageType",
        "notation",
        "sentTime",
        "sendStatus",
        "sendStatusDesc",
        "senderDocId",
        "fromCode",
        "receiveStatusDesc",
    },
    "/getAgenciesList": {"code", "id", "mail", "name", "pid", "oldCode"},
    "/getAgenciesListQD20": {"code", "id", "mail", "name", "code102"},
    "/getSynchronizeUnit": {
        "code",
        "id",
        "mail",
        "name",
        "pid",
        "version",
        "centerCode",
        "deleted",
        "modifyDate",
        "isAgency",
    },
}


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def assert_sdk_readable(path: str, raw: bytes) -> dict[str, Any]:
    """Check an answer against what the official SDK needs to parse it; return it."""
    assert raw.isascii(), "non-ASCII must be escaped in answers"
    answer = json.loads(raw)
    assert isinstance(answer, dict)
    assert not _has_null(answer)
    for key in ("status", "ErrorCode", "ErrorDesc"):
        assert isinstance(answer.get(key), str), key
    if path == "/sendEdoc":
        assert isinstance(answer.get("DocId"), str)
    if answer["ErrorCode"] == "0" and path in LIST_KEYS:
        assert isinstance(answer["data"], list)
        for item in answer["data"]:
            assert LIST_KEYS[path] <= set(item), LIST_KEYS[path] - set(item)
    if answer["ErrorCode"] == "0" and path.startswith("/countReceive"):
        assert isinstance(answer["count"], int)
    return answer


@pytest.fixture
def sdk_axis(tmp_path: Path):
    """An axis where the captured SDK system serves G22 (its own) and H41 (the status author)."""
    data = tmp_path / "axis"
    add_system(
        data, SYSTEM_ID, SECRET, [ORGAN, "000.00.00.H41"], ["Văn phòng Chính phủ", "UBND Tỉnh Nghệ An"]
    )
    add_system(data, "h14.center", "other-secret", ["000.00.00.H14"])
    server = AxisProcess(data).start()
    yield server
    server.stop()


def _replay(server: AxisProcess, request: Captured) -> tuple[int, bytes]:
    return server.raw_request(request.method, request.path, request.headers, request.body)


def test_replayed_capture_is_accepted_and_answered_in_the_sdk_shape(sdk_axis: AxisProcess) -> None:
    answers = {}
    for request in captures.load("capture.jsonl"):
        status, raw = _replay(sdk_axis, request)
        answer = assert_sdk_readable(request.path, raw)
        assert answer["ErrorCode"] != "1002", f"{request.name} failed authentication: {answer}"
        answers[request.seq] = (status, answer)

    def ok(seq: int) -> dict[str, Any]:
        status, answer = answers[seq]
        assert (status, answer["status"], answer["ErrorCode"]) == (200, "OK", "0"), answer
        return answer

    assert ok(1)["DocId"] and ok(2)["DocId"] and ok(1)["DocId"] != ok(2)["DocId"]
    # The document went to H41 (served by this system); the status of H41 went back to G22.
    assert [(m["from"], m["to"], m["messageType"]) for m in ok(3)["data"]] == [
        ("000.00.00.G22", "000.00.00.H41", "edoc")
    ]
    assert [(m["from"], m["to"], m["messageType"]) for m in ok(4)["data"]] == [
        ("000.00.00.H41", "000.00.00.G22", "status")
    ]
    # The captured doc ids were given by another server: authenticated, then not found.
    for seq in (5, 6, 7, 8):
        status, answer = answers[seq]
        assert (status, answer["status"], answer["ErrorCode"]) == (404, "FAIL", "1007"), answer
        assert "7a3c0d6e-1111-4b7e-9a59-5d2a0f1e0001" in answer["ErrorDesc"]
    assert ok(9)["data"] == []
    assert ok(10)["count"] == 1 and ok(11)["count"] == 1
    assert [a["code"] for a in ok(12)["data"]] == ["000.00.00.G22", "000.00.00.H41", "000.00.00.H14"]
    assert [a["code"] for a in ok(13)["data"]] == ["000.00.00.G22", "000.00.00.H41", "000.00.00.H14"]
    assert {a["centerCode"] for a in ok(14)["data"]} == {SYSTEM_ID, "h14.center"}
    ok(15)
    ok(16)
    # registerAgency then deleteAgency: the unit is listed as deleted for synchronisation.
    sync = next(r for r in captures.load("capture.jsonl") if r.path == "/getSynchronizeUnit")
    units = assert_sdk_readable(sync.path, _replay(sdk_axis, sync)[1])["data"]
    assert {"code": "000.00.99.G22", "deleted": True, "centerCode": SYSTEM_ID}.items() <= next(
        u for u in units if u["code"] == "000.00.99.G22"
    ).items()


def test_replayed_session_with_carried_over_parameters_is_served(sdk_axis: AxisProcess) -> None:
    """The SDK keeps sending stale hash-file, docId and status on later calls: they must not matter."""
    results = []
    for request in captures.load("session.jsonl"):
        status, raw = _replay(sdk_axis, request)
        results.append((request.path, status, assert_sdk_readable(request.path, raw)))
    by_path = {}
    for path, status, answer in results:
        by_path.setdefault(path, []).append((status, answer))
    (send,) = by_path["/sendEdoc"]
    assert send[1]["ErrorCode"] == "0"
    edoc_list, status_list = by_path["/getReceivedEdocList"]
    # The stale XroadVnpt-status: done on the status list is not applied as a filter.
    assert [m["to"] for m in edoc_list[1]["data"]] == ["000.00.00.H41"]
    assert status_list[1] == {"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success", "data": []}
    assert by_path["/getEdoc"][0][1]["ErrorCode"] == "1007"
    assert by_path["/updateStatus"][0][1]["ErrorCode"] == "1007"
    assert by_path["/getAgenciesList"][0][1]["ErrorCode"] == "0"


def test_the_sdk_body_crlf_is_not_part_of_the_stored_package(sdk_axis: AxisProcess) -> None:
    request = captures.load("capture.jsonl")[0]
    assert _replay(sdk_axis, request)[0] == 200
    list_request = next(r for r in captures.load("capture.jsonl") if r.path == "/getReceivedEdocList")
    (item,) = json.loads(_replay(sdk_axis, list_request)[1])["data"]
    with client_for(sdk_axis, SYSTEM_ID, SECRET) as client:
        assert client.get_edoc(item["docId"]) == request.body[:-2]
