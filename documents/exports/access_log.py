"""The access report (documents.selectors.access_log.AccessReport) as an Excel workbook: one sheet
per view of the counts (per document, per person, per day). Every text cell goes through
`qlvb.spreadsheets.as_text`: subjects and names come from people."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from documents.selectors.access_log import AccessReport
from qlvb.spreadsheets import as_text

FONT = "Times New Roman"
COUNT_TITLES = ["Lượt xem", "Lượt tải về", "Lượt in", "Tổng"]


def _counts(row: dict) -> list:
    return [row["views"], row["downloads"], row["prints"], row["total"]]


def _sheet(wb: Workbook, title: str, report: AccessReport, heading: list[str], rows: list[list], first: bool):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    bold = Font(name=FONT, size=11, bold=True)
    body = Font(name=FONT, size=11)
    lines = [report.organization.name.upper(), f"Thống kê truy cập văn bản — {title.lower()}",
             f"Từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}"]
    for r, text in enumerate(lines, start=1):
        as_text(ws.cell(row=r, column=1, value=text)).font = bold
    for c, text in enumerate(heading, start=1):
        as_text(ws.cell(row=5, column=c, value=text)).font = bold
    for r, values in enumerate(rows, start=6):
        for c, value in enumerate(values, start=1):
            as_text(ws.cell(row=r, column=c, value=value)).font = body
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 60 if title == "Theo văn bản" else 30
    ws.freeze_panes = "A6"


def access_report_xlsx(report: AccessReport) -> bytes:
    wb = Workbook()
    documents = [[(d["document"].symbol if d["document"] else "") or "(chưa có số)", d["subject"], *_counts(d)]
                 for d in report.documents]
    _sheet(wb, "Theo văn bản", report, ["Số, ký hiệu", "Trích yếu", *COUNT_TITLES], documents, True)
    people = [[p["person"].username if p["person"] else "", str(p["person"] or ""), *_counts(p)] for p in report.people]
    _sheet(wb, "Theo người", report, ["Tài khoản", "Họ và tên", *COUNT_TITLES], people, False)
    days = [[f"{d['day']:%d/%m/%Y}", *_counts(d)] for d in report.days]
    _sheet(wb, "Theo ngày", report, ["Ngày", *COUNT_TITLES], days, False)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
