"""Render an administrative document as an A4 PDF in the layout of Nghị định 30, Phụ lục I.

Times New Roman–compatible serif (embedded, Vietnamese glyphs), margins top/bottom 20 mm, left
30 mm, right 15 mm; the organization and national motto blocks, number and place/date line,
"V/v" subject for công văn, "Kính gửi", the body, "Nơi nhận" on the left and the signing block
on the right (competence line, title, space for the signature image, name).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from signatures.fonts import reportlab_serif


@dataclass
class DocumentLayout:
    organization: str  # "VĂN PHÒNG CHÍNH PHỦ"
    symbol: str  # "807/VPCP-KSTT"
    place: str  # "Hà Nội"
    date: dt.date | None  # None for a draft: the system writes it at signing
    subject: str  # trích yếu, after "V/v" for công văn
    body: list[str]
    recipients_to: list[str] = field(default_factory=list)  # Kính gửi
    places: list[str] = field(default_factory=list)  # Nơi nhận
    competence: str = ""  # "KT. BỘ TRƯỞNG", "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""  # "BỘ TRƯỞNG, CHỦ NHIỆM"
    signer_name: str = ""
    parent_organization: str = ""  # the line above the organization, if any


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")
    return {
        "center": ParagraphStyle("center", fontName=regular, fontSize=13, leading=16, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER),
        "center_italic": ParagraphStyle("center_italic", fontName=italic, fontSize=14, leading=17,
                                        alignment=TA_CENTER),
        "vv": ParagraphStyle("vv", fontName=regular, fontSize=12, leading=15, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=regular, fontSize=14, leading=20, alignment=TA_JUSTIFY,
                               firstLineIndent=10 * mm, spaceAfter=6),
        "left": ParagraphStyle("left", fontName=regular, fontSize=14, leading=18, alignment=TA_LEFT),
        "places_head": ParagraphStyle("places_head", fontName=reportlab_serif("bold_italic"), fontSize=12,
                                      leading=14),
        "places": ParagraphStyle("places", fontName=regular, fontSize=11, leading=13),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_document(layout: DocumentLayout) -> bytes:
    s = _styles()
    width = A4[0] - 45 * mm
    if layout.date is None:
        date_line = f"{layout.place}, ngày      tháng      năm {dt.date.today():%Y}"
    else:
        date_line = f"{layout.place}, ngày {layout.date:%d} tháng {layout.date:%m} năm {layout.date:%Y}"
    org_lines = [layout.parent_organization.upper()] if layout.parent_organization else []
    left = [Paragraph(_esc(line), s["center"]) for line in org_lines]
    left += [Paragraph(_esc(layout.organization.upper()), s["center_bold"]), Paragraph("_______", s["center"]),
             Paragraph(f"Số: {_esc(layout.symbol)}", s["center"]), Spacer(1, 2 * mm),
             Paragraph(f"V/v {_esc(layout.subject)}", s["vv"])]
    right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["center_bold"]),
             Paragraph("Độc lập - Tự do - Hạnh phúc", s["center_bold"]), Paragraph("_______________", s["center"]),
             Paragraph(_esc(date_line), s["center_italic"])]
    header = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story = [header, Spacer(1, 8 * mm)]
    if layout.recipients_to:
        story.append(Paragraph("Kính gửi:", s["center"]))
        story += [Paragraph(f"- {_esc(r)}", s["center"]) for r in layout.recipients_to]
        story.append(Spacer(1, 5 * mm))
    story += [Paragraph(_esc(p), s["body"]) for p in layout.body]
    places = [Paragraph("Nơi nhận:", s["places_head"])] + [Paragraph(f"- {_esc(p)}", s["places"])
                                                           for p in layout.places]
    signing = [Paragraph(_esc(layout.competence), s["center_bold"])] if layout.competence else []
    signing += [Paragraph(_esc(layout.signer_title), s["center_bold"]), Spacer(1, 28 * mm),
                Paragraph(_esc(layout.signer_name), s["center_bold"])]
    footer = Table([[places, signing]], colWidths=[width * 0.5, width * 0.5])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 6 * mm), KeepTogether(footer)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=20 * mm, bottomMargin=20 * mm, leftMargin=30 * mm,
                      rightMargin=15 * mm, title=f"{layout.symbol} — {layout.subject}",
                      author=layout.organization).build(story)
    return out.getvalue()
