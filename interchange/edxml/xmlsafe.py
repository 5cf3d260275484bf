"""Reading untrusted XML safely: no DTDs, no entities, no network, bounded size.

``check_package`` runs on the raw bytes before any XML parser sees them; ``parse_xml`` then
parses with a locked-down lxml parser. A document is refused outright if it has a DOCTYPE,
which covers XXE and entity-expansion ("billion laughs") attacks.
"""

from __future__ import annotations

import re

from lxml import etree

from .errors import ForbiddenDtd, MalformedXml, PackageTooLarge, UnsupportedEncoding
from .limits import Limits

_ENCODING_DECL = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# Encodings in which ASCII bytes mean ASCII characters, so the byte-level checks here hold.
_ASCII_COMPATIBLE = re.compile(
    r"^(utf-?8|us-ascii|ascii|iso[-_]?8859-\d+|latin-?\d|(windows|cp)-?125\d)$", re.I
)


def check_package(data: bytes, limits: Limits) -> None:
    """Refuse, before parsing, packages that are too large, not ASCII-compatible, or carry a DOCTYPE."""
    if len(data) > limits.max_package_bytes:
        raise PackageTooLarge(
            f"package is {len(data):,} bytes, more than the limit of {limits.max_package_bytes:,} bytes"
        )
    _check_encoding(data)
    _check_prolog(data)


def _check_encoding(data: bytes) -> None:
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise UnsupportedEncoding("package is UTF-16 or UTF-32; edXML packages must be UTF-8")
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data.startswith(b"<?xml", start):
        end = data.find(b"?>", start)
        match = _ENCODING_DECL.search(data, start, end if end > 0 else start + 200)
        if match is not None and not _ASCII_COMPATIBLE.match(match[1].decode("ascii")):
            raise UnsupportedEncoding(
                f"package declares encoding {match[1].decode('ascii')!r}; edXML packages must be UTF-8"
            )


def _check_prolog(data: bytes) -> None:
    """Walk the prolog (declaration, comments, processing instructions) up to the root element."""
    pos = 0
    while True:
        lt = data.find(b"<", pos)
        if lt < 0:
            return
        marker = data[lt + 1 : lt + 2]
        if marker == b"?":
            end = data.find(b"?>", lt + 2)
            if end < 0:
                return
            pos = end + 2
        elif data.startswith(b"<!--", lt):
            end = data.find(b"-->", lt + 4)
            if end < 0:
                return
            pos = end + 3
        elif marker == b"!" and data[lt + 2 : lt + 9].upper() == b"DOCTYPE":
            raise ForbiddenDtd("package has a DOCTYPE declaration; DTDs and entities are not allowed")
        else:
            return  # the root element (or garbage, which the XML parser will report)


def _parser(*, huge_tree: bool, recover: bool, keep_comments: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge_tree,
        recover=recover,
        remove_comments=not keep_comments,
        remove_pis=not keep_comments,
        collect_ids=False,
    )


def parse_xml(
    data: bytes, *, huge_tree: bool = False, keep_comments: bool = False
) -> tuple[etree._Element, list[str]]:
    """Parse checked bytes; returns the root and notes about tolerated namespace slips.

    Real samples use an undeclared ``xlink:`` prefix. That breaks the Namespaces in XML rules but
    not XML itself, and the official parser accepts it, so a document whose only errors are
    namespace errors is parsed again in recovery mode. Any other error refuses the document.
    ``huge_tree`` is only for callers that must see whole attachments in the tree (signatures),
    after ``check_package`` has capped the size and refused DTDs.
    """
    parser = _parser(huge_tree=huge_tree, recover=False, keep_comments=keep_comments)
    notes: list[str] = []
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        errors = [e for e in parser.error_log if e.level_name in ("ERROR", "FATAL")]
        if not errors or any(e.domain_name != "NAMESPACE" for e in errors):
            raise MalformedXml(f"package is not well-formed XML: {_describe(exc, errors)}") from exc
        notes = sorted({e.message for e in errors})
        recovering = _parser(huge_tree=huge_tree, recover=True, keep_comments=keep_comments)
        try:
            root = etree.fromstring(data, recovering)
        except etree.XMLSyntaxError as again:
            raise MalformedXml(f"package is not well-formed XML: {again}") from again
        if root is None:
            raise MalformedXml("package is not well-formed XML: no root element") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ForbiddenDtd("package has a DOCTYPE declaration; DTDs and entities are not allowed")
    return root, notes


def _describe(exc: etree.XMLSyntaxError, errors: list) -> str:
    first = next((e for e in errors if e.domain_name != "NAMESPACE"), None)
    if first is None:
        return str(exc)
    return f"{first.message.strip()} (line {first.line}, column {first.column})"
