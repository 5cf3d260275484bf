"""Generator of NĐ30-format paper documents and their scans, for the scan-extraction benchmark and tests.

`document_make(seed)` draws a document (issuer, số/ký hiệu, place and date, type, trích yếu,
signer) laid out as Phụ lục I places the header: issuing agency top left with the number under
it, quốc hiệu and place/date top right, type name and trích yếu centred (or "V/v ..." under the
number for a công văn), "Nơi nhận" bottom left, signer's authority, signature and name bottom right.
It returns the PDF (reportlab, the project's Vietnamese serif fonts) and what a clerk should read
off it. `scan_make(pdf, noisy=...)` renders page 1 with pdftoppm at 300 dpi; noisy adds what a
scanner and an office add: skew up to ±2°, blur, speckle, a red round seal over the signer's name,
JPEG compression.

    .venv/bin/python bench/scan_docs.py OUT_DIR [COUNT]   # writes doc-N.pdf, scan-N.png, noisy-N.jpg, truth.json
"""

from __future__ import annotations

import io
import json
import math
import random
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from signatures.fonts import reportlab_serif, serif_font_path  # noqa: E402

# (superior body or "", issuing agency as printed, its abbreviation, place name, drafting units)
ISSUERS = [
    ("", "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "UBND", "Bắc Kạn", ["VXNV", "KT", "NC", "TH"]),
    ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "SỞ TÀI CHÍNH", "STC", "Bắc Kạn", ["QLNS", "VP", "TCDN"]),
    ("ỦY BAN NHÂN DÂN TỈNH TÂY NINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT", "Tây Ninh", ["GDTrH", "VP", "TCCB"]),
    ("", "VĂN PHÒNG CHÍNH PHỦ", "VPCP", "Hà Nội", ["KSTT", "TCCV", "KGVX"]),
    ("", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "BTTTT", "Hà Nội", ["THH", "VP", "CĐSQG"]),
    ("ỦY BAN NHÂN DÂN HUYỆN CHỢ ĐỒN", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", "TNMT", "Chợ Đồn", ["ĐĐ", "MT"]),
    ("BỘ Y TẾ", "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH", "KCB", "Hà Nội", ["NV", "PHCN", "QLCL"]),
    ("", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "UBND", "Đà Nẵng", ["KT", "VX", "ĐT"]),
    ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "SỞ NỘI VỤ", "SNV", "Bắc Kạn", ["CCVC", "TCBM", "VP"]),
    ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT", "Hạ Long", ["ĐKKD", "TH"]),
]
# (name as printed, abbreviation; "" = công văn)
TYPES = [
    ("CÔNG VĂN", ""), ("QUYẾT ĐỊNH", "QĐ"), ("THÔNG BÁO", "TB"), ("KẾ HOẠCH", "KH"), ("BÁO CÁO", "BC"),
    ("TỜ TRÌNH", "TTr"), ("GIẤY MỜI", "GM"), ("CHỈ THỊ", "CT"), ("HƯỚNG DẪN", "HD"),
]
SUBJECTS = [
    "tăng cường sử dụng văn bản điện tử trong hoạt động của cơ quan nhà nước",
    "triển khai chữ ký số chuyên dùng cho lãnh đạo các sở, ban, ngành",
    "phê duyệt kế hoạch tuyển dụng viên chức năm 2026",
    "tổ chức hội nghị tổng kết công tác văn thư, lưu trữ",
    "đôn đốc thực hiện gửi, nhận văn bản qua Trục liên thông văn bản quốc gia",
    "kiện toàn Ban chỉ đạo chuyển đổi số của tỉnh",
    "phân bổ kinh phí sự nghiệp giáo dục và đào tạo",
    "kết quả kiểm tra công tác cải cách hành chính quý III",
    "phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa lũ",
    "điều chỉnh quy hoạch sử dụng đất đến năm 2030",
    "bảo đảm an toàn thông tin mạng trong dịp nghỉ lễ",
    "góp ý dự thảo quy chế quản lý hồ sơ điện tử",
    "cử cán bộ tham dự lớp bồi dưỡng nghiệp vụ văn thư",
    "thực hiện chế độ báo cáo thống kê định kỳ",
]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Cường", "Phạm Thị Dung", "Hoàng Đức Em",
           "Vũ Thị Hạnh", "Đỗ Minh Khoa", "Bùi Thị Lan", "Ngô Xuân Mạnh", "Đặng Thị Ngọc", "Lý Văn Phúc",
           "Hà Thị Quỳnh", "Nông Văn Sơn", "Triệu Thị Thu", "Đinh Công Tuấn"]
# The signer's title lines by the issuer's kind.
TITLES = {
    "UBND": [("CHỦ TỊCH",), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")],
    "SỞ": [("GIÁM ĐỐC",), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")],
    "BỘ": [("BỘ TRƯỞNG",), ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), ("TL. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG")],
    "VPCP": [("BỘ TRƯỞNG, CHỦ NHIỆM",), ("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM")],
    "PHÒNG": [("TRƯỞNG PHÒNG",), ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG")],
    "CỤC": [("CỤC TRƯỞNG",), ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG")],
}
BODY = ("Thực hiện chỉ đạo của cấp trên về việc nâng cao hiệu quả công tác quản lý văn bản và điều hành, "
        "đề nghị các cơ quan, đơn vị khẩn trương rà soát, tổng hợp kết quả và báo cáo trước ngày 30 hằng tháng. "
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về cơ quan chủ trì để được hướng dẫn.")


@dataclass(frozen=True)
class Truth:
    """What a clerk reads off the document (the fields the extraction must find)."""

    issuer: str
    symbol: str
    place: str
    issued_on: str
    document_type: str
    subject: str
    signer_name: str
    signer_title: str


def _titles_for(name: str, abbr: str) -> list[tuple[str, ...]]:
    if abbr == "VPCP":
        return TITLES["VPCP"]
    for key in ("ỦY BAN", "SỞ", "BỘ", "PHÒNG", "CỤC"):
        if name.startswith(key):
            return TITLES["UBND" if key == "ỦY BAN" else key]
    return TITLES["SỞ"]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _date_text(place: str, day: date) -> str:
    # Phụ lục I: days under 10 and months under 3 take a leading zero.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def document_make(seed: int) -> tuple[bytes, Truth]:
    """A one-page document drawn from `seed`: its PDF and the fields printed on it."""
    rnd = random.Random(seed)
    superior, issuer, abbr, place, units = rnd.choice(ISSUERS)
    type_name, type_abbr = rnd.choice(TYPES)
    number = rnd.choice([rnd.randint(1, 9), rnd.randint(10, 99), rnd.randint(100, 2999)])
    number_text = f"{number:02d}"
    symbol = f"{number_text}/{abbr}-{rnd.choice(units)}" if not type_abbr else f"{number_text}/{type_abbr}-{abbr}"
    day = date(rnd.choice([2024, 2025, 2026]), rnd.randint(1, 12), rnd.randint(1, 28))
    subject = rnd.choice(SUBJECTS)
    if type_abbr in ("QĐ", "CT", "TB"):
        subject = "Về việc " + subject
    else:
        subject = subject[0].upper() + subject[1:]
    titles = rnd.choice(_titles_for(issuer, abbr))
    signer = rnd.choice(SIGNERS)

    regular, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4)
    width, height = A4
    left, right = 30 * mm, width - 15 * mm
    left_centre, right_centre = left + 35 * mm, right - 48 * mm
    top = height - 22 * mm
    # Ô 2 and 3: the issuing agency, the number under it.
    y = top
    if superior:
        c.setFont(regular, 11.5)
        for line in _wrap(superior, regular, 11.5, 66 * mm):
            c.drawCentredString(left_centre, y, line)
            y -= 14
    c.setFont(bold, 12)
    issuer_lines = _wrap(issuer, bold, 12, 66 * mm)
    for line in issuer_lines:
        c.drawCentredString(left_centre, y, line)
        y -= 15
    c.line(left_centre - 12 * mm, y + 11, left_centre + 12 * mm, y + 11)
    y = min(y - 10, top - 44)  # the number shares its row with the place and date, under the tiêu ngữ
    c.setFont(regular, 13)
    c.drawCentredString(left_centre, y, f"Số: {symbol}")
    number_y = y
    if not type_abbr:  # ô 5b: a công văn's trích yếu under the number
        c.setFont(regular, 12)
        y -= 18
        for line in _wrap("V/v " + subject, regular, 12, 75 * mm):
            c.drawCentredString(left_centre, y, line)
            y -= 14
    # Ô 1 and 4: quốc hiệu, tiêu ngữ, place and date.
    c.setFont(bold, 11.5)
    c.drawCentredString(right_centre, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.setFont(bold, 13)
    c.drawCentredString(right_centre, top - 15, "Độc lập - Tự do - Hạnh phúc")
    c.line(right_centre - 28 * mm, top - 19, right_centre + 28 * mm, top - 19)
    c.setFont(italic, 13)
    c.drawCentredString(right_centre, number_y, _date_text(place, day))
    y = min(y, number_y) - 30
    centre = (left + right) / 2
    if type_abbr:  # ô 5a: type name, trích yếu under it, centred
        c.setFont(bold, 14)
        c.drawCentredString(centre, y, type_name)
        y -= 18
        c.setFont(bold, 13.5)
        for line in _wrap(subject, bold, 13.5, 130 * mm):
            c.drawCentredString(centre, y, line)
            y -= 17
        c.line(centre - 20 * mm, y + 4, centre + 20 * mm, y + 4)
        y -= 14
    else:
        c.setFont(regular, 14)
        c.drawString(left + 20 * mm, y, f"Kính gửi: {rnd.choice(['Các sở, ban, ngành', 'Ủy ban nhân dân các huyện', 'Văn phòng Chính phủ'])}.")
        y -= 26
    c.setFont(regular, 14)
    for line in _wrap(BODY, regular, 14, right - left - 5 * mm):
        c.drawString(left + 5 * mm, y, line)
        y -= 20
    # Ô 9b and 7: Nơi nhận on the left, the signer on the right.
    y -= 14
    sign_top = y
    c.setFont(bold, 12)
    c.drawString(left, y, "Nơi nhận:")
    c.setFont(regular, 11)
    for line in ("- Như trên;", "- Lãnh đạo cơ quan;", f"- Lưu: VT, {units[0]}."):
        y -= 14
        c.drawString(left, y, line)
    y = sign_top
    c.setFont(bold, 13)
    for line in titles:
        c.drawCentredString(right_centre, y, line)
        y -= 16
    # The handwritten signature: a blue scrawl.
    c.setStrokeColorRGB(0.1, 0.2, 0.75)
    c.setLineWidth(1.2)
    path = c.beginPath()
    x0, y0 = right_centre - 18 * mm, y - 28
    path.moveTo(x0, y0)
    for i in range(1, 24):
        path.lineTo(x0 + i * 1.6 * mm, y0 + 9 * math.sin(i * 1.3 + seed))
    c.drawPath(path)
    c.setStrokeColorRGB(0, 0, 0)
    y -= 70
    c.setFont(bold, 13.5)
    c.drawCentredString(right_centre, y, signer)
    c.showPage()
    c.save()
    truth = Truth(issuer=issuer, symbol=symbol, place=place, issued_on=day.isoformat(),
                  document_type=type_name[0] + type_name[1:].lower(),
                  subject=subject, signer_name=signer, signer_title=", ".join(titles))
    return buffer.getvalue(), truth


def pdf_render(pdf: bytes, *, dpi: int = 300) -> Image.Image:
    """Page 1 of `pdf` as an RGB image (pdftoppm)."""
    with tempfile.TemporaryDirectory(prefix="qlvb-scan-") as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(source), f"{tmp}/page"],
                       check=True, capture_output=True)
        page = next(Path(tmp).glob("page*.png"))
        return Image.open(page).convert("RGB")


def _seal(size: int, rnd: random.Random) -> Image.Image:
    """A red round seal (transparent outside) of `size` pixels."""
    seal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    red = (205, 30, 35, 200)
    w = max(4, size // 45)
    draw.ellipse((w, w, size - w, size - w), outline=red, width=w)
    draw.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), outline=red, width=max(2, w // 2))
    font = ImageFont.truetype(str(serif_font_path("bold")), size // 12)
    text = "ỦY BAN NHÂN DÂN * TỈNH BẮC KẠN * "
    for i, ch in enumerate(text):
        angle = 2 * math.pi * i / len(text) - math.pi / 2
        x = size / 2 + math.cos(angle) * size * 0.37
        y = size / 2 + math.sin(angle) * size * 0.37
        glyph = Image.new("RGBA", (size // 8, size // 8), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size // 32, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(angle) - 90, expand=False)
        seal.alpha_composite(glyph, (int(x - size // 16), int(y - size // 16)))
    star = [(size / 2 + math.cos(math.pi / 2 + k * 4 * math.pi / 5) * size * 0.12,
             size / 2 - math.sin(math.pi / 2 + k * 4 * math.pi / 5) * size * 0.12) for k in range(5)]
    draw.polygon(star, fill=red)
    return seal.rotate(rnd.uniform(-30, 30))


def scan_make(pdf: bytes, *, noisy: bool, seed: int = 0, dpi: int = 300) -> bytes:
    """A scan of page 1: PNG when clean, JPEG with a scanner's and an office's noise when noisy."""
    page = pdf_render(pdf, dpi=dpi)
    if not noisy:
        out = io.BytesIO()
        page.save(out, "PNG", dpi=(dpi, dpi))
        return out.getvalue()
    rnd = random.Random(seed * 7919 + 1)
    width, height = page.size
    # The seal: over the signer's name, about where the clerk presses it (bottom right quarter).
    size = int(dpi * 1.45)  # about 37 mm
    name_row = _signer_row(page)
    cx = int(width * 0.66) + rnd.randint(-dpi // 6, dpi // 10)
    cy = (name_row or int(height * 0.7)) - size // 3 + rnd.randint(-dpi // 10, dpi // 10)
    rgba = page.convert("RGBA")
    rgba.alpha_composite(_seal(size, rnd), (cx - size // 2, cy - size // 2))
    page = rgba.convert("RGB")
    page = page.rotate(rnd.uniform(-2, 2), resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    page = page.filter(ImageFilter.GaussianBlur(rnd.uniform(0.6, 1.2)))
    # Speckle: dust and toner dots.
    draw = ImageDraw.Draw(page)
    for _ in range(rnd.randint(400, 900)):
        x, y = rnd.randrange(width), rnd.randrange(height)
        r = rnd.choice([1, 1, 2, 3])
        shade = rnd.randint(0, 90) if rnd.random() < 0.8 else 255
        draw.ellipse((x, y, x + r, y + r), fill=(shade, shade, shade))
    # A grey cast, as paper is not white.
    page = Image.eval(page, lambda v: int(v * 0.92 + 8))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=rnd.randint(35, 60), dpi=(dpi, dpi))
    return out.getvalue()


def _signer_row(page: Image.Image) -> int | None:
    """The y of the lowest text row in the right half (the signer's name), to put the seal on it."""
    grey = page.convert("L")
    width, height = grey.size
    box = grey.crop((width // 2, height // 4, width, height))
    pixels = box.load()
    bw, bh = box.size
    for y in range(bh - 1, 0, -4):
        if any(pixels[x, y] < 100 for x in range(0, bw, 3)):
            return height // 4 + y
    return None


def main() -> None:
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    out.mkdir(parents=True, exist_ok=True)
    truths = {}
    for seed in range(count):
        pdf, truth = document_make(seed)
        (out / f"doc-{seed}.pdf").write_bytes(pdf)
        (out / f"scan-{seed}.png").write_bytes(scan_make(pdf, noisy=False, seed=seed))
        (out / f"noisy-{seed}.jpg").write_bytes(scan_make(pdf, noisy=True, seed=seed))
        truths[seed] = asdict(truth)
    (out / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1))
    print(f"{count} documents in {out}")


if __name__ == "__main__":
    main()
