"""The handling report as an Excel workbook and as a PDF (A4 landscape, the project's Vietnamese
serif, the header of the daily report). Both carry the figures, and the late, overdue and
long-waiting documents the reader may read (the others are counted, not listed)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.tables import LongTable

from qlvb.access import shown_subject
from qlvb.spreadsheets import as_text
from signatures.fonts import reportlab_serif

from .. import conf
from .handling import INCOMING_CLASSES, OUTGOING_LABELS, OUTGOING_STATES, lead_people, readable_list
from .pdf import _esc, _styles

FILE_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
TITLE = "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN, VĂN BẢN ĐI"
BOLD, BIG = Font(bold=True), Font(bold=True, size=13)
FILL = PatternFill("solid", fgColor="E9ECEF")


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def _hours(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def incoming_table(report) -> list[list]:
    head = ["Đơn vị / người chủ trì", "Tổng số"] + [f"{name} (số, %)" for _, name in INCOMING_CLASSES]
    rows = [head]
    for row in [("Toàn bộ", report.incoming.total)] + [(r.label, r.counts) for r in report.incoming.units]:
        rows.append([row[0], row[1].total] + [f"{n} ({_pct(p)})" for _, n, p in row[1].cells])
    return rows


def people_table(report) -> list[list]:
    rows = [["Người chủ trì", "Tổng số"] + [name for _, name in INCOMING_CLASSES]]
    for r in report.incoming.people:
        rows.append([r.label, r.counts.total] + [n for _, n, _ in r.counts.cells])
    return rows


def outgoing_table(report) -> list[list]:
    rows = [["Đơn vị soạn thảo", "Tổng số"] + [OUTGOING_LABELS[s] for s in OUTGOING_STATES]
            + ["Trình → ký (giờ, trung vị)", "Ký → phát hành (giờ, trung vị)", "Phát hành trễ", "Chờ quá lâu"]]
    for r in [report.outgoing.total, *report.outgoing.units]:
        rows.append([r.label, r.total, *r.state_counts, _hours(r.median_to_signature), _hours(r.median_to_dispatch),
                     r.dispatched_late, r.waiting])
    return rows


def document_lists(report, user) -> list[tuple[str, list[list], int]]:
    """(heading, rows, hidden) of the late, overdue and long-waiting documents `user` may read."""
    from .handling import incoming_ids

    result = []
    for kinds, heading in ((["late"], "Văn bản đến hoàn thành trễ hạn"), (["overdue"], "Văn bản đến quá hạn")):
        found = readable_list(user=user, document_ids=incoming_ids(report.incoming, kinds=kinds))
        leads = lead_people([d.pk for d in found.documents])
        rows = [["Số, ký hiệu", "Trích yếu", "Hạn xử lý", "Hoàn thành", "Người chủ trì"]]
        for d in found.documents:
            done = timezone.localtime(d.completed_at).strftime("%d/%m/%Y") if d.completed_at else "Chưa"
            rows.append([d.symbol or "(chưa có số)", shown_subject(d.subject, secret=bool(d.secrecy), readable=True),
                         f"{d.due_date:%d/%m/%Y}", done, leads.get(d.pk, "")])
        result.append((heading, rows, found.hidden))
    found = readable_list(user=user, document_ids=report.outgoing.waiting_ids)
    rows = [["Số, ký hiệu", "Trích yếu", "Trạng thái", "Đơn vị"]]
    for d in found.documents:
        rows.append([d.symbol or "(chưa có số)", shown_subject(d.subject, secret=bool(d.secrecy), readable=True),
                     OUTGOING_LABELS.get(d.state, d.state), d.unit.name if d.unit else ""])
    result.append(("Văn bản đi chờ quá lâu", rows, found.hidden))
    return result


def _period_line(report) -> str:
    return (f"{report.where} — từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y}; "
            f"tình hình đến {timezone.localtime(report.made_at):%H:%M %d/%m/%Y}")


def handling_xlsx(report, *, user) -> bytes:
    # Write-only mode streams rows: a year of a large organization's lists stays fast.
    book = Workbook(write_only=True)

    def put(sheet, values, font=None, fill=None):
        cells = []
        for value in values:
            cell = as_text(WriteOnlyCell(sheet, value=value))
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            cells.append(cell)
        sheet.append(cells)

    summary = book.create_sheet("Tổng hợp")
    summary.column_dimensions["A"].width = 34
    put(summary, [TITLE], BIG)
    put(summary, [_period_line(report)])
    sections = [("I. Văn bản đến theo đơn vị chủ trì", incoming_table(report)),
                ("II. Văn bản đến theo người chủ trì", people_table(report)),
                ("III. Văn bản đi theo trạng thái và thời gian xử lý", outgoing_table(report))]
    for heading, rows in sections:
        put(summary, [])
        put(summary, [heading], BOLD)
        put(summary, rows[0], BOLD, FILL)
        for row in rows[1:]:
            put(summary, row)
    put(summary, [])
    put(summary, [f"Văn bản đến không có hạn xử lý (không tính vào các tỷ lệ): {report.incoming.without_deadline}"])
    for heading, rows, hidden in document_lists(report, user):
        sheet = book.create_sheet(heading[:31])
        sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 20, 60
        put(sheet, rows[0], BOLD, FILL)
        for row in rows[1:]:
            put(sheet, row)
        if hidden:
            put(sheet, [f"Và {hidden} văn bản bạn không có quyền xem."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(rows: list[list], st, widths=None) -> Table:
    body = [[Paragraph(_esc(v), st["head"] if i == 0 else st["cell"]) for v in row] for i, row in enumerate(rows)]
    table = LongTable(body, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), reportlab_serif("regular")), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def handling_pdf(report, *, user) -> bytes:
    st = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=TITLE.capitalize(), author=report.scope.organization.name)
    width = page[0] - 35 * mm
    header = Table([[Paragraph(_esc(report.scope.organization.name.upper()), st["org"]),
                     Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập - Tự do - Hạnh phúc", st["motto"])]],
                   colWidths=[width * 0.45, width * 0.55])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [header, Paragraph(TITLE, st["title"]), Paragraph(_esc(_period_line(report)), st["subtitle"])]
    story += [Paragraph("I. Văn bản đến theo đơn vị chủ trì", st["h2"]),
              _table(incoming_table(report), st, [width * 0.28] + [width * 0.72 / 5] * 5),
              Paragraph(f"Văn bản đến không có hạn xử lý (không tính vào các tỷ lệ): "
                        f"{report.incoming.without_deadline}.", st["note"]),
              Paragraph("II. Văn bản đến theo người chủ trì", st["h2"]),
              _table(people_table(report), st, [width * 0.28] + [width * 0.72 / 5] * 5),
              Paragraph("III. Văn bản đi theo trạng thái và thời gian xử lý", st["h2"]),
              _table(outgoing_table(report), st, [width * 0.16] + [width * 0.84 / 13] * 13),
              Paragraph(f"Chờ quá lâu: đang trình duyệt hoặc chờ ký quá {report.outgoing.waiting_days} ngày làm việc "
                        "kể từ lần trình gần nhất, hoặc đã ký mà chưa phát hành quá thời hạn phát hành.", st["note"])]
    limit = conf.get("REPORT_PDF_MAX_ROWS")  # longer lists are whole in the Excel file
    for number, (heading, rows, hidden) in enumerate(document_lists(report, user), start=4):
        story.append(Paragraph(f"{'IV' if number == 4 else 'V' if number == 5 else 'VI'}. {_esc(heading)} "
                               f"({len(rows) - 1 + hidden})", st["h2"]))
        if len(rows) > 1:
            story.append(_table(rows[:limit + 1], st, [width * 0.15, width * 0.45]
                                + [width * 0.4 / (len(rows[0]) - 2)] * (len(rows[0]) - 2)))
            if len(rows) - 1 > limit:
                story.append(Paragraph(f"… và {len(rows) - 1 - limit} văn bản khác: xem đầy đủ trong tệp Excel.",
                                       st["note"]))
        else:
            story.append(Paragraph("Không có." if not hidden else "", st["note"]))
        if hidden:
            story.append(Paragraph(f"Và {hidden} văn bản bạn không có quyền xem.", st["note"]))
    story += [Spacer(1, 6 * mm), Paragraph(
        f"Báo cáo lập lúc {timezone.localtime(report.made_at):%H:%M %d/%m/%Y} "
        "bởi Hệ thống quản lý văn bản và điều hành.", st["note"])]
    doc.build(story)
    return buffer.getvalue()
