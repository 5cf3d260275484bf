"""A hồ sơ's two printed pieces, as PDF (A4 portrait, the project's Vietnamese serif):

- the mục lục văn bản, tài liệu trong hồ sơ (NĐ30 Phụ lục V, mục IV): STT, số và ký hiệu, ngày
  tháng năm, tên loại và trích yếu nội dung, tác giả, tờ số / trang số (running through the hồ sơ),
  ghi chú;
- the bìa hồ sơ (cover): the organization, mã hồ sơ, the title, the dates, how many documents and
  pages, the retention.

The rows come from documents.selectors.records_workfiles.record_contents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from signatures.fonts import reportlab_serif


@dataclass(frozen=True)
class ContentsRow:
    ordinal: int
    symbol: str
    date: str
    type_and_subject: str
    author: str
    pages: str
    notes: str


@dataclass(frozen=True)
class RecordSheet:
    organization_parent: str
    organization: str
    file_code: str
    code: str
    year: int
    title: str
    started_on: str
    ended_on: str
    documents: int
    pages: int
    retention: str
    rows: list[ContentsRow]


def _p(text: str) -> str:
    return escape(text or "").replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")

    def style(name, font, size, leading, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

    return {
        "org_parent": style("org_parent", regular, 12, 16, alignment=TA_CENTER),
        "org": style("org", bold, 12, 16, alignment=TA_CENTER),
        "title": style("title", bold, 14, 19, alignment=TA_CENTER, spaceBefore=6 * mm, spaceAfter=2 * mm),
        "sub": style("sub", bold, 12, 16, alignment=TA_CENTER),
        "head": style("head", bold, 9, 11, alignment=TA_CENTER),
        "cell": style("cell", regular, 9, 11, alignment=TA_LEFT),
        "cell_c": style("cell_c", regular, 9, 11, alignment=TA_CENTER),
        "cover_code": style("cover_code", regular, 13, 18, alignment=TA_LEFT),
        "cover_kind": style("cover_kind", bold, 26, 32, alignment=TA_CENTER, spaceBefore=35 * mm, spaceAfter=8 * mm),
        "cover_title": style("cover_title", bold, 16, 22, alignment=TA_CENTER, spaceAfter=14 * mm),
        "cover_line": style("cover_line", regular, 13, 20, alignment=TA_LEFT),
        "empty": style("empty", italic, 9, 11, alignment=TA_CENTER),
    }


def _doc(out, title: str, author: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                             bottomMargin=15 * mm, title=title, author=author, creator="QLVB")


def _header(sheet: RecordSheet, s) -> list:
    story = []
    if sheet.organization_parent:
        story.append(Paragraph(_p(sheet.organization_parent.upper()), s["org_parent"]))
    story += [Paragraph(_p(sheet.organization.upper()), s["org"]), Paragraph("________", s["org"])]
    return story


def contents_pdf(sheet: RecordSheet) -> bytes:
    """Mục lục văn bản, tài liệu (Phụ lục V, IV)."""
    s = _styles()
    out = io.BytesIO()
    doc = _doc(out, f"Mục lục văn bản, tài liệu — hồ sơ {sheet.code}", sheet.organization)
    story = _header(sheet, s) + [
        Paragraph("MỤC LỤC VĂN BẢN, TÀI LIỆU", s["title"]),
        Paragraph(_p(f"Số, ký hiệu hồ sơ: {sheet.code}"), s["sub"]),
        Paragraph(_p(f"Năm {sheet.year}"), s["sub"]),
        Paragraph(_p(f"Mã hồ sơ: {sheet.file_code}"), s["cell_c"]),
        Spacer(1, 5 * mm),
    ]
    titles = ["STT", "Số, ký hiệu văn bản", "Ngày tháng năm văn bản", "Tên loại và trích yếu nội dung văn bản",
              "Tác giả văn bản", "Tờ số / Trang số", "Ghi chú"]
    widths_mm = [11, 27, 20, 55, 28, 14, 15]
    data = [[Paragraph(t, s["head"]) for t in titles], [Paragraph(f"({i})", s["head"]) for i in range(1, 8)]]
    for row in sheet.rows:
        data.append([Paragraph(str(row.ordinal), s["cell_c"]), Paragraph(_p(row.symbol), s["cell"]),
                     Paragraph(_p(row.date), s["cell_c"]), Paragraph(_p(row.type_and_subject), s["cell"]),
                     Paragraph(_p(row.author), s["cell"]), Paragraph(_p(row.pages), s["cell_c"]),
                     Paragraph(_p(row.notes), s["cell"])])
    style = [("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    if not sheet.rows:
        data.append([Paragraph("Hồ sơ chưa có văn bản, tài liệu nào.", s["empty"])] + [""] * 6)
        style.append(("SPAN", (0, 2), (-1, 2)))
    table = LongTable(data, colWidths=[w * mm for w in widths_mm], repeatRows=2)
    table.setStyle(TableStyle(style))
    story.append(table)
    story += [Spacer(1, 5 * mm), Paragraph(_p(
        f"Mục lục này gồm {sheet.documents} văn bản, tài liệu; {sheet.pages} trang."), s["cell"])]
    doc.build(story)
    return out.getvalue()


def cover_pdf(sheet: RecordSheet) -> bytes:
    """Bìa hồ sơ."""
    s = _styles()
    out = io.BytesIO()
    doc = _doc(out, f"Bìa hồ sơ {sheet.code}", sheet.organization)
    code_box = Table([[Paragraph(_p(f"Mã hồ sơ: {sheet.file_code}"), s["cover_code"])]], colWidths=[170 * mm])
    code_box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, "#000000"), ("TOPPADDING", (0, 0), (-1, -1), 4),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story = _header(sheet, s) + [Spacer(1, 8 * mm), code_box,
                                 Paragraph("HỒ SƠ", s["cover_kind"]), Paragraph(_p(sheet.title), s["cover_title"])]
    lines = [
        f"Số và ký hiệu hồ sơ: {sheet.code}",
        f"Từ ngày {sheet.started_on} đến ngày {sheet.ended_on or '…'}",
        f"Gồm {sheet.documents} văn bản, tài liệu; {sheet.pages} trang",
        f"Thời hạn bảo quản: {sheet.retention}",
    ]
    story += [Paragraph(_p(line), s["cover_line"]) for line in lines]
    doc.build(story)
    return out.getvalue()
