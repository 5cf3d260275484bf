"""The client sends what the official SDK sends, and reads what the SDK was answered.

A recording HTTP server answers each call with the answer of the captured SDK request; the
request our client made must equal the captured one: method, path, every XroadVnpt-* header in
the same order with the same value, Content-Type, User-Agent and body.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from interchange.axis.client import AxisClient
from tests.axis import captures
from tests.axis.captures import SECRET, SYSTEM_ID, Captured
from tests.axis.harness import EDXML_FIXTURES

CAPTURED = {r.seq: r for r in captures.load("capture.jsonl")}
PACKAGE = (EDXML_FIXTURES / "edoc_new.edxml").read_bytes()


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _RecordingHandler)
        self.seen: list[Captured] = []
        self.answers: dict[str, tuple[str, bytes]] = {}


class _RecordingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server: Recorder = self.server  # type: ignore[assignment]
        server.seen.append(
            Captured("client", len(server.seen), self.command, self.path, list(self.headers.items()), body)
        )
        content_type, answer = server.answers[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = _record

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _answer_of(captured: Captured) -> tuple[str, bytes]:
    row = next(
        json.loads(line)
        for line in (captures.WIRE_FIXTURES / "capture.jsonl").read_text().splitlines()
        if json.loads(line)["seq"] == captured.seq
    )
    if captured.path == "/downloadEdoc":
        return "application/octet-stream", PACKAGE
    return "application/json; charset=UTF-8", json.dumps(row["response"]["body"]).encode()


def _client_at(recorder: Recorder, captured: Captured) -> AxisClient:
    stamp = captured.header("XroadVnpt-timestamp")
    moment = datetime.datetime.strptime(stamp[:15], "%d%m%YT%H%M%S").replace(
        microsecond=int(stamp[16:]) * 1000
    )
    return AxisClient(
        f"http://127.0.0.1:{recorder.server_address[1]}",
        system_id=SYSTEM_ID,
        secret=SECRET,
        file_path=captured.header("XroadVnpt-filePath") or ".",
        clock=lambda: moment,
    )


DOC_ID = "7a3c0d6e-1111-4b7e-9a59-5d2a0f1e0001"
STATUS_PACKAGE = CAPTURED[2].body[:-2]

# capture seq -> (call on the client, check of what it returned)
CALLS: dict[int, tuple[Callable[[AxisClient], Any], Callable[[Any], bool]]] = {
    1: (lambda c: c.send_edoc(PACKAGE), lambda r: r == "5971af3d-710f-476e-a6d0-6f17602c3e50"),
    2: (
        lambda c: c.send_status(STATUS_PACKAGE, from_organ="000.00.00.G22"),
        lambda r: r.startswith("5a4f521d"),
    ),
    3: (
        lambda c: c.received_list("edoc"),
        lambda r: [m.from_organ for m in r] == ["000.00.00.G22", "000.00.00.H14"],
    ),
    4: (lambda c: c.received_list("status"), lambda r: {m.message_type for m in r} == {"status"}),
    5: (lambda c: c.get_edoc(DOC_ID), lambda r: r == PACKAGE),
    6: (lambda c: c.download_edoc(DOC_ID), lambda r: r == PACKAGE),
    7: (lambda c: c.update_status(DOC_ID, "done"), lambda r: r is None),
    8: (lambda c: c.update_status(DOC_ID, "fail"), lambda r: r is None),
    9: (
        lambda c: c.sent_list(DOC_ID),
        lambda r: r[0].receiver_doc_id == "r-1" and r[0].receive_status == "done",
    ),
    10: (lambda c: c.count_received("edoc"), lambda r: r == 2),
    11: (lambda c: c.count_received("status"), lambda r: r == 2),
    12: (lambda c: c.agencies_list(), lambda r: [a.code for a in r] == ["000.00.00.G22", "000.00.00.H41"]),
    15: (
        lambda c: c.register_agency(
            code="000.00.99.G22",
            name="Đơn vị thử nghiệm",
            parent_code="000.00.00.G22",
            mail="test@gov.vn",
            mobile="0912000003",
            fax="0243000000",
        ),
        lambda r: r is None,
    ),
    16: (lambda c: c.delete_agency("000.00.99.G22"), lambda r: r is None),
}


@pytest.mark.parametrize("seq", sorted(CALLS), ids=lambda s: f"{s}{CAPTURED[s].path}")
def test_client_request_equals_the_sdk_request(recorder: Recorder, seq: int) -> None:
    captured = CAPTURED[seq]
    recorder.answers[captured.path] = _answer_of(captured)
    call, check = CALLS[seq]
    with _client_at(recorder, captured) as client:
        result = call(client)
    (sent,) = recorder.seen
    assert (sent.method, sent.path) == (captured.method, captured.path)
    assert sent.xroad() == captured.xroad()
    assert sent.header("Content-Type") == captured.header("Content-Type")
    assert sent.header("User-Agent") == captured.header("User-Agent")
    assert sent.body == captured.body
    assert check(result), result


def test_client_reuses_one_connection_for_successive_calls(recorder: Recorder) -> None:
    captured = CAPTURED[10]
    recorder.answers[captured.path] = _answer_of(captured)
    ports = set()
    original = _RecordingHandler._record

    def record_port(handler: _RecordingHandler) -> None:
        ports.add(handler.client_address[1])
        original(handler)

    _RecordingHandler.do_POST = record_port  # type: ignore[method-assign]
    try:
        with _client_at(recorder, captured) as client:
            assert [client.count_received() for _ in range(3)] == [2, 2, 2]
    finally:
        _RecordingHandler.do_POST = original  # type: ignore[method-assign]
    assert len(recorder.seen) == 3
    assert len(ports) == 1
