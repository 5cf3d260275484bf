"""A register as an Excel workbook: the heading, the column titles and numbers, then one row per
document; wrapped text, column widths, the heading frozen on screen and repeated on printed pages."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from documents.exports.registers import RegisterSheet
from qlvb.spreadsheets import as_text

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MM_PER_CHAR = 1.6  # an Excel width unit is about one character of 11 pt (the PDF uses 9 pt)


def _period(sheet: RegisterSheet) -> str:
    lines = [f"Năm {sheet.year}", sheet.dates_line, sheet.numbers_line]
    return ", ".join(line[0].lower() + line[1:] if i else line for i, line in enumerate(lines) if line)


def register_xlsx(sheet: RegisterSheet) -> bytes:
    columns = sheet.spec.columns
    last = get_column_letter(len(columns))
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.spec.name[:31]
    heading = [(sheet.organization.name.upper(), Font(name=FONT, size=12, bold=True)),
               (sheet.spec.title + (f" — {sheet.book}" if sheet.book else ""), Font(name=FONT, size=14, bold=True)),
               (_period(sheet), Font(name=FONT, size=12, italic=True))]
    for row, (text, font) in enumerate(heading, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = as_text(ws.cell(row=row, column=1, value=text))
        cell.font, cell.alignment = font, Alignment(horizontal="center")
    header_row, numbers_row = 5, 6
    bold, body = Font(name=FONT, size=11, bold=True), Font(name=FONT, size=11)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, column in enumerate(columns, start=1):
        title = ws.cell(row=header_row, column=index, value=column.title)
        number = ws.cell(row=numbers_row, column=index, value=f"({index})")
        for cell in (title, number):
            cell.font, cell.alignment, cell.border = bold, centre, BOX
        ws.column_dimensions[get_column_letter(index)].width = round(column.width_mm / MM_PER_CHAR, 1)
    ws.row_dimensions[header_row].height = 48
    top = Alignment(vertical="top", wrap_text=True)
    for r, cells in enumerate(sheet.rows, start=numbers_row + 1):
        for c, value in enumerate(cells, start=1):
            cell = as_text(ws.cell(row=r, column=c, value=value))
            cell.font, cell.alignment, cell.border = body, top, BOX
    ws.freeze_panes = ws.cell(row=numbers_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{numbers_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "Trang &P / &N"
    wb.properties.title = f"{sheet.spec.name} — {sheet.organization.name}"
    wb.properties.creator = "QLVB"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
