"""Client of the national document interchange axis (pure Python, no Django).

It speaks the protocol of the official SDK byte for byte: same paths, same signed
``XroadVnpt-*`` headers in the same order, same bodies, same User-Agent (see ``wire``), so the
real axis cannot tell it apart. Answers are checked and failures raised as
:class:`AxisTransientError` (try again later) or :class:`AxisPermanentError` (will not
succeed as is), both with the axis' raw answer.

    client = AxisClient("https://axis.example/api", system_id="vxp.saas.03", secret="...")
    doc_id = client.send_edoc(package_bytes)
    for message in client.received_list("edoc"):
        package = client.get_edoc(message.doc_id)
        ...  # store it, then
        client.update_status(message.doc_id, "done")

One client holds one keep-alive connection and is not thread-safe: use one per worker.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable, Sequence
from typing import Any

from interchange.axis import wire
from interchange.axis.codes import ACK_STATUSES, MESSAGE_TYPES, STATUS_FAIL, TRANSIENT_CODES
from interchange.axis.errors import AxisError, AxisPermanentError, AxisTransientError
from interchange.axis.header import PackageError, read_header
from interchange.axis.results import Agency, ReceivedMessage, SentDelivery
from interchange.axis.transport import Request, Response, Transport

__all__ = [
    "AxisClient",
    "AxisError",
    "AxisPermanentError",
    "AxisTransientError",
    "Agency",
    "ReceivedMessage",
    "SentDelivery",
]

SERVICE_TYPE = "eDoc"
EMPTY_JSON = b"{}"


class AxisClient:
    """Calls the axis operations as one connected system (``system_id`` + ``secret``)."""

    def __init__(
        self,
        endpoint: str,
        *,
        system_id: str,
        secret: str,
        connect_timeout: float = 10.0,
        read_timeout: float = 120.0,
        file_path: str = ".",
        clock: Callable[[], datetime.datetime] = datetime.datetime.now,
    ) -> None:
        """``file_path`` is sent with getEdoc as the SDK does (the axis ignores it); ``clock``
        gives the request timestamps."""
        self.system_id = system_id
        self._secret = secret
        self._file_path = file_path
        self._clock = clock
        self._transport = Transport(endpoint, connect_timeout=connect_timeout, read_timeout=read_timeout)

    def close(self) -> None:
        """Close the connection."""
        self._transport.close()

    def __enter__(self) -> AxisClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- building requests ---------------------------------------------------------------

    def prepare(
        self,
        operation: str,
        params: dict[str, str],
        *,
        body: bytes | None = b"",
        content_type: str = wire.JSON_CONTENT_TYPE,
        method: str = "POST",
    ) -> Request:
        """Build the signed request of one operation (``params`` in the SDK's insertion order)."""
        headers = wire.signed_headers(
            system_id=self.system_id,
            secret=self._secret,
            content_type=content_type,
            params=params,
            timestamp=wire.sdk_timestamp(self._clock()),
        )
        return Request(operation, method, self._transport.path_of(operation), headers, body)

    def prepare_send(
        self,
        package: bytes,
        *,
        message_type: str,
        from_organ: str | None = None,
        to: Sequence[str] | None = None,
    ) -> Request:
        """Build a sendEdoc request: the package plus CRLF, tied to the signature by ``hash-file``."""
        if message_type not in MESSAGE_TYPES:
            raise ValueError(f"message_type must be 'edoc' or 'status', not {message_type!r}")
        if from_organ is None:
            try:
                from_organ = read_header(package).from_organ
            except PackageError as exc:
                raise AxisPermanentError(
                    f"sendEdoc: cannot read the package's From: {exc}", operation="sendEdoc"
                ) from None
        params = {"from": from_organ, "servicetype": SERVICE_TYPE, "messagetype": message_type}
        if to:
            params["to"] = json.dumps(list(to), separators=(",", ":"))
        params["hash-file"] = wire.hash_file(package)
        return self.prepare(
            "sendEdoc", params, body=package + b"\r\n", content_type=wire.PACKAGE_CONTENT_TYPE
        )

    # --- operations ----------------------------------------------------------------------

    def send_edoc(
        self, package: bytes, *, from_organ: str | None = None, to: Sequence[str] | None = None
    ) -> str:
        """Send a document package; return the DocId the axis gave it.

        ``from_organ`` defaults to the package's From/OrganId; ``to`` (optional) restricts the
        recipients to those OrganIds instead of the package's To list.
        """
        return self._send(self.prepare_send(package, message_type="edoc", from_organ=from_organ, to=to))

    def send_status(self, package: bytes, *, from_organ: str | None = None) -> str:
        """Send a status message package; return its DocId."""
        return self._send(self.prepare_send(package, message_type="status", from_organ=from_organ))

    def _send(self, request: Request) -> str:
        answer = self._call(request)
        doc_id = answer.get("DocId")
        if not isinstance(doc_id, str) or not doc_id:
            raise self._protocol_error(request, "the answer has no DocId")
        return doc_id

    def received_list(self, message_type: str = "edoc") -> list[ReceivedMessage]:
        """Messages of one type (``edoc`` or ``status``) waiting for our organizations."""
        params = {"servicetype": SERVICE_TYPE, "messagetype": _message_type(message_type)}
        request = self.prepare("getReceivedEdocList", params)
        return [ReceivedMessage.from_item(item) for item in self._data_list(request)]

    def count_received(self, message_type: str = "edoc") -> int:
        """How many messages of one type are waiting."""
        operation = "countReceiveEdoc" if _message_type(message_type) == "edoc" else "countReceiveStatus"
        request = self.prepare(operation, {}, body=EMPTY_JSON)
        answer = self._call(request)
        try:
            return int(answer["count"])
        except (KeyError, TypeError, ValueError):
            raise self._protocol_error(request, "the answer has no numeric count") from None

    def get_edoc(self, doc_id: str) -> bytes:
        """The bytes of a received message, exactly as the sender sent them."""
        request = self.prepare("getEdoc", {"filePath": self._file_path, "docId": doc_id}, body=EMPTY_JSON)
        answer = self._call(request)
        data = answer.get("data")
        if not isinstance(data, str):
            raise self._protocol_error(request, "the answer has no base64 data")
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise self._protocol_error(request, "the answer's data is not valid base64") from None

    def download_edoc(self, doc_id: str) -> bytes:
        """The bytes of a received message, fetched raw (GET /downloadEdoc)."""
        params = {"filePath": self._file_path, "docId": doc_id}
        request = self.prepare("downloadEdoc", params, body=None, method="GET")
        response = self._transport.send(request)
        if response.status == 200 and "json" not in response.content_type:
            return response.body
        self._check(request, response)
        raise self._protocol_error(request, "the answer is JSON, not the package")

    def update_status(self, doc_id: str, status: str) -> None:
        """Acknowledge a received message: ``done`` (stored) or ``fail`` (could not be taken)."""
        if status not in ACK_STATUSES:
            raise ValueError(f"status must be one of {', '.join(sorted(ACK_STATUSES))}, not {status!r}")
        self._call(self.prepare("updateStatus", {"status": status, "docId": doc_id}, body=EMPTY_JSON))

    def sent_list(self, doc_id: str | None = None, *, message_type: str = "edoc") -> list[SentDelivery]:
        """Per-recipient delivery state of what we sent (of one DocId when given)."""
        params = {"servicetype": SERVICE_TYPE, "messagetype": _message_type(message_type)}
        if doc_id:
            params["docId"] = doc_id
        request = self.prepare("getSentEdocList", params)
        return [SentDelivery.from_item(item) for item in self._data_list(request)]

    def agencies_list(self) -> list[Agency]:
        """Every organization reachable on the axis."""
        return [Agency.from_item(item) for item in self._data_list(self.prepare("getAgenciesList", {}))]

    def register_agency(
        self, *, code: str, name: str, parent_code: str = "", mail: str = "", mobile: str = "", fax: str = ""
    ) -> None:
        """Register (or update) an organization served by our system."""
        data = {
            "id": "",
            "pid": parent_code,
            "code": code,
            "name": name,
            "mail": mail,
            "mobile": mobile,
            "fax": fax,
        }
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        self._call(self.prepare("registerAgency", {}, body=body))

    def delete_agency(self, code: str) -> None:
        """Remove one of our organizations from the axis."""
        self._call(self.prepare("deleteAgency", {"AgencyCode": code}, body=EMPTY_JSON))

    # --- answers -------------------------------------------------------------------------

    def _call(self, request: Request) -> dict[str, Any]:
        return self._check(request, self._transport.send(request))

    def _data_list(self, request: Request) -> list[dict[str, Any]]:
        data = self._call(request).get("data")
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise self._protocol_error(request, "the answer's data is not a list of objects")
        return data

    def _check(self, request: Request, response: Response) -> dict[str, Any]:
        """Return the answer if it is a success; raise the matching error otherwise."""
        answer = _json_object(response.body)
        status = response.status
        details = {
            "operation": request.operation,
            "http_status": status,
            "raw_answer": response.body,
            "answer": answer,
        }
        if answer is None:
            summary = f"{request.operation}: the axis answered HTTP {status} without a JSON object"
            if status >= 500 or status == 429 or 200 <= status < 300:
                raise AxisTransientError(summary, **details)
            raise AxisPermanentError(summary, **details)
        code = "" if answer.get("ErrorCode") is None else str(answer.get("ErrorCode"))
        failed = str(answer.get("status", "")).upper() == STATUS_FAIL or code != "0"
        if not failed and status < 400:
            return answer
        reason = str(answer.get("ErrorDesc") or "no reason given")
        message = f"{request.operation} failed (HTTP {status}, ErrorCode {code or '-'}): {reason}"
        if status >= 500 or status == 429 or code in TRANSIENT_CODES:
            raise AxisTransientError(message, error_code=code, **details)
        raise AxisPermanentError(message, error_code=code, **details)

    @staticmethod
    def _protocol_error(request: Request, what: str) -> AxisPermanentError:
        return AxisPermanentError(
            f"{request.operation}: unexpected answer from the axis: {what}", operation=request.operation
        )


def _message_type(value: str) -> str:
    if value not in MESSAGE_TYPES:
        raise ValueError(f"message_type must be 'edoc' or 'status', not {value!r}")
    return value


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None
