"""Read the routing fields of an edXML package's MessageHeader, safely and without reading the rest.

The axis only needs who sends (From/OrganId), to whom (To/OrganId), the DocumentId, and for a
status message what it answers (ResponseFor/OrganId, ResponseFor/DocumentId, StatusCode).
Parsing is incremental and stops at the end of the MessageHeader, so a package of hundreds of
megabytes of attachments costs no memory. Elements are matched by local name, whatever their
prefix. DTDs are refused outright; entities are never resolved and nothing is fetched.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree


class PackageError(ValueError):
    """The bytes are not an edXML package whose header the axis can read."""


@dataclass(frozen=True)
class PackageHeader:
    """The routing fields of one edXML package."""

    from_organ: str
    to_organs: tuple[str, ...]
    document_id: str = ""
    subject: str = ""
    code_number: str = ""
    code_notation: str = ""
    response_for_organ: str = ""
    response_for_document_id: str = ""
    status_code: str = ""

    @property
    def notation(self) -> str:
        """The document's "số/ký hiệu", e.g. ``123/VPCP-TTĐT``."""
        return "/".join(part for part in (self.code_number, self.code_notation) if part)


# Paths below MessageHeader that are read, as tuples of local names.
_FROM = ("From", "OrganId")
_TO = ("To", "OrganId")
_SINGLE_FIELDS = {
    ("DocumentId",): "document_id",
    ("Subject",): "subject",
    ("Code", "CodeNumber"): "code_number",
    ("Code", "CodeNotation"): "code_notation",
    ("ResponseFor", "OrganId"): "response_for_organ",
    ("ResponseFor", "DocumentId"): "response_for_document_id",
    ("StatusCode",): "status_code",
}


def _local_name(tag: object) -> str:
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def read_header(source: bytes | str | os.PathLike[str] | BinaryIO) -> PackageHeader:
    """Read the MessageHeader of the package in ``source`` (bytes, a path or a binary file).

    Raises :class:`PackageError` with a clear reason when the package has a DOCTYPE, is not
    well-formed up to the end of its MessageHeader, is not edXML, or has no sender.
    """
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    events = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    path: list[str] = []
    fields: dict[str, str] = {}
    from_organ = ""
    to_organs: list[str] = []
    header_seen = False
    try:
        for event, element in events:
            if event == "start":
                if not path:
                    _check_root(element)
                path.append(_local_name(element.tag))
                continue
            name = path.pop()
            inside = _relative_to_message_header(path + [name])
            if inside is not None:
                text = (element.text or "").strip()
                if inside == _FROM:
                    from_organ = from_organ or text
                elif inside == _TO:
                    if text and text not in to_organs:
                        to_organs.append(text)
                elif inside in _SINGLE_FIELDS:
                    fields.setdefault(_SINGLE_FIELDS[inside], text)
            if name == "MessageHeader":
                header_seen = True
                break
            element.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"the package is not well-formed XML: {exc}") from None
    if not header_seen:
        raise PackageError("the package has no edXMLEnvelope/edXMLHeader/MessageHeader")
    if not from_organ:
        raise PackageError("the package's MessageHeader has no From/OrganId")
    return PackageHeader(from_organ=from_organ, to_organs=tuple(to_organs), **fields)


def _check_root(element: etree._Element) -> None:
    docinfo = element.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise PackageError("the package has a DOCTYPE declaration, which the axis refuses")
    if _local_name(element.tag) != "edXML":
        raise PackageError(f"the package's root element is <{_local_name(element.tag)}>, not <edXML>")


def _relative_to_message_header(path: list[str]) -> tuple[str, ...] | None:
    """The part of ``path`` below edXML/edXMLEnvelope/edXMLHeader/MessageHeader, or None."""
    if path[:4] != ["edXML", "edXMLEnvelope", "edXMLHeader", "MessageHeader"]:
        return None
    return tuple(path[4:])
