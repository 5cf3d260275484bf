"""The daily report as an Excel workbook: a summary sheet, then one sheet per list (complete)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from alerts.models import DailyReport
from alerts.reports.sections import SECTIONS
from qlvb.spreadsheets import as_text

WIDTHS = {"organization": 12, "symbol": 18, "subject": 60, "recipients": 40, "issuer": 34, "at": 17,
          "state": 16, "error": 50, "due": 17, "codes": 30, "missing": 20}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
FILL = PatternFill("solid", fgColor="E9ECEF")


def _cell(sheet, value, font=None, fill=None) -> WriteOnlyCell:
    cell = as_text(WriteOnlyCell(sheet, value=value))
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return cell


def report_xlsx(report: DailyReport, lists: dict | None = None) -> bytes:
    """The report with `lists` (default: as made; see gather.lists_for_reader)."""
    lists = report.lists if lists is None else lists
    # Write-only mode streams rows: a report of ten thousand documents stays fast and small in memory.
    book = Workbook(write_only=True)
    start, end = timezone.localtime(report.period_start), timezone.localtime(report.period_end)
    summary = book.create_sheet("Tổng hợp")
    for col, width in zip("ABCDE", (6, 55, 12, 16, 12), strict=True):
        summary.column_dimensions[col].width = width
    summary.append([_cell(summary, "BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ", TITLE)])
    summary.append([_cell(summary, report.organization.name)])
    summary.append([f"Ngày {report.report_date:%d/%m/%Y}; kỳ báo cáo từ {start:%H:%M %d/%m/%Y} "
                    f"đến {end:%H:%M %d/%m/%Y}"])
    summary.append([])
    summary.append([_cell(summary, h, BOLD, FILL) for h in ("TT", "Chỉ tiêu", "Số lượng", "Báo cáo trước",
                                                            "Thay đổi")])
    counts, previous, change = (report.figures.get(k, {}) for k in ("counts", "previous", "change"))
    for i, s in enumerate(SECTIONS, 1):
        summary.append([i, s.title, counts.get(s.key, 0), previous.get(s.key), change.get(s.key)])

    wrap = Alignment(wrap_text=True, vertical="top")
    for i, s in enumerate(SECTIONS, 1):
        sheet = book.create_sheet(f"{i}. {s.heading}"[:31])
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 6
        for index, (field, _) in enumerate(s.columns):
            sheet.column_dimensions[chr(ord("B") + index)].width = WIDTHS.get(field, 16)
        sheet.append([_cell(sheet, "TT", BOLD, FILL)] + [_cell(sheet, title, BOLD, FILL) for _, title in s.columns])
        for n, item in enumerate(lists.get(s.key, []), 1):
            row = [n]
            for field, _ in s.columns:
                cell = as_text(WriteOnlyCell(sheet, value=item.get(field, "")))
                if field in ("subject", "error", "recipients"):
                    cell.alignment = wrap
                row.append(cell)
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
