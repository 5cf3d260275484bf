"""Write the number and date into a draft's PDF before the leader signs it.

Electronic documents are numbered by the system (Nghị định 30, Điều 15.3). The draft leaves the
number and the date blank ("Số:    /VPCP-KSTT", "Hà Nội, ngày   tháng   năm 20  "); at signing
those two lines are covered and rewritten, in an incremental update, then the signature covers
the result. Nothing signed is ever changed.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.stamp import StaticContentStamp, StaticStampStyle
from reportlab.pdfgen.canvas import Canvas

from signatures.fonts import reportlab_serif
from signatures.pdf.appearance import _fill_layout, _FirstPageOf
from signatures.pdf.signing_block import page_lines

NUMBER_LINE = re.compile(r"^\s*Số\s*:", re.IGNORECASE)
DATE_LINE = re.compile(r"ngày.*tháng.*năm", re.IGNORECASE)


class NumberPlaceNotFound(ValueError):
    """No "Số:" line on the first page; signing refuses with DocumentError.NUMBER_PLACE_NOT_FOUND."""


def date_line(place: str, day: dt.date) -> str:
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}" if place else \
        f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def _line_pdf(text: str, width: float, height: float, *, italic: bool, font_size: float) -> bytes:
    out = io.BytesIO()
    font = reportlab_serif("italic" if italic else "regular")
    canvas = Canvas(out, pagesize=(width, height), invariant=True)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, font_size)
    canvas.drawCentredString(width / 2, (height - font_size) / 2 + font_size * 0.22, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _cover(writer: IncrementalPdfFileWriter, line, text: str, *, italic: bool, font_size: float) -> None:
    pad = 2.0
    width = max(line.x1 - line.x0, font_size * 0.55 * len(text)) + 2 * pad
    height = (line.y1 - line.y0) + 2 * pad
    x = line.center_x - width / 2
    style = StaticStampStyle(background=_FirstPageOf(_line_pdf(text, width, height, italic=italic,
                                                               font_size=font_size)),
                             background_layout=_fill_layout(), background_opacity=1.0, border_width=0)
    stamp = StaticContentStamp(writer, style, layout.BoxConstraints(width=width, height=height))
    stamp.apply(line.page, x, line.y0 - pad)


def stamp_number_and_date(pdf: bytes, *, symbol: str, place: str, day: dt.date) -> bytes:
    lines = page_lines(pdf, 1, 1)
    number = next((line for line in lines if NUMBER_LINE.search(line.text)), None)
    if number is None:
        raise NumberPlaceNotFound("no 'Số:' line on page 1")
    when = next((line for line in lines if DATE_LINE.search(line.text) and line.y0 >= number.y0 - 40), None)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _cover(writer, number, f"Số: {symbol}", italic=False, font_size=13)
    if when is not None:
        _cover(writer, when, date_line(place, day), italic=True, font_size=14)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
