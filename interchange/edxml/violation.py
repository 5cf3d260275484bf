"""One rule broken by a message, with the element it concerns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Violation:
    # Element path from the root's child, e.g. "edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId".
    path: str
    # English, one sentence.
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message
