"""Realistic input for tests and benchmarks: an A4 decision laid out as Nghị định 30 asks.

The document has the national motto, the issuing organization and number,
body text, and on its last page the signing block: the signer's authority
and title in bold capitals, room for the signature, and the signer's name.
Text is set in Liberation Serif (metric-compatible Times New Roman), embedded.
"""

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from signatures.fonts import reportlab_serif

BODY = (
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; "
    "xét đề nghị của Chánh Văn phòng, Bộ trưởng quyết định triển khai hệ thống quản lý văn bản và "
    "điều hành, bảo đảm văn bản điện tử được ký số đúng thể thức, gửi nhận kịp thời, đầy đủ, "
    "không trùng lặp và được theo dõi trạng thái xử lý tự động."
)


@dataclass(frozen=True)
class SampleDocument:
    """What the sample says, so tests can look for it."""

    organization: str = "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"
    number: str = "Số: 807/QĐ-BTTTT"
    place_date: str = "Hà Nội, ngày 01 tháng 02 năm 2021"
    kind: str = "QUYẾT ĐỊNH"
    subject: str = "Về việc triển khai hệ thống quản lý văn bản điện tử"
    authority: str = "KT. BỘ TRƯỞNG"
    title: str = "THỨ TRƯỞNG"
    signer_name: str = "Nguyễn Văn A"
    pages: int = 1


LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
SIGNATURE_ROOM = 32 * mm


def _centered(
    canvas: Canvas,
    x_center: float,
    y: float,
    text: str,
    font: str,
    size: float,
    max_width: float | None = None,
) -> None:
    """Draw centred text, shrinking it (as typists do) if it would not fit ``max_width``."""
    while max_width and size > 8 and stringWidth(text, font, size) > max_width:
        size -= 0.5
    canvas.setFont(font, size)
    canvas.drawCentredString(x_center, y, text)


def _header(canvas: Canvas, doc: SampleDocument, regular: str, bold: str) -> float:
    width, height = A4
    left_center = LEFT + 34 * mm
    right_center = width - RIGHT - 46 * mm
    y = height - TOP - 12
    _centered(canvas, left_center, y, doc.organization, bold, 12, max_width=66 * mm)
    _centered(canvas, right_center, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 12)
    y -= 16
    _centered(canvas, right_center, y, "Độc lập - Tự do - Hạnh phúc", bold, 13)
    y -= 22
    _centered(canvas, left_center, y, doc.number, regular, 13)
    _centered(canvas, right_center, y, doc.place_date, reportlab_serif("italic"), 13)
    y -= 36
    _centered(canvas, width / 2, y, doc.kind, bold, 14)
    y -= 18
    _centered(canvas, width / 2, y, doc.subject, bold, 14)
    return y - 30


def _paragraphs(canvas: Canvas, y: float, count: int, regular: str) -> float:
    width = A4[0] - LEFT - RIGHT
    canvas.setFont(regular, 13)
    for index in range(count):
        for line in simpleSplit(f"{index + 1}. {BODY}", regular, 13, width):
            canvas.drawString(LEFT, y, line)
            y -= 18
        y -= 8
    return y


def _signing_block(canvas: Canvas, doc: SampleDocument, y: float, regular: str, bold: str) -> None:
    width = A4[0]
    center = width - RIGHT - 45 * mm
    canvas.setFont(reportlab_serif("bold_italic"), 12)
    canvas.drawString(LEFT, y, "Nơi nhận:")
    _centered(canvas, center, y, doc.authority, bold, 14)
    canvas.setFont(regular, 11)
    for offset, line in enumerate(("- Như Điều 3;", "- Văn phòng Chính phủ;", "- Lưu: VT, VP.")):
        canvas.drawString(LEFT, y - 16 * (offset + 1), line)
    _centered(canvas, center, y - 18, doc.title, bold, 14)
    _centered(canvas, center, y - 18 - SIGNATURE_ROOM, doc.signer_name, bold, 14)


def nd30_document(doc: SampleDocument | None = None) -> bytes:
    """Render ``doc`` as PDF bytes (deterministic for the same input)."""
    doc = doc or SampleDocument()
    regular, bold = reportlab_serif("regular"), reportlab_serif("bold")
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True, pageCompression=1, initialFontName=regular)
    canvas.setTitle(f"{doc.kind} {doc.number}")
    for page in range(doc.pages):
        if page == 0:
            y = _header(canvas, doc, regular, bold)
        else:
            y = A4[1] - TOP - 12
        last = page == doc.pages - 1
        y = _paragraphs(canvas, y, 2 if last else 6, regular)
        if last:
            _signing_block(canvas, doc, y - 10, regular, bold)
        canvas.setFont(regular, 11)
        canvas.drawCentredString(A4[0] / 2, BOTTOM - 8, str(page + 1))
        canvas.showPage()
    canvas.save()
    return out.getvalue()
