"""Finding the signing block (title line and signer's name) in a PDF's text.

Text positions come from poppler's ``pdftotext -bbox-layout`` (Debian
``poppler-utils``): poppler decodes every font encoding PDFs use in practice,
is maintained alongside the renderer that shows the document, and runs in a
few milliseconds per page. The leader's signature image goes between the
line with the signer's title and the line with the signer's name.
"""

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from signatures.pki.errors import SigningBlockNotFoundError

XHTML = "{http://www.w3.org/1999/xhtml}"
PDFTOTEXT_TIMEOUT = 30


@dataclass(frozen=True)
class TextLine:
    """A line of text with its box in PDF user space (origin bottom left)."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class SigningBlock:
    """The title line and name line between which the signature image goes."""

    page: int
    title: TextLine
    name: TextLine


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def page_lines(pdf: bytes, first_page: int | None = None, last_page: int | None = None) -> list[TextLine]:
    """Lines of text with positions, for pages ``first_page..last_page`` (1-based, inclusive)."""
    command = ["pdftotext", "-q", "-bbox-layout"]
    if first_page:
        command += ["-f", str(first_page)]
    if last_page:
        command += ["-l", str(last_page)]
    command += ["-", "-"]
    result = subprocess.run(command, input=pdf, capture_output=True, timeout=PDFTOTEXT_TIMEOUT, check=False)
    if result.returncode != 0:
        raise SigningBlockNotFoundError(f"pdftotext failed: {result.stderr.decode(errors='replace')[:200]}")
    return _parse(result.stdout, (first_page or 1) - 1)


def _parse(xhtml: bytes, first_index: int) -> list[TextLine]:
    # pdftotext writes a DOCTYPE but no entities, so the stdlib parser is safe here.
    root = ET.fromstring(xhtml)
    lines = []
    for offset, page in enumerate(root.iter(f"{XHTML}page")):
        height = float(page.get("height", "0"))
        for line in page.iter(f"{XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{XHTML}word")]
            lines.append(
                TextLine(
                    page=first_index + offset,
                    text=" ".join(words),
                    x0=float(line.get("xMin")),
                    x1=float(line.get("xMax")),
                    y0=height - float(line.get("yMax")),
                    y1=height - float(line.get("yMin")),
                )
            )
    return lines


def find_signing_block(
    lines: list[TextLine], signer_name: str, title: str | None = None
) -> SigningBlock | None:
    """The last occurrence of ``signer_name`` with the title line just above it, in the same column.

    Without ``title``, the nearest line above the name whose centre lies over
    the name's column is taken as the title line.
    """
    wanted = _normalize(signer_name)
    names = [line for line in lines if _normalize(line.text) == wanted]
    for name in reversed(names):
        above = [
            line
            for line in lines
            if line.page == name.page
            and line.y0 > name.y1
            and line is not name
            and abs(line.center_x - name.center_x) < max(name.x1 - name.x0, 60)
            and (title is None or _normalize(line.text) == _normalize(title))
        ]
        if above:
            nearest = min(above, key=lambda line: line.y0 - name.y1)
            return SigningBlock(page=name.page, title=nearest, name=name)
    return None


def locate_signing_block(
    pdf: bytes, page_count: int, signer_name: str, title: str | None = None
) -> SigningBlock:
    """Find the signing block, looking at the last page first (where it nearly always is)."""
    block = find_signing_block(page_lines(pdf, page_count, page_count), signer_name, title)
    if block is None and page_count > 1:
        block = find_signing_block(page_lines(pdf, 1, page_count - 1), signer_name, title)
    if block is None:
        raise SigningBlockNotFoundError(f"signing block for {signer_name!r} not found in the document text")
    return block
