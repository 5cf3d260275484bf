"""HTTP handling of the local axis: framing, faults, authentication, dispatch, error answers.

Every failure becomes a JSON answer with a clear English ``ErrorDesc``; nothing a client sends
can stop the server. A body the server did not read is drained (up to :data:`DRAIN_LIMIT`)
so that the client reads the answer instead of a reset connection; beyond that the
connection is closed after answering.
"""

from __future__ import annotations

import http
import json
import logging
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from interchange.axis.codes import STATUS_FAIL, STATUS_OK, ErrorCode
from interchange.axis.server.answers import Answer, AxisFault, malformed, not_found
from interchange.axis.server.auth import authenticate
from interchange.axis.server.context import MAX_JSON_BODY_BYTES, AxisApp, Call
from interchange.axis.server.routes import OPERATIONS, operation_name
from interchange.axis.server.sending import too_large

log = logging.getLogger(__name__)
access_log = logging.getLogger("interchange.axis.access")

DRAIN_LIMIT = 64 * 1024 * 1024
ADMIN_PREFIX = "/_"


class _Body:
    """The request body, readable up to its Content-Length and no further."""

    def __init__(self, rfile: Any, length: int) -> None:
        self._rfile = rfile
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self._rfile.read(size)
        self.remaining -= len(data)
        return data

    def drain(self, limit: int) -> bool:
        """Read and drop the rest of the body; False if it is too large to bother."""
        if self.remaining > limit:
            return False
        while self.remaining > 0:
            if not self.read(1024 * 1024):
                return False
        return True


class AxisRequestHandler(BaseHTTPRequestHandler):
    """Serves the axis operations and the ``/_faults`` and ``/_health`` admin endpoints."""

    protocol_version = "HTTP/1.1"
    server_version = "QLVB-local-axis/1.0"
    sys_version = ""
    timeout = 120  # seconds a connection may stay silent (idle keep-alive or a stalled body)
    disable_nagle_algorithm = True  # headers and body go in separate writes

    @property
    def app(self) -> AxisApp:
        return self.server.app  # type: ignore[attr-defined]

    # --- framing -------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def handle_expect_100(self) -> bool:
        """Refuse before the client sends a body the server would not take."""
        fault = self._early_fault()
        if fault is not None:
            self.close_connection = True
            self._send(fault.answer(with_doc_id=self._is_send()), close=True)
            return False
        return super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer protocol errors (bad request line, headers, method) in the JSON shape too."""
        text = message or http.HTTPStatus(code).phrase
        error = ErrorCode.MALFORMED_REQUEST if code < 500 else ErrorCode.INTERNAL_ERROR
        self.close_connection = True
        body = {"status": STATUS_FAIL, "ErrorCode": error.value, "ErrorDesc": f"HTTP {code}: {text}"}
        self._send(Answer(body, http_status=code, close=True))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (signature of the base class)
        access_log.debug("%s %s", self.address_string(), format % args)

    def _content_length(self) -> int:
        if self.headers.get("Transfer-Encoding"):
            raise AxisFault(
                ErrorCode.MALFORMED_REQUEST,
                "chunked request bodies are not supported: send a Content-Length",
                http_status=411,
            )
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit():
            raise malformed(f"invalid Content-Length {raw!r}")
        return int(raw)

    def _is_send(self) -> bool:
        return operation_name(urlsplit(self.path).path) == "sendEdoc"

    def _early_fault(self) -> AxisFault | None:
        """A refusal that needs neither the body nor the database."""
        path = urlsplit(self.path).path
        if path.startswith(ADMIN_PREFIX):
            return None
        if self.app.faults.settings.down:
            return AxisFault(ErrorCode.UNAVAILABLE, "the axis is down (fault injection)", http_status=503)
        try:
            length = self._content_length()
        except AxisFault as fault:
            return fault
        operation = OPERATIONS.get(operation_name(path))
        if operation is None:
            return not_found(f"unknown axis operation {path!r}")
        if operation.streams_body and length > self.app.max_package_bytes:
            return too_large(self.app.max_package_bytes)
        if not operation.streams_body and length > MAX_JSON_BODY_BYTES:
            return AxisFault(
                ErrorCode.MALFORMED_REQUEST,
                f"the request body is larger than {MAX_JSON_BODY_BYTES} bytes",
                http_status=413,
            )
        return None

    # --- dispatch ------------------------------------------------------------------------

    def _handle(self) -> None:
        started = time.monotonic()
        path = urlsplit(self.path).path
        name = operation_name(path)
        try:
            length = self._content_length()
        except AxisFault as fault:
            self.close_connection = True
            self._send(fault.answer(with_doc_id=name == "sendEdoc"), close=True)
            return
        body = _Body(self.rfile, length)
        try:
            if path.startswith(ADMIN_PREFIX):
                answer = self._admin(path, body)
            else:
                answer = self._axis_call(name, body)
        except AxisFault as fault:
            answer = fault.answer(with_doc_id=name == "sendEdoc")
        except (TimeoutError, ConnectionError) as exc:
            log.warning("%s %s: connection lost while reading the request: %s", self.command, path, exc)
            self.close_connection = True
            return
        except Exception:
            log.exception("%s %s failed", self.command, path)
            answer = AxisFault(
                ErrorCode.INTERNAL_ERROR, "internal error of the axis; try again later", http_status=500
            ).answer(with_doc_id=name == "sendEdoc")
        if not body.drain(DRAIN_LIMIT):
            answer.close = True
        self._send(answer)
        outcome = answer.body if isinstance(answer.body, dict) else {}
        reason = f" {outcome.get('ErrorDesc')}" if outcome.get("status") == STATUS_FAIL else ""
        log.info(
            "%s %s -> %d ErrorCode %s%s (%.0f ms)",
            self.command,
            path,
            answer.http_status,
            outcome.get("ErrorCode", "-"),
            reason,
            (time.monotonic() - started) * 1000,
        )

    def _axis_call(self, name: str, body: _Body) -> Answer:
        fault = self._early_fault()
        if fault is not None:
            if self.app.faults.settings.down:
                self.close_connection = True
                answer = fault.answer(with_doc_id=name == "sendEdoc")
                answer.close = True
                return answer
            raise fault
        operation = OPERATIONS[name]
        settings = self.app.faults.settings
        if settings.latency_ms:
            time.sleep(settings.latency_ms / 1000)
        if operation.may_fail:
            status = self.app.faults.draw_failure()
            if status is not None:
                raise AxisFault(
                    ErrorCode.UNAVAILABLE,
                    f"simulated failure of the axis (fault injection, HTTP {status})",
                    http_status=status,
                )
        system_id, params = authenticate(self.app.database, self.headers.get)
        call = Call(system_id=system_id, params=params, content_length=body.remaining, rfile=body)  # type: ignore[arg-type]
        if not operation.streams_body:
            call.json_body = call.read_json()
        return operation.run(self.app, call)

    def _admin(self, path: str, body: _Body) -> Answer:
        if path == "/_health":
            return Answer({"status": STATUS_OK})
        if path != "/_faults" or not self.app.fault_control:
            raise not_found(f"unknown admin path {path!r}")
        if self.command == "POST":
            if body.remaining > 64 * 1024:
                raise malformed("the fault settings are too large")
            raw = body.read()
            try:
                changes = json.loads(raw.decode("utf-8") or "{}")
            except (UnicodeDecodeError, ValueError) as exc:
                raise malformed(f"the fault settings are not valid JSON: {exc}") from None
            if not isinstance(changes, dict):
                raise malformed("the fault settings must be a JSON object")
            try:
                settings = self.app.faults.update(changes)
            except ValueError as exc:
                raise malformed(str(exc)) from None
            log.warning("fault settings changed: %s", settings.as_dict())
        return Answer({"status": STATUS_OK, "faults": self.app.faults.settings.as_dict()})

    # --- output --------------------------------------------------------------------------

    def _send(self, answer: Answer, *, close: bool = False) -> None:
        payload = answer.encode()
        try:
            self.send_response(answer.http_status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if close or answer.close or self.close_connection:
                self.close_connection = True
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError, TimeoutError) as exc:
            log.info("client went away before the answer was sent: %s", exc)
            self.close_connection = True
