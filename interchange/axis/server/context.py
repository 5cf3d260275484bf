"""What an operation of the local axis works with: the server's state and the current call."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from interchange.axis import wire
from interchange.axis.server.answers import malformed
from interchange.axis.server.blobs import CHUNK_SIZE, BlobStore, Upload
from interchange.axis.server.database import Database
from interchange.axis.server.faults import Faults

DEFAULT_MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_JSON_BODY_BYTES = 1024 * 1024


@dataclass
class AxisApp:
    """The server's state, shared by every request thread."""

    database: Database
    blobs: BlobStore
    faults: Faults
    max_package_bytes: int = DEFAULT_MAX_PACKAGE_BYTES
    # ``/_faults`` (changing the injected faults over HTTP, without credentials) exists only when the
    # operator turns it on (AXIS_FAULT_CONTROL=1 for ``serve``): tests and drills, never production.
    fault_control: bool = False


@dataclass
class Call:
    """One authenticated axis call: who calls, with which signed parameters, and its body."""

    system_id: str
    params: dict[str, str]
    content_length: int
    rfile: BinaryIO
    body_read: bool = field(default=False)
    json_body: dict[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> str | None:
        """A signed parameter by name, ignoring case; None if it was not sent."""
        return wire.parameter(self.params, name)

    def require(self, name: str) -> str:
        """A signed parameter that must be present and not empty."""
        value = (self.param(name) or "").strip()
        if not value:
            raise malformed(f"missing signed parameter XroadVnpt-{name}")
        return value

    def read_bytes(self, limit: int = MAX_JSON_BODY_BYTES) -> bytes:
        """Read the whole (small) body."""
        if self.content_length > limit:
            raise malformed(f"the request body is larger than {limit} bytes")
        self.body_read = True
        return self.rfile.read(self.content_length) if self.content_length else b""

    def read_json(self) -> dict[str, Any]:
        """Read the body as a JSON object; an empty body is an empty object."""
        raw = self.read_bytes()
        if not raw.strip():
            return {}
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise malformed(f"the request body is not valid JSON: {exc}") from None
        if not isinstance(value, dict):
            raise malformed("the request body must be a JSON object")
        return value

    def stream_into(self, upload: Upload) -> None:
        """Copy the body into an upload, chunk by chunk."""
        self.body_read = True
        remaining = self.content_length
        while remaining > 0:
            chunk = self.rfile.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                raise malformed(f"the body ended {remaining} bytes before its Content-Length")
            upload.write(chunk)
            remaining -= len(chunk)
