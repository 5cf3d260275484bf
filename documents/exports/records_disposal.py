"""The lists of keeping back, handover and disposal as documents to print or send: the "Danh mục hồ
sơ, tài liệu giữ lại" (xlsx and PDF, sent to the archive), the handover minute (biên bản bàn giao
hồ sơ) and the disposal list with its decision (PDF). One table layout: the organization, the title,
the lines under it, the table with its header repeated on each page, the signature blocks."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qlvb.spreadsheets import as_text
from signatures.fonts import reportlab_serif


@dataclass
class Sheet:
    organization: str
    title: str
    lines: list[str]
    columns: list[tuple[str, float]]  # (title, width in mm)
    rows: list[list[str]]
    signatures: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    closing: list[str] = field(default_factory=list)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def sheet_pdf(sheet: Sheet) -> bytes:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")
    org = ParagraphStyle("org", fontName=bold, fontSize=12, leading=15, alignment=TA_CENTER)
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, alignment=TA_CENTER, spaceBefore=6 * mm,
                           spaceAfter=2 * mm)
    line = ParagraphStyle("line", fontName=italic, fontSize=11, leading=14, alignment=TA_CENTER)
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=14)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName=bold, fontSize=9, leading=11, alignment=TA_CENTER)
    sign = ParagraphStyle("sign", fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER)
    out = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=18 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=sheet.title, author=sheet.organization, creator="QLVB")
    story = [_p(sheet.organization.upper(), org), _p(sheet.title.upper(), title)]
    story += [_p(text, line) for text in sheet.lines]
    story.append(Spacer(1, 5 * mm))
    widths = [w * mm for _, w in sheet.columns]
    data = [[_p(t, head) for t, _ in sheet.columns]]
    data += [[_p(str(v), cell) for v in row] for row in sheet.rows]
    if not sheet.rows:
        data.append([_p("(không có hồ sơ nào)", cell)] + [""] * (len(sheet.columns) - 1))
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]))
    story.append(table)
    for text in sheet.closing:
        story += [Spacer(1, 3 * mm), _p(text, body)]
    if sheet.signatures:
        story.append(Spacer(1, 10 * mm))
        cells = [[_p(f"{role}\n(Ký, ghi rõ họ tên)\n\n\n\n{name}", sign) for role, name in sheet.signatures]]
        story.append(Table(cells, colWidths=[(page[0] - 33 * mm) / len(sheet.signatures)] * len(sheet.signatures)))
    doc.build(story)
    return out.getvalue()


def sheet_xlsx(sheet: Sheet) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.title[:31]
    last = get_column_letter(len(sheet.columns))
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    heading = [(sheet.organization.upper(), Font(name="Times New Roman", size=12, bold=True)),
               (sheet.title.upper(), Font(name="Times New Roman", size=14, bold=True))]
    heading += [(text, Font(name="Times New Roman", size=12, italic=True)) for text in sheet.lines]
    for row, (text, font) in enumerate(heading, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        c = as_text(ws.cell(row=row, column=1, value=text))
        c.font, c.alignment = font, Alignment(horizontal="center")
    header = len(heading) + 2
    for index, (title, width) in enumerate(sheet.columns, start=1):
        c = ws.cell(row=header, column=index, value=title)
        c.font = Font(name="Times New Roman", size=11, bold=True)
        c.alignment, c.border = Alignment(horizontal="center", vertical="center", wrap_text=True), box
        ws.column_dimensions[get_column_letter(index)].width = round(width / 1.6, 1)
    for r, values in enumerate(sheet.rows, start=header + 1):
        for col, value in enumerate(values, start=1):
            c = as_text(ws.cell(row=r, column=col, value=value))
            c.font, c.alignment, c.border = Font(name="Times New Roman", size=11), Alignment(vertical="top", wrap_text=True), box
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def kept_sheet(keeps, *, organization: str, today) -> Sheet:
    """Danh mục hồ sơ, tài liệu giữ lại (Điều 31.3.d), to send to the archive."""
    rows = []
    for n, k in enumerate(keeps, start=1):
        r = k.record
        rows.append([str(n), r.code, r.title, r.unit.name if r.unit_id else "", str(r.owner), r.retention_label,
                     _d(k.due_on), _d(k.until), k.reason, f"{k.approval_label} ({k.decided_by})"])
    return Sheet(organization=organization, title="Danh mục hồ sơ, tài liệu giữ lại",
                 lines=[f"(Lập ngày {today:%d/%m/%Y}, gửi Lưu trữ cơ quan)"],
                 columns=[("STT", 10), ("Số và ký hiệu hồ sơ", 25), ("Tiêu đề hồ sơ", 55), ("Đơn vị", 25),
                          ("Người lập hồ sơ", 25), ("Thời hạn bảo quản", 17), ("Hạn nộp lưu", 18),
                          ("Giữ lại đến ngày", 18), ("Lý do giữ lại", 35), ("Văn bản đồng ý", 32)],
                 rows=rows)


def handover_sheet(handover) -> Sheet:
    rows = [[str(n), x["code"], x["title"], str(x["year"]), x["retention"], x["started_on"], x["ended_on"],
             str(x["items"]), x["state"]] for n, x in enumerate(handover.listing, start=1)]
    return Sheet(
        organization=handover.organization.name, title="Biên bản bàn giao hồ sơ",
        lines=[f"Lập lúc {handover.at:%H:%M ngày %d/%m/%Y}"
               + (f", tại {handover.unit.name}" if handover.unit_id else "")],
        columns=[("STT", 10), ("Số và ký hiệu hồ sơ", 30), ("Tiêu đề hồ sơ", 80), ("Năm", 14),
                 ("Thời hạn bảo quản", 22), ("Bắt đầu", 20), ("Kết thúc", 20), ("Số văn bản, tài liệu", 20),
                 ("Trạng thái", 28)],
        rows=rows,
        closing=[f"Bên giao: {handover.from_user}. Bên nhận: {handover.to_user}. "
                 f"Người thực hiện: {handover.actor}.",
                 f"Lý do bàn giao: {handover.reason}",
                 f"Bên giao đã bàn giao cho bên nhận {len(rows)} hồ sơ chưa nộp lưu vào Lưu trữ cơ quan "
                 "(Điều 31 khoản 3 điểm đ Nghị định số 30/2020/NĐ-CP)."],
        signatures=[("BÊN GIAO", str(handover.from_user)), ("BÊN NHẬN", str(handover.to_user))])


def disposal_sheet(decision, items) -> Sheet:
    rows = []
    for item in items:
        r = item.record
        meta = item.tombstone.get("record", {}) if item.tombstone else {}
        rows.append([str(item.position), r.code, r.title, str(r.year), r.retention_label,
                     _d(r.work_ended_on), _d(r.retention_ends_on), r.unit.name if r.unit_id else "",
                     str(meta.get("items", r.items.count()))])
    lines = [f"(Lập ngày {decision.proposed_at:%d/%m/%Y} bởi {decision.proposed_by})"]
    if decision.number:
        lines.append(f"Kèm theo {decision.reference}" + (f" do {decision.signer} ký" if decision.signer_id else ""))
    closing = []
    if decision.proposal_note:
        closing.append(f"Thuyết minh: {decision.proposal_note}")
    if decision.reason:
        closing.append(f"Lý do hủy, ý kiến của Hội đồng xác định giá trị tài liệu: {decision.reason}")
    if decision.executed_at:
        closing.append(f"Đã hủy lúc {decision.executed_at:%H:%M ngày %d/%m/%Y}, người thực hiện: {decision.executed_by}.")
    return Sheet(organization=decision.organization.name, title=decision.title, lines=lines,
                 columns=[("STT", 10), ("Số và ký hiệu hồ sơ", 28), ("Tiêu đề hồ sơ", 75), ("Năm", 13),
                          ("Thời hạn bảo quản", 20), ("Kết thúc", 20), ("Hết hạn bảo quản", 22), ("Đơn vị", 30),
                          ("Số văn bản, tài liệu", 20)],
                 rows=rows, closing=closing)
