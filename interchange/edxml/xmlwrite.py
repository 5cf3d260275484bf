"""A small writer for the exact text form of the official builder's output.

The official builder pretty-prints: ``<?xml … encoding="UTF-8"?>``, two-space indent,
CRLF line ends everywhere, ``<Tag />`` for empty elements, text trimmed, and only ``& < >``
escaped in text. Writing lines ourselves reproduces that byte for byte, which a generic
serializer does not.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from .errors import BuildError

CRLF = "\r\n"
INDENT = "  "
# Characters XML 1.0 allows; anything else cannot be sent.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape_text(value: str, where: str) -> str:
    if _NOT_XML_CHAR.search(value):
        raise BuildError(f"{where}: text contains a character that XML cannot carry")
    # A bare CR would come back as LF after parsing; the reference keeps it.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")


def escape_attribute(value: str, where: str) -> str:
    return escape_text(value, where).replace('"', "&quot;").replace("\t", "&#x9;").replace("\n", "&#xA;")


class LineWriter:
    """Accumulates indented lines; ``flush`` writes them as UTF-8 to the output."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.lines: list[str] = []

    def raw(self, text: str) -> None:
        self.lines.append(text)

    def start(self, depth: int, tag: str, attributes: str = "") -> None:
        self.lines.append(f"{INDENT * depth}<{tag}{attributes}>{CRLF}")

    def end(self, depth: int, tag: str) -> None:
        self.lines.append(f"{INDENT * depth}</{tag}>{CRLF}")

    def empty(self, depth: int, tag: str, attributes: str = "") -> None:
        self.lines.append(f"{INDENT * depth}<{tag}{attributes} />{CRLF}")

    def leaf(self, depth: int, tag: str, value: object | None) -> None:
        """``<tag>value</tag>``; nothing when value is None, ``<tag />`` when it is empty."""
        if value is None:
            return
        text = str(value).strip()
        if not text:
            self.empty(depth, tag)
            return
        self.lines.append(f"{INDENT * depth}<{tag}>{escape_text(text, tag)}</{tag}>{CRLF}")

    def flush(self) -> None:
        if self.lines:
            self.out.write("".join(self.lines).encode("utf-8"))
            self.lines.clear()
