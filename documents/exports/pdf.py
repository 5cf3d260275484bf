"""A register as a printable PDF (A4 landscape): the cover page of Phụ lục IV — organization, the
register's title, year, from–to dates and numbers — then the table with every column, its header
repeated on each page, and page numbers. Times New Roman–compatible serif with Vietnamese glyphs."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)

from documents.exports.registers import RegisterSheet
from signatures.fonts import reportlab_serif

PAGE = landscape(A4)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 15 * mm, 18 * mm, 15 * mm


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")

    def style(name, font, size, leading, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

    return {
        "org_parent": style("org_parent", regular, 13, 17, alignment=TA_CENTER),
        "org": style("org", bold, 13, 17, alignment=TA_CENTER),
        "title": style("title", bold, 24, 30, alignment=TA_CENTER, spaceBefore=40 * mm, spaceAfter=6 * mm),
        "book": style("book", italic, 14, 18, alignment=TA_CENTER, spaceAfter=10 * mm),
        "cover_line": style("cover_line", regular, 15, 24, alignment=TA_CENTER),
        "head": style("head", bold, 9, 11, alignment=TA_CENTER),
        "empty": style("empty", italic, 10, 13, alignment=TA_CENTER),
    }


CELL_SIZE, CELL_LEADING = 9, 11


def _wrap(value: str, font: str, width: float) -> str:
    """`value` broken into lines that fit `width` points; a word longer than a line is cut."""
    lines = []
    for paragraph in (value or "").split("\n"):
        for line in simpleSplit(paragraph, font, CELL_SIZE, width) or [""]:
            while stringWidth(line, font, CELL_SIZE) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, CELL_SIZE) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return "\n".join(lines).strip("\n")


def _text(value: str) -> str:
    return escape(value or "").replace("\n", "<br/>")


def _page_counter(sheet: RegisterSheet, font: str):
    """A canvas that writes "Trang n / N" on the table pages once the number of pages is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if number > 1:
                    self.setFont(font, 9)
                    self.drawCentredString(PAGE[0] / 2, 8 * mm, f"Trang {number - 1} / {total - 1}")
                super().showPage()
            super().save()

    return NumberedCanvas


def register_pdf(sheet: RegisterSheet) -> bytes:
    s = _styles()
    regular = reportlab_serif("regular")
    width = PAGE[0] - MARGIN_LEFT - MARGIN_RIGHT
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    running_title = f"{sheet.spec.name} — {sheet.organization.name} — năm {sheet.year}"

    def table_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 9)
        canvas.drawString(MARGIN_LEFT, PAGE[1] - 11 * mm, running_title)
        canvas.restoreState()

    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=running_title,
                          author=sheet.organization.name, creator="QLVB")
    doc.addPageTemplates([PageTemplate(id="cover", frames=[frame]),
                          PageTemplate(id="table", frames=[frame], onPage=table_page)])

    story = []
    if sheet.organization.parent_id:
        story.append(Paragraph(_text(sheet.organization.parent.name.upper()), s["org_parent"]))
    story += [Paragraph(_text(sheet.organization.name.upper()), s["org"]), Paragraph("________", s["org"]),
              Paragraph(_text(sheet.spec.title), s["title"])]
    story.append(Paragraph(_text(sheet.book), s["book"]) if sheet.book else Spacer(1, 10 * mm))
    for line in (f"Năm: {sheet.year}", sheet.dates_line, sheet.numbers_line):
        if line:
            story.append(Paragraph(_text(line), s["cover_line"]))
    story += [NextPageTemplate("table"), PageBreak()]

    columns = sheet.spec.columns
    scale = width / sum(c.width_mm * mm for c in columns)
    widths = [c.width_mm * mm * scale for c in columns]
    data = [[Paragraph(_text(c.title), s["head"]) for c in columns],
            [Paragraph(f"({i})", s["head"]) for i in range(1, len(columns) + 1)]]
    # Body cells are wrapped here into plain lines: a Paragraph per cell costs ten times more, and a
    # register has thousands of rows.
    inner = [w - 6 for w in widths]  # minus the cell padding
    data += [[_wrap(value, regular, inner[i]) for i, value in enumerate(row)] for row in sheet.rows]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 2), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 2), (-1, -1), CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("VALIGN", (0, 2), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if not sheet.rows:
        data.append([Paragraph("Không có văn bản nào theo điều kiện đã chọn.", s["empty"])] + [""] * (len(columns) - 1))
        style.append(("SPAN", (0, 2), (-1, 2)))
    table = LongTable(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle(style))
    story.append(table)
    doc.build(story, canvasmaker=_page_counter(sheet, regular))
    return out.getvalue()
