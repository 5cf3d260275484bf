"""Search results as files people take away (Phụ lục VI III.6.h): Excel (.xlsx), Word (.docx) and PDF,
with the columns and the order chosen on the search page.

Each file opens with the organization, the title, the conditions of the search, its order, when and
by whom it was made, and the number of documents; then one table, its header repeated on every
printed page. The Word file is written directly as Office Open XML (a table in a landscape A4
section), with lxml: no extra dependency. Spreadsheet cells go through `qlvb.spreadsheets.as_text`
(formula injection); the PDF uses the project's Vietnamese serif font.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from documents.exports.pdf import CELL_LEADING, CELL_SIZE, _text, _wrap
from documents.selectors.search_results import ResultColumn
from qlvb.spreadsheets import as_text
from signatures.fonts import reportlab_serif

FONT = "Times New Roman"
TITLE = "Kết quả tra cứu văn bản"


@dataclass(frozen=True)
class SearchSheet:
    organization: str
    conditions: list[str]  # "Từ khóa: …", "Loại: …"
    sort: str  # its label
    made: str  # "dd/mm/yyyy HH:MM, <person>"
    columns: list[ResultColumn]
    rows: list[list[str]]

    @property
    def heading_lines(self) -> list[str]:
        lines = [f"Điều kiện tra cứu: {'; '.join(self.conditions)}" if self.conditions else "",
                 f"Sắp xếp: {self.sort}", f"Lập lúc {self.made}", f"Số văn bản: {len(self.rows)}"]
        return [line for line in lines if line]


# --- Excel ---------------------------------------------------------------------------------------------

def search_xlsx(sheet: SearchSheet) -> bytes:
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(max(len(sheet.columns), 1))
    wb = Workbook()
    ws = wb.active
    ws.title = "Ket qua tra cuu"
    heading = [(sheet.organization.upper(), Font(name=FONT, size=12, bold=True)),
               (TITLE.upper(), Font(name=FONT, size=14, bold=True))]
    heading += [(line, Font(name=FONT, size=11, italic=True)) for line in sheet.heading_lines]
    for row, (text, font) in enumerate(heading, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = as_text(ws.cell(row=row, column=1, value=text))
        cell.font, cell.alignment = font, Alignment(horizontal="center" if row <= 2 else "left", wrap_text=row > 2)
    header_row = len(heading) + 2
    bold, body = Font(name=FONT, size=11, bold=True), Font(name=FONT, size=11)
    centre, top = Alignment(horizontal="center", vertical="center", wrap_text=True), Alignment(vertical="top",
                                                                                               wrap_text=True)
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=header_row, column=index, value=column.title)
        cell.font, cell.alignment, cell.border = bold, centre, box
        ws.column_dimensions[get_column_letter(index)].width = round(column.width_mm / 1.6, 1)
    for r, values in enumerate(sheet.rows, start=header_row + 1):
        for c, value in enumerate(values, start=1):
            # Control characters (they come with some senders' texts) are not allowed in a workbook.
            cell = as_text(ws.cell(row=r, column=c, value=ILLEGAL_CHARACTERS_RE.sub("", value)))
            cell.font, cell.alignment, cell.border = body, top, box
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "Trang &P / &N"
    wb.properties.title = f"{TITLE} — {sheet.organization}"
    wb.properties.creator = "QLVB"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Word (Office Open XML) -------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PAGE_WIDTH_TWIPS, PAGE_HEIGHT_TWIPS, MARGIN_TWIPS = 16838, 11906, 1021  # A4 landscape, 18 mm margins

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>
<w:sz w:val="22"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4" w:color="000000"/><w:left w:val="single" w:sz="4" w:color="000000"/>
<w:bottom w:val="single" w:sz="4" w:color="000000"/><w:right w:val="single" w:sz="4" w:color="000000"/>
<w:insideH w:val="single" w:sz="4" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:color="000000"/>
</w:tblBorders><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _sub(parent, tag: str, **attrs) -> etree._Element:
    return etree.SubElement(parent, _w(tag), {_w(k): str(v) for k, v in attrs.items()})


def _paragraph(parent, text: str, *, bold=False, italic=False, size=None, centre=False) -> None:
    p = _sub(parent, "p")
    if centre:
        _sub(_sub(p, "pPr"), "jc", val="center")
    lines = _XML_ILLEGAL.sub("", text or "").split("\n")
    for i, line in enumerate(lines):
        r = _sub(p, "r")
        if bold or italic or size:
            rpr = _sub(r, "rPr")
            if bold:
                _sub(rpr, "b")
            if italic:
                _sub(rpr, "i")
            if size:
                _sub(rpr, "sz", val=size * 2)
        if i:
            _sub(r, "br")
        t = _sub(r, "t")
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def search_docx(sheet: SearchSheet) -> bytes:
    document = etree.Element(_w("document"), nsmap={"w": W})
    body = _sub(document, "body")
    _paragraph(body, sheet.organization.upper(), bold=True, size=12, centre=True)
    _paragraph(body, TITLE.upper(), bold=True, size=14, centre=True)
    for line in sheet.heading_lines:
        _paragraph(body, line, italic=True)
    _paragraph(body, "")
    usable = PAGE_WIDTH_TWIPS - 2 * MARGIN_TWIPS
    total_mm = sum(c.width_mm for c in sheet.columns) or 1
    widths = [int(usable * c.width_mm / total_mm) for c in sheet.columns]
    table = _sub(body, "tbl")
    tpr = _sub(table, "tblPr")
    _sub(tpr, "tblStyle", val="Grid")
    _sub(tpr, "tblW", w=usable, type="dxa")
    _sub(tpr, "tblLayout", type="fixed")
    grid = _sub(table, "tblGrid")
    for width in widths:
        _sub(grid, "gridCol", w=width)

    def row(values, *, header=False):
        tr = _sub(table, "tr")
        if header:
            trpr = _sub(tr, "trPr")
            _sub(trpr, "tblHeader")  # repeated at the top of every page
            _sub(trpr, "cantSplit")
        for width, value in zip(widths, values, strict=True):
            tc = _sub(tr, "tc")
            _sub(_sub(tc, "tcPr"), "tcW", w=width, type="dxa")
            _paragraph(tc, value, bold=header, centre=header)

    row([c.title for c in sheet.columns], header=True)
    for values in sheet.rows:
        row(values)
    if not sheet.rows:
        _paragraph(body, "Không có văn bản nào theo điều kiện đã chọn.", italic=True)
    _paragraph(body, "")
    section = _sub(body, "sectPr")
    _sub(section, "pgSz", w=PAGE_WIDTH_TWIPS, h=PAGE_HEIGHT_TWIPS, orient="landscape")
    _sub(section, "pgMar", top=MARGIN_TWIPS, right=MARGIN_TWIPS, bottom=MARGIN_TWIPS, left=MARGIN_TWIPS,
         header=567, footer=567, gutter=0)
    core = etree.Element("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}coreProperties",
                         nsmap={"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
                                "dc": "http://purl.org/dc/elements/1.1/"})
    etree.SubElement(core, "{http://purl.org/dc/elements/1.1/}title").text = f"{TITLE} — {sheet.organization}"
    etree.SubElement(core, "{http://purl.org/dc/elements/1.1/}creator").text = "QLVB"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/document.xml", etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                                       standalone=True))
        z.writestr("docProps/core.xml", etree.tostring(core, xml_declaration=True, encoding="UTF-8", standalone=True))
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------------

def search_pdf(sheet: SearchSheet) -> bytes:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")
    page = landscape(A4)
    margin = 15 * mm
    width = page[0] - 2 * margin
    styles = {
        "org": ParagraphStyle("org", fontName=bold, fontSize=12, leading=15, alignment=1),
        "title": ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, alignment=1, spaceBefore=4,
                                spaceAfter=6),
        "line": ParagraphStyle("line", fontName=italic, fontSize=10, leading=13),
        "head": ParagraphStyle("head", fontName=bold, fontSize=CELL_SIZE, leading=CELL_LEADING, alignment=1),
        "empty": ParagraphStyle("empty", fontName=italic, fontSize=10, leading=13, alignment=1),
    }

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawCentredString(page[0] / 2, 8 * mm, f"{TITLE} — trang {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=f"{TITLE} — {sheet.organization}", author=sheet.organization,
                            creator="QLVB")
    story = [Paragraph(_text(sheet.organization.upper()), styles["org"]), Paragraph(_text(TITLE.upper()), styles["title"])]
    story += [Paragraph(_text(line), styles["line"]) for line in sheet.heading_lines]
    story.append(Spacer(1, 4 * mm))
    total_mm = sum(c.width_mm for c in sheet.columns) or 1
    widths = [width * c.width_mm / total_mm for c in sheet.columns]
    inner = [w - 6 for w in widths]
    data = [[Paragraph(_text(c.title), styles["head"]) for c in sheet.columns]]
    data += [[_wrap(_XML_ILLEGAL.sub("", value), regular, inner[i]) for i, value in enumerate(values)]
             for values in sheet.rows]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 1), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if not sheet.rows:
        data.append([Paragraph("Không có văn bản nào theo điều kiện đã chọn.", styles["empty"])]
                    + [""] * (len(sheet.columns) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    story.append(table)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
