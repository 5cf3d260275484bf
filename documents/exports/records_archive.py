"""The two papers of a transfer into the organization's archive, as PDF (A4, the project's serif font):

- "Mục lục hồ sơ, tài liệu nộp lưu" (NĐ30 Phụ lục V, mẫu III): one row per hồ sơ — số TT, số và ký
  hiệu, tiêu đề, thời gian tài liệu, thời hạn bảo quản, số tờ/số trang, ghi chú — and its count in
  figures and words;
- "Biên bản giao nhận hồ sơ, tài liệu" (mẫu V): bên giao and bên nhận with names and titles, the
  name of the block of documents, its dates, the number of hồ sơ and files (electronic hồ sơ), their
  condition, the signatures' places, and the mục lục attached.

The functions take plain data (`TransferSheet`): no database here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from signatures.fonts import reportlab_serif

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _below_thousand(n: int, full: bool) -> list[str]:
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if ones:
        if ones == 1 and tens > 1:
            words.append("mốt")
        elif ones == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(_DIGITS[ones])
    return words


def number_in_words(n: int) -> str:
    """A count as Vietnamese words, as the forms ask ("Viết bằng chữ"): 21 → "hai mươi mốt"."""
    if n == 0:
        return "không"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    names = ["", "nghìn", "triệu", "tỷ"]
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _below_thousand(group, full=bool(words))
        if names[index]:
            words.append(names[index])
    return " ".join(words)


@dataclass
class CatalogueRow:
    code: str
    title: str
    period: str  # thời gian tài liệu: "2025" or "2024 - 2025"
    retention: str  # "Vĩnh viễn", "10 năm"
    pages: str  # số tờ/số trang
    notes: str = ""


@dataclass
class TransferSheet:
    organization: str
    parent: str
    place: str
    block_name: str  # tên khối tài liệu giao nộp
    year_label: str  # "Năm 2025" on the mục lục
    period: str  # thời gian của hồ sơ, tài liệu
    basis: str  # căn cứ (the catalogue of the year)
    giver_name: str
    giver_title: str
    giver_unit: str
    receiver_name: str
    receiver_title: str
    accepted_at: dt.datetime
    file_count: int
    condition: str
    rows: list[CatalogueRow] = field(default_factory=list)

    @property
    def date_line(self) -> str:
        day = self.accepted_at
        return f"{self.place or '……'}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")

    def style(name, font, size, leading, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

    return {
        "head": style("head", regular, 12, 15, alignment=TA_CENTER),
        "head_bold": style("head_bold", bold, 12, 15, alignment=TA_CENTER),
        "motto": style("motto", bold, 13, 16, alignment=TA_CENTER),
        "title": style("title", bold, 14, 18, alignment=TA_CENTER, spaceBefore=8 * mm),
        "subtitle": style("subtitle", bold, 13, 17, alignment=TA_CENTER),
        "body": style("body", regular, 13, 18, alignment=TA_JUSTIFY, spaceAfter=2),
        "italic": style("italic", italic, 13, 17, alignment=TA_CENTER),
        "cell": style("cell", regular, 10, 12),
        "cell_center": style("cell_center", regular, 10, 12, alignment=TA_CENTER),
        "cell_head": style("cell_head", bold, 10, 12, alignment=TA_CENTER),
        "sign": style("sign", bold, 12, 15, alignment=TA_CENTER),
        "sign_note": style("sign_note", italic, 11, 14, alignment=TA_CENTER),
    }


def _t(value: str) -> str:
    return escape(value or "").replace("\n", "<br/>")


WIDTH = A4[0] - 40 * mm


def _heading(sheet: TransferSheet, s, *, date: bool) -> Table:
    left = []
    if sheet.parent:
        left.append(Paragraph(_t(sheet.parent.upper()), s["head"]))
    left += [Paragraph(_t(sheet.organization.upper()), s["head_bold"]), Paragraph("________", s["head"])]
    right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["motto"]),
             Paragraph("Độc lập - Tự do - Hạnh phúc", s["head_bold"]), Paragraph("________________", s["head"])]
    if date:
        right.append(Paragraph(_t(sheet.date_line), s["italic"]))
    table = Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _catalogue_story(sheet: TransferSheet, s) -> list:
    story = [_heading(sheet, s, date=False),
             Paragraph("MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", s["title"]),
             Paragraph(_t(sheet.block_name), s["subtitle"]),
             Paragraph(_t(sheet.year_label), s["subtitle"]),
             Paragraph("________", s["head"]), Spacer(1, 4 * mm)]
    heads = ["Số TT", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian tài liệu", "Thời hạn bảo quản",
             "Số tờ/ Số trang", "Ghi chú"]
    widths = [10, 24, 62, 22, 20, 16, 16]
    scale = WIDTH / sum(w * mm for w in widths)
    data = [[Paragraph(h, s["cell_head"]) for h in heads],
            [Paragraph(f"({i})", s["cell_head"]) for i in range(1, len(heads) + 1)]]
    for number, row in enumerate(sheet.rows, start=1):
        data.append([Paragraph(str(number), s["cell_center"]), Paragraph(_t(row.code), s["cell"]),
                     Paragraph(_t(row.title), s["cell"]), Paragraph(_t(row.period), s["cell_center"]),
                     Paragraph(_t(row.retention), s["cell_center"]), Paragraph(_t(row.pages), s["cell_center"]),
                     Paragraph(_t(row.notes), s["cell"])])
    table = LongTable(data, colWidths=[w * mm * scale for w in widths], repeatRows=2)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    count = len(sheet.rows)
    story += [table, Spacer(1, 5 * mm),
              Paragraph(f"Mục lục này gồm: {count} hồ sơ (đơn vị bảo quản).", s["body"]),
              Paragraph(f"Viết bằng chữ: {number_in_words(count)} hồ sơ (đơn vị bảo quản).", s["body"]),
              Spacer(1, 6 * mm)]
    signature = Table([["", [Paragraph(_t(sheet.date_line), s["italic"]), Paragraph("NGƯỜI LẬP", s["sign"]),
                             Paragraph("(Ký và ghi rõ họ và tên, chức vụ)", s["sign_note"]), Spacer(1, 14 * mm),
                             Paragraph(_t(sheet.giver_name), s["sign"]),
                             Paragraph(_t(sheet.giver_title), s["sign_note"])]]],
                      colWidths=[WIDTH * 0.4, WIDTH * 0.6])
    story.append(KeepTogether([signature]))
    return story


def _document(title: str, author: str):
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=title, author=author, creator="QLVB")
    return out, doc


def submission_catalogue_pdf(sheet: TransferSheet) -> bytes:
    """Mục lục hồ sơ, tài liệu nộp lưu (Phụ lục V, mẫu III)."""
    out, doc = _document("Mục lục hồ sơ, tài liệu nộp lưu", sheet.organization)
    doc.build(_catalogue_story(sheet, _styles()))
    return out.getvalue()


def transfer_minutes_pdf(sheet: TransferSheet) -> bytes:
    """Biên bản giao nhận hồ sơ, tài liệu (Phụ lục V, mẫu V), the mục lục attached after it."""
    s = _styles()
    body = s["body"]
    count = len(sheet.rows)
    giver = sheet.giver_name + (f" — {sheet.giver_unit}" if sheet.giver_unit else "")
    story = [
        _heading(sheet, s, date=True),
        Paragraph("BIÊN BẢN", s["title"]),
        Paragraph("Giao nhận hồ sơ, tài liệu", s["subtitle"]),
        Paragraph("________", s["head"]), Spacer(1, 4 * mm),
        Paragraph("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
                  body),
        Paragraph(f"Căn cứ {_t(sheet.basis)};", body),
        Paragraph("Chúng tôi gồm:", body),
        Paragraph(f"<b>BÊN GIAO:</b> {_t(giver)}", body),
        Paragraph(f"Ông (bà): {_t(sheet.giver_name)}", body),
        Paragraph(f"Chức vụ công tác: {_t(sheet.giver_title)}", body),
        Paragraph(f"<b>BÊN NHẬN:</b> Lưu trữ cơ quan — {_t(sheet.organization)}", body),
        Paragraph(f"Ông (bà): {_t(sheet.receiver_name)}", body),
        Paragraph(f"Chức vụ công tác: {_t(sheet.receiver_title)}", body),
        Paragraph("Thống nhất lập biên bản giao nhận tài liệu với những nội dung như sau:", body),
        Paragraph(f"1. Tên khối tài liệu giao nộp: {_t(sheet.block_name)}", body),
        Paragraph(f"2. Thời gian của hồ sơ, tài liệu: {_t(sheet.period)}", body),
        Paragraph("3. Số lượng tài liệu:", body),
        Paragraph("a) Đối với hồ sơ, tài liệu giấy: không có (hồ sơ giao nộp là hồ sơ điện tử).", body),
        Paragraph("b) Đối với hồ sơ, tài liệu điện tử:", body),
        Paragraph(f"- Tổng số hồ sơ: {count} ({number_in_words(count)}) hồ sơ.", body),
        Paragraph(f"- Tổng số tệp tin trong hồ sơ: {sheet.file_count} ({number_in_words(sheet.file_count)}) tệp tin.",
                  body),
        Paragraph(f"4. Tình trạng tài liệu giao nộp: {_t(sheet.condition)}", body),
        Paragraph("5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo.", body),
        Paragraph("Biên bản này được lập thành hai bản; bên giao giữ một bản, bên nhận giữ một bản./.", body),
        Spacer(1, 6 * mm),
    ]
    signatures = Table([[
        [Paragraph("ĐẠI DIỆN BÊN GIAO", s["sign"]), Paragraph("(Ký và ghi rõ họ và tên)", s["sign_note"]),
         Spacer(1, 16 * mm), Paragraph(_t(sheet.giver_name), s["sign"])],
        [Paragraph("ĐẠI DIỆN BÊN NHẬN", s["sign"]), Paragraph("(Ký và ghi rõ họ và tên)", s["sign_note"]),
         Spacer(1, 16 * mm), Paragraph(_t(sheet.receiver_name), s["sign"])],
    ]], colWidths=[WIDTH / 2, WIDTH / 2])
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [KeepTogether([signatures]), PageBreak(), *_catalogue_story(sheet, s)]
    out, doc = _document("Biên bản giao nhận hồ sơ, tài liệu", sheet.organization)
    doc.build(story)
    return out.getvalue()
