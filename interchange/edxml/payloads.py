"""Keeping Base64 attachment payloads out of the XML tree.

Attachments are by far the largest part of a package. Building them into lxml text nodes
would copy them (twice, as UTF-8 then as a Python string) and would hit libxml2's 10 MB limit
on a text node unless the huge-tree mode, which lifts all of libxml2's safety limits, were on.
Instead, the raw bytes of each ``ContentTransferEncoded`` element's content are located and
replaced by a short random token before parsing. The parser then decodes the payload straight
from the original bytes through a memoryview, without copying it.

Only content that is plain character data is cut out: no markup, no entity or character
references (those are left to the XML parser). Such content has the same meaning in the XML as
in the raw bytes, apart from line-end normalisation, which cannot matter for Base64. The token
carries a random nonce, so text that the sender wrote cannot pose as a cut-out payload.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

_ELEMENT = b"ContentTransferEncoded"
_PREFIX = re.compile(rb"[A-Za-z_][A-Za-z0-9._-]*:")
_SPACE = b" \t\r\n"
_MAX_ATTRIBUTES = 16


@dataclass(slots=True)
class Skeleton:
    """The package with payloads replaced by tokens, and where each payload was."""

    xml: bytes
    nonce: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def span_of(self, text: str | None) -> tuple[int, int] | None:
        """The (start, end) of the cut-out payload that ``text`` stands for, if it is a token."""
        if not text or not self.spans:
            return None
        head, dash, index = text.strip().rpartition("-")
        if head != self.nonce or not dash or not index.isdigit():
            return None
        position = int(index)
        return self.spans[position] if position < len(self.spans) else None


def cut_payloads(data: bytes) -> Skeleton:
    nonce = secrets.token_hex(12)
    pieces: list[bytes] = []
    spans: list[tuple[int, int]] = []
    kept_from = 0
    search = 0
    while (found := data.find(_ELEMENT, search)) >= 0:
        search = found + len(_ELEMENT)
        cut = _payload_span(data, found)
        if cut is None:
            continue
        content_start, content_end, resume = cut
        start, end = _trim(data, content_start, content_end)
        pieces.append(data[kept_from:content_start])
        pieces.append(f"{nonce}-{len(spans)}".encode("ascii"))
        spans.append((start, end))
        kept_from = content_end
        search = resume
    if not spans:
        return Skeleton(xml=data, nonce=nonce)
    pieces.append(data[kept_from:])
    return Skeleton(xml=b"".join(pieces), nonce=nonce, spans=spans)


def _payload_span(data: bytes, name_at: int) -> tuple[int, int, int] | None:
    """For a start tag whose local name begins at ``name_at``: (content start, content end, resume)."""
    lt = data.rfind(b"<", max(0, name_at - 64), name_at)
    if lt < 0:
        return None
    prefix = data[lt + 1 : name_at]
    if prefix and _PREFIX.fullmatch(prefix) is None:
        return None  # a closing tag, or the name inside something else
    name_end = name_at + len(_ELEMENT)
    content_start = _end_of_start_tag(data, name_end)
    if content_start is None:
        return None
    content_end = data.find(b"<", content_start)
    if content_end < 0:
        return None
    closing = b"</" + data[lt + 1 : name_end]
    if not data.startswith(closing, content_end):
        return None  # child elements, comments or CDATA inside: leave it to the XML parser
    after = content_end + len(closing)
    while data[after : after + 1] in (b" ", b"\t", b"\r", b"\n") and after < len(data):
        after += 1
    if data[after : after + 1] != b">":
        return None
    if data.find(b"&", content_start, content_end) >= 0:
        return None  # entity or character references change the text: let the parser read it
    return content_start, content_end, after + 1


def _end_of_start_tag(data: bytes, pos: int) -> int | None:
    """Index just past the '>' of a start tag whose name ends at ``pos``; None if not a plain start tag."""
    if data[pos : pos + 1] not in (b">", b" ", b"\t", b"\r", b"\n"):
        return None
    for _ in range(_MAX_ATTRIBUTES + 1):
        while data[pos : pos + 1] in (b" ", b"\t", b"\r", b"\n"):
            pos += 1
        char = data[pos : pos + 1]
        if char == b">":
            return pos + 1
        if char in (b"/", b"", b"<"):
            return None
        equals = data.find(b"=", pos, pos + 256)
        if equals < 0:
            return None
        pos = equals + 1
        while data[pos : pos + 1] in (b" ", b"\t", b"\r", b"\n"):
            pos += 1
        quote = data[pos : pos + 1]
        if quote not in (b'"', b"'"):
            return None
        closing = data.find(quote, pos + 1)
        if closing < 0 or data.find(b"<", pos + 1, closing) >= 0:
            return None
        pos = closing + 1
    return None


def _trim(data: bytes, start: int, end: int) -> tuple[int, int]:
    while start < end and data[start] in _SPACE:
        start += 1
    while end > start and data[end - 1] in _SPACE:
        end -= 1
    return start, end
