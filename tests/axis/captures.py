"""The requests the official SDK sent, as recorded in the shared axis-wire fixtures."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import cache

import pytest

from tests.axis.harness import WIRE_FIXTURES

SYSTEM_ID = "vxp.test.01"
SECRET = "TestSecret/Key+123="
ORGAN = "000.00.00.G22"


@dataclass(frozen=True)
class Captured:
    """One captured request."""

    source: str
    seq: int
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def name(self) -> str:
        return f"{self.source}#{self.seq}{self.path}"

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def xroad(self) -> list[tuple[str, str]]:
        """The XroadVnpt-* headers in the order they were sent."""
        return [(k, v) for k, v in self.headers if k.lower().startswith("xroadvnpt-")]


@cache
def load(source: str) -> tuple[Captured, ...]:
    path = WIRE_FIXTURES / source
    if not path.exists():
        pytest.skip(f"shared fixture {path} is not available", allow_module_level=True)
    requests = []
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            requests.append(
                Captured(
                    source=source,
                    seq=row["seq"],
                    method=row["method"],
                    path=row["path"],
                    headers=[(k, v) for k, v in row["headers"]],
                    body=base64.b64decode(row["body_b64"]),
                )
            )
    return tuple(requests)


def all_requests() -> tuple[Captured, ...]:
    return load("capture.jsonl") + load("session.jsonl")
