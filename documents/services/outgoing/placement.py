"""Where the leader's signature goes when the signer chooses it on the page (the PDF does not hold
their title and name, so it cannot be found): a point the signer tapped on a page's picture, or a
preset spot, turned into a box in the PDF's own coordinates."""

from __future__ import annotations

import io

from documents.errors import DocumentError
from documents.models import DocumentFile
from documents.services.files import file_read
from qlvb.errors import Refused
from signatures.pdf.appearance import Placement

MM = 72 / 25.4
BOX_WIDTH = 50 * MM  # the signature image's box: about the space a handwritten signature takes
BOX_HEIGHT = 25 * MM
# Preset spots (fractions of the page, from its top left) for a browser without the picker.
PRESETS = {
    "cuoi-phai": (0.72, 0.80),
    "cuoi-giua": (0.50, 0.80),
    "cuoi-trai": (0.28, 0.80),
    "giua-phai": (0.72, 0.50),
}


def page_boxes(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """Each page's MediaBox (what its picture shows: pdftoppm draws the media box), in order, as
    (x0, y0, x1, y1); a box a page inherits from the page tree counts too."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    boxes = []
    for ix in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(ix)[0].get_object()
        box = page.get("/MediaBox")
        while box is None and "/Parent" in page:
            page = page["/Parent"]
            box = page.get("/MediaBox")
        x0, y0, x1, y1 = (float(v) for v in box)
        boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return boxes


def placement_at(document_file: DocumentFile | None, *, page: int | None, x: float | None = None, y: float | None = None,
                 preset: str = "") -> Placement:
    """The signature box centred on (x, y) — fractions of the page's width and height from its
    top left, as on the picture — or on a preset spot, on page ``page`` (1-based; the last page
    when not given), kept inside the page. Refused when the page does not exist."""
    if document_file is None or document_file.content_type != "application/pdf":
        raise Refused(DocumentError.NO_PDF_TO_SIGN)
    boxes = page_boxes(file_read(document_file))
    page = page or len(boxes)
    if not 1 <= page <= len(boxes):
        raise Refused(DocumentError.NO_SUCH_PAGE, page=page, count=len(boxes))
    fx, fy = (x, y) if x is not None and y is not None else PRESETS.get(preset, PRESETS["cuoi-phai"])
    x0, y0, x1, y1 = boxes[page - 1]
    width, height = min(BOX_WIDTH, x1 - x0), min(BOX_HEIGHT, y1 - y0)
    cx = x0 + min(max(fx, 0.0), 1.0) * (x1 - x0)
    cy = y1 - min(max(fy, 0.0), 1.0) * (y1 - y0)  # the picture's y grows downwards, the PDF's upwards
    left = min(max(cx - width / 2, x0), x1 - width)
    bottom = min(max(cy - height / 2, y0), y1 - height)
    return Placement(page - 1, left, bottom, width, height)
