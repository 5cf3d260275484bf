"""Answers of the local axis server and the fault that turns into an error answer.

The official SDK reads the JSON body whatever the HTTP status, needs ``status``, ``ErrorCode``
and ``ErrorDesc`` in every answer (``DocId`` too for sendEdoc), drops a whole list if it meets
a JSON null, and mis-decodes raw UTF-8 in sendEdoc answers: so answers never contain null and
are written with non-ASCII escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from interchange.axis.codes import STATUS_FAIL, STATUS_OK, ErrorCode

SUCCESS_TEXT = "Success"


@dataclass
class Answer:
    """One HTTP answer: a JSON object, or raw bytes for downloadEdoc."""

    body: dict[str, Any] | bytes
    http_status: int = 200
    content_type: str = "application/json; charset=UTF-8"
    close: bool = False
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        """The body as sent on the wire."""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(_without_nulls(self.body), ensure_ascii=True).encode("ascii")


def ok(**fields: Any) -> Answer:
    """A success answer with extra top-level fields (``data``, ``DocId``, ``count``...)."""
    return Answer({"status": STATUS_OK, "ErrorCode": ErrorCode.OK.value, "ErrorDesc": SUCCESS_TEXT, **fields})


class AxisFault(Exception):
    """A request the server refuses; becomes an error answer with a clear English message."""

    def __init__(self, code: ErrorCode, message: str, *, http_status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status

    def answer(self, *, with_doc_id: bool = False) -> Answer:
        """The error answer (``with_doc_id`` adds the empty ``DocId`` sendEdoc answers need)."""
        body: dict[str, Any] = {
            "status": STATUS_FAIL,
            "ErrorCode": self.code.value,
            "ErrorDesc": self.message,
        }
        if with_doc_id:
            body["DocId"] = ""
        return Answer(body, http_status=self.http_status)


def malformed(message: str) -> AxisFault:
    """A request whose headers, parameters or body cannot be understood."""
    return AxisFault(ErrorCode.MALFORMED_REQUEST, message, http_status=400)


def not_found(message: str) -> AxisFault:
    """A message, agency or path that does not exist for this caller."""
    return AxisFault(ErrorCode.NOT_FOUND, message, http_status=404)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value
