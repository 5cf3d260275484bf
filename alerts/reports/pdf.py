"""The daily report as a PDF (A4, Times-compatible serif with Vietnamese letters).

Long lists are cut at REPORT_PDF_MAX_ROWS rows with a note; the Excel file holds them whole.
"""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.tables import LongTable

from signatures.fonts import reportlab_serif

from .. import conf
from ..models import DailyReport
from .sections import SECTIONS


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")
    return {
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=12.5),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5),
        "org": ParagraphStyle("org", fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER),
        "motto": ParagraphStyle("motto", fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER,
                                spaceBefore=10),
        "subtitle": ParagraphStyle("subtitle", fontName=italic, fontSize=10.5, leading=13, alignment=TA_CENTER,
                                   spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=14, spaceBefore=10, spaceAfter=4),
        "note": ParagraphStyle("note", fontName=italic, fontSize=9, leading=11),
    }


def _esc(text) -> str:
    return (str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _signed(value) -> str:
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)


def _chart(report: DailyReport, font: str) -> Drawing:
    counts = report.figures["counts"]
    keys = [s.key for s in SECTIONS]
    drawing = Drawing(170 * mm, 62 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 72 * mm, 4 * mm, 92 * mm, 56 * mm
    chart.data = [[counts.get(k, 0) for k in reversed(keys)]]
    chart.categoryAxis.categoryNames = [s.title.replace("Văn bản ", "").capitalize()[:44] for s in reversed(SECTIONS)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = colors.HexColor("#0d6efd")
    for index, section in enumerate(reversed(SECTIONS)):
        if section.bad and counts.get(section.key):
            chart.bars[(0, index)].fillColor = colors.HexColor("#dc3545")
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def report_pdf(report: DailyReport, lists: dict | None = None) -> bytes:
    """The report with `lists` (default: as made; see gather.lists_for_reader)."""
    lists = report.lists if lists is None else lists
    st = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="Báo cáo tình hình gửi, nhận văn bản điện tử",
                            author=report.organization.name)
    width = page[0] - 35 * mm
    org = report.organization
    header = Table([[Paragraph(_esc(org.name.upper()), st["org"]),
                     Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập - Tự do - Hạnh phúc", st["motto"])]],
                   colWidths=[width * 0.45, width * 0.55])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    start, end = timezone.localtime(report.period_start), timezone.localtime(report.period_end)
    story = [
        header,
        Paragraph("BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ", st["title"]),
        Paragraph(f"Ngày {report.report_date:%d/%m/%Y} — kỳ báo cáo từ {start:%H:%M %d/%m/%Y} "
                  f"đến {end:%H:%M %d/%m/%Y}", st["subtitle"]),
    ]
    counts, previous, change = (report.figures.get(k, {}) for k in ("counts", "previous", "change"))
    rows = [[Paragraph(h, st["head"]) for h in ("TT", "Chỉ tiêu", "Số lượng", "Báo cáo trước", "Thay đổi")]]
    for i, s in enumerate(SECTIONS, 1):
        prev = previous.get(s.key)
        rows.append([str(i), Paragraph(_esc(s.title), st["cell"]), str(counts.get(s.key, 0)),
                     "—" if prev is None else str(prev), _signed(change.get(s.key))])
    summary = Table(rows, colWidths=[12 * mm, 110 * mm, 25 * mm, 30 * mm, 25 * mm], repeatRows=1)
    summary.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), reportlab_serif("regular")), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story += [summary, Spacer(1, 4 * mm), _chart(report, reportlab_serif("regular"))]

    limit = conf.get("REPORT_PDF_MAX_ROWS")
    for i, s in enumerate(SECTIONS, 1):
        items = lists.get(s.key, [])
        heading = Paragraph(f"{i}. {_esc(s.heading)} ({len(items)})", st["h2"])
        if not items:
            story.append(KeepTogether([heading, Paragraph("Không có.", st["note"])]))
            continue
        head = [Paragraph("TT", st["head"])] + [Paragraph(_esc(title), st["head"]) for _, title in s.columns]
        body = [[str(n)] + [Paragraph(_esc(item.get(field, "")), st["cell"]) for field, _ in s.columns]
                for n, item in enumerate(items[:limit], 1)]
        widths = _widths(s.columns, width - 10 * mm)
        table = LongTable([head, *body], colWidths=[10 * mm, *widths], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), reportlab_serif("regular")), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ]))
        story += [heading, table]
        if len(items) > limit:
            story.append(Paragraph(f"… và {len(items) - limit} văn bản khác: xem đầy đủ trong tệp Excel kèm theo.",
                                   st["note"]))
    story += [Spacer(1, 6 * mm), Paragraph(
        f"Báo cáo lập tự động lúc {timezone.localtime(report.created_at or timezone.now()):%H:%M %d/%m/%Y} "
        "bởi Hệ thống quản lý văn bản và điều hành.", st["note"])]
    doc.build(story)
    return buffer.getvalue()


WEIGHTS = {"organization": 0.8, "symbol": 1.2, "subject": 3.0, "recipients": 2.0, "issuer": 1.8, "at": 1.1,
           "state": 1.0, "error": 2.4, "due": 1.1, "codes": 1.6, "missing": 1.2}


def _widths(columns, total: float) -> list[float]:
    weights = [WEIGHTS.get(field, 1.0) for field, _ in columns]
    return [total * w / sum(weights) for w in weights]
