"""The copy of a document's PDF served for printing, with the print mark on every page (Phụ lục VI
III.6.k): who printed it, when, from which system, and, since the electronic original is the
document, that the paper is only a copy of it.

The mark is drawn with reportlab (the project's Vietnamese serif) and laid over each page with
pyHanko, in a new PDF written from the stored one: the stored original is read, never changed, and a
signed original's signatures are not carried as valid into the copy, which says so on its face.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.stamp import StaticContentStamp, StaticStampStyle
from reportlab.pdfgen.canvas import Canvas

from signatures.fonts import reportlab_serif
from signatures.pdf.appearance import _fill_layout, _FirstPageOf

SYSTEM_NAME = "Hệ thống QLVB"
COPY_NOTE = "Bản in, không thay thế bản gốc điện tử"
FONT_SIZE = 7.5
BAND = 11.0  # height of the mark's band, in points, at the foot of the page
MARGIN = 18.0


def print_mark_text(*, organization: str, person: str, when) -> str:
    return f"Bản in từ {SYSTEM_NAME} — {organization} — {person} — {when:%d/%m/%Y %H:%M}"


def _band_pdf(lines: list[str], width: float, height: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=True)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)  # readable over whatever the page has there
    canvas.setFillColorRGB(0.2, 0.2, 0.2)
    canvas.setFont(reportlab_serif("italic"), FONT_SIZE)
    y = height - FONT_SIZE - 1
    for line in lines:
        canvas.drawCentredString(width / 2, y, line)
        y -= FONT_SIZE + 1.5
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _page_box(page) -> tuple[float, float, float]:
    """The page's visible width and its lower-left corner."""
    box = page.get("/CropBox") or page["/MediaBox"]
    x0, _, x1, _ = (float(v) for v in box)
    return abs(x1 - x0), min(float(box[0]), float(box[2])), min(float(box[1]), float(box[3]))


def print_marked_copy(pdf: bytes, *, mark: str) -> bytes:
    """A new PDF: `pdf`'s pages, each with `mark` and the copy note in a band at its foot."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    writer = copy_into_new_writer(reader)
    lines = [mark, COPY_NOTE]
    height = BAND * len(lines)
    count = int(writer.root["/Pages"]["/Count"])
    for index in range(count):
        page_ref, _ = writer.find_page_for_modification(index)
        width, x0, y0 = _page_box(page_ref.get_object())
        band_width = max(width - 2 * MARGIN, 100.0)
        style = StaticStampStyle(background=_FirstPageOf(_band_pdf(lines, band_width, height)),
                                 background_layout=_fill_layout(), background_opacity=1.0, border_width=0)
        stamp = StaticContentStamp(writer, style, layout.BoxConstraints(width=band_width, height=height))
        stamp.apply(index, x0 + (width - band_width) / 2, y0 + 2)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document_print_copy(*, user, document, stored) -> bytes:
    """The marked copy of `stored` (a PDF of `document`) that `user` prints, marked now. The caller
    has checked that `user` may read the document, and logs the print."""
    from django.utils import timezone

    from documents.errors import RecordsError
    from documents.services.files import file_read
    from qlvb.errors import Refused

    mark = print_mark_text(organization=document.organization.name, person=user.full_name or user.username,
                           when=timezone.localtime())
    try:
        return print_marked_copy(file_read(stored), mark=mark)
    except FileNotFoundError:
        raise
    except Exception as error:  # noqa: BLE001 - pyHanko's many ways of finding a PDF broken
        raise Refused(RecordsError.PRINT_NOT_READABLE) from error
