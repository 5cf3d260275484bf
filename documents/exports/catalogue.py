"""The file catalogue (danh mục hồ sơ) as the Phụ lục V form: an Excel workbook that imports back as
it is (documents.services.records.catalogue_sheet), and a PDF to print and sign.

Both carry the national header (the organization and its parent on the left; Quốc hiệu and Tiêu ngữ
on the right), the title, the year, the decision, the five columns with their numbers, the headings
numbered, and the closing summary of how many hồ sơ are kept for ever and how many for a time.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from documents.models import CatalogueEntry, FileCatalogue
from documents.selectors.records_catalogue import CatalogueRow, CatalogueSummary
from qlvb.spreadsheets import as_text
from signatures.fonts import reportlab_serif

COLUMN_TITLES = ["Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Người lập hồ sơ",
                 "Ghi chú"]
COLUMN_WIDTHS_MM = [24, 78, 22, 34, 22]
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
Kind = CatalogueEntry.Kind


def decision_line(catalogue: FileCatalogue) -> str:
    """"(Kèm theo Quyết định số … ngày … tháng … năm … của …)", or what a draft is."""
    if catalogue.state != FileCatalogue.State.APPROVED:
        return "(Dự thảo, chưa được phê duyệt)"
    day = catalogue.decision_date
    when = f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" if day else "ngày … tháng … năm …"
    return f"(Kèm theo Quyết định số {catalogue.decision} {when} của {catalogue.organization.name})"


def summary_lines(summary: CatalogueSummary) -> list[str]:
    return [f"Danh mục hồ sơ này có {summary.files} hồ sơ, bao gồm:",
            f"{summary.permanent} hồ sơ bảo quản vĩnh viễn;",
            f"{summary.limited} hồ sơ bảo quản có thời hạn."]


def _cells(row: CatalogueRow) -> list[str]:
    entry = row.entry
    if entry.kind != Kind.FILE:
        return ["", row.heading_text, "", "", entry.notes]
    return [entry.code, entry.title, entry.retention_label, row.responsible, entry.notes]


def catalogue_filename(catalogue: FileCatalogue, extension: str) -> str:
    return f"danh-muc-ho-so-{catalogue.organization.organ_id}-{catalogue.year}.{extension}"


# --- Excel ---------------------------------------------------------------------------------------

def catalogue_xlsx(catalogue: FileCatalogue, rows: list[CatalogueRow], summary: CatalogueSummary) -> bytes:
    organization = catalogue.organization
    wb = Workbook()
    ws = wb.active
    ws.title = f"Danh mục hồ sơ {catalogue.year}"
    regular, bold = Font(name=FONT, size=12), Font(name=FONT, size=12, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # The header block: left the organization, right the Quốc hiệu (two columns each side).
    left = [(organization.parent.name.upper() if organization.parent_id else "", regular),
            (organization.name.upper(), bold)]
    right = [(NATION, bold), (MOTTO, bold)]
    for r, ((ltext, lfont), (rtext, rfont)) in enumerate(zip(left, right, strict=True), start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        for column, text, font in ((1, ltext, lfont), (3, rtext, rfont)):
            cell = as_text(ws.cell(row=r, column=column, value=text or None))
            cell.font, cell.alignment = font, centre
    for r, (text, font) in enumerate([("DANH MỤC HỒ SƠ", Font(name=FONT, size=14, bold=True)),
                                      (f"Năm {catalogue.year}", bold),
                                      (decision_line(catalogue), Font(name=FONT, size=12, italic=True))], start=4):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        cell = as_text(ws.cell(row=r, column=1, value=text))
        cell.font, cell.alignment = font, centre
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    header, numbers = 8, 9
    for c, title in enumerate(COLUMN_TITLES, start=1):
        for r, value in ((header, title), (numbers, f"({c})")):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font, cell.alignment, cell.border = bold, centre, box
        ws.column_dimensions["ABCDE"[c - 1]].width = COLUMN_WIDTHS_MM[c - 1] / 1.6 * 1.4
    ws.row_dimensions[header].height = 36
    top = Alignment(vertical="top", wrap_text=True)
    shade = PatternFill("solid", fgColor="EEEEEE")
    r = numbers
    for r, row in enumerate(rows, start=numbers + 1):
        heading = row.entry.kind != Kind.FILE
        for c, value in enumerate(_cells(row), start=1):
            cell = as_text(ws.cell(row=r, column=c, value=value or None))
            cell.font, cell.alignment, cell.border = (bold if heading else regular), top, box
            if row.entry.kind == Kind.HEADING:
                cell.fill = shade
    for offset, line in enumerate(summary_lines(summary), start=2):
        cell = as_text(ws.cell(row=r + offset, column=1, value=line))
        cell.font = regular
    ws.freeze_panes = ws.cell(row=numbers + 1, column=1)
    ws.print_title_rows = f"{header}:{numbers}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "Trang &P / &N"
    wb.properties.title = f"Danh mục hồ sơ năm {catalogue.year} — {organization.name}"
    wb.properties.creator = "QLVB"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------

def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def catalogue_pdf(catalogue: FileCatalogue, rows: list[CatalogueRow], summary: CatalogueSummary) -> bytes:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")

    def style(name, font, size, leading, align=TA_CENTER, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, alignment=align, **kw)

    s = {"parent": style("parent", regular, 12, 15), "org": style("org", bold, 12, 15),
         "nation": style("nation", bold, 12, 15), "motto": style("motto", bold, 13, 16),
         "rule": style("rule", regular, 10, 10), "title": style("title", bold, 14, 18, spaceBefore=8 * mm),
         "year": style("year", bold, 13, 17), "decision": style("decision", italic, 12, 16, spaceAfter=5 * mm),
         "head": style("head", bold, 10, 12), "cell": style("cell", regular, 10, 12, TA_LEFT),
         "heading": style("heading", bold, 10, 12, TA_LEFT), "centre": style("centre", regular, 10, 12),
         "summary": style("summary", regular, 12, 17, TA_LEFT)}
    organization = catalogue.organization
    page_width = A4[0] - 40 * mm
    left = [_p(organization.parent.name.upper(), s["parent"])] if organization.parent_id else []
    left += [_p(organization.name.upper(), s["org"]), _p("_______", s["rule"])]
    right = [_p(NATION, s["nation"]), _p(MOTTO, s["motto"]), _p("_______________", s["rule"])]
    header = Table([[left, right]], colWidths=[page_width * 0.42, page_width * 0.58])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story = [header, _p("DANH MỤC HỒ SƠ", s["title"]), _p(f"Năm {catalogue.year}", s["year"]),
             _p(decision_line(catalogue), s["decision"])]
    widths = [w * mm * page_width / (sum(COLUMN_WIDTHS_MM) * mm) for w in COLUMN_WIDTHS_MM]
    data = [[_p(t, s["head"]) for t in COLUMN_TITLES], [_p(f"({i})", s["head"]) for i in range(1, 6)]]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
                ("VALIGN", (0, 2), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for index, row in enumerate(rows, start=2):
        cells = _cells(row)
        heading = row.entry.kind != Kind.FILE
        data.append([_p(cells[0], s["centre"]), _p(cells[1], s["heading"] if heading else s["cell"]),
                     _p(cells[2], s["centre"]), _p(cells[3], s["centre"]), _p(cells[4], s["cell"])])
        if row.entry.kind == Kind.HEADING:
            commands.append(("BACKGROUND", (0, index), (-1, index), "#EEEEEE"))
    table = LongTable(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle(commands))
    story += [table, Spacer(1, 6 * mm)] + [_p(line, s["summary"]) for line in summary_lines(summary)]
    out = io.BytesIO()
    title = f"Danh mục hồ sơ năm {catalogue.year} — {organization.name}"

    def number_pages(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Trang {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=title, author=organization.name, creator="QLVB")
    doc.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return out.getvalue()
