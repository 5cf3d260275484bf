"""Read the header of a scanned NĐ30 document: issuer, số/ký hiệu, place and date, type, trích yếu, signer.

Phụ lục I places each part: the issuing agency top left with the number under it, quốc hiệu and
place/date top right on the number's row, the type name and trích yếu centred (a công văn has
"V/v ..." under its number instead), the signer's authority, title and name bottom right beside
"Nơi nhận". Tesseract's words are grouped into rows, rows split into segments at wide gaps, and
each segment placed in the left, centre or right column of the page; the fields are read from the
segments where the decree puts them. Text is NFC and common OCR confusions are undone in numbers
and symbols.

`scan_extract(data=...)` is the one entry point (the registration form and `manage.py scan_extract`).
"""

from __future__ import annotations

import re
import statistics
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from documents.services.scan.ocr import Page, Word, page_words, scan_pages

# Type names as printed (upper case) → the name the catalogue uses.
TYPE_NAMES = ["Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo", "Hướng dẫn",
              "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản", "Tờ trình",
              "Hợp đồng", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền", "Giấy mời",
              "Giấy giới thiệu", "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển", "Phiếu báo", "Công văn"]
# The words an agency's name starts with: the last left-column line starting with one is the issuer
# (the lines above it name its superior body, cơ quan chủ quản).
AGENCY_WORDS = ("UY BAN", "SO ", "BO ", "CUC ", "TONG CUC", "CHI CUC", "VU ", "VAN PHONG", "PHONG ", "BAN ",
                "TRUNG TAM", "THANH TRA", "HOI DONG", "UBND", "DANG UY", "TINH UY", "HUYEN UY", "KHO BAC", "BENH VIEN")
# Words of agency names and titles as printed: an upper-case OCR word with the same letters but lost
# or wrong marks ("SƠ" for "SỞ") is put right.
HEADER_WORDS = ("ỦY BAN NHÂN DÂN TỈNH THÀNH PHỐ HUYỆN XÃ PHƯỜNG THỊ TRẤN SỞ BỘ CỤC VỤ VĂN PHÒNG CHÍNH PHỦ "
                "NỘI TÀI CHÍNH KẾ HOẠCH ĐẦU TƯ GIÁO DỤC ĐÀO TẠO THÔNG TIN TRUYỀN THÔNG NGUYÊN MÔI TRƯỜNG QUẢN LÝ "
                "KHÁM CHỮA BỆNH Y TẾ TƯ PHÁP CÔNG THƯƠNG XÂY DỰNG GIAO THÔNG VẬN TẢI NÔNG NGHIỆP PHÁT TRIỂN "
                "THÔN LAO ĐỘNG THƯƠNG BINH XÃ HỘI KHOA HỌC CÔNG NGHỆ VĂN HÓA THỂ THAO DU LỊCH TRUNG TÂM BAN "
                "CHỦ TỊCH PHÓ GIÁM ĐỐC TRƯỞNG THỨ CHÁNH NHIỆM KT TM TL TUQ Q").split()
_HEADER_BY_BARE = {}
for _word in HEADER_WORDS:
    _HEADER_BY_BARE.setdefault(re.sub(r"[^A-Z]", "", "".join(
        c for c in unicodedata.normalize("NFD", _word.replace("Đ", "D")) if unicodedata.category(c) != "Mn")), _word)
# Type abbreviations (Phụ lục III): an OCR'd symbol group that is one of these with a doubled letter is put right.
TYPE_ABBREVIATIONS = ("NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
                      "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL")
# Parts of Vietnamese names OCR gets wrong under a seal: the surname (first word) and the middle name.
SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Hà Nông Triệu Đinh Lưu Mai Tạ "
            "Trịnh Đàm Lục Hứa Lương Tô Vi Hoàng Quách Cao Chu Kiều Lã Thân Tăng Tống Âu").split()
MIDDLE_NAMES = "Văn Thị Đức Minh Quang Xuân Công Hữu Ngọc Thanh Quốc Đình Bá Trọng Thu Kim Vân Duy".split()
FIELDS = ("issuer", "symbol", "place", "issued_on", "document_type", "subject", "signer_name", "signer_title")


@dataclass
class Segment:
    text: str
    left: int
    right: int
    top: int
    bottom: int

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass
class Extraction:
    """The fields read off a scan ("" when not found) and the OCR text of the pages read."""

    issuer: str = ""
    symbol: str = ""
    place: str = ""
    issued_on: str = ""  # ISO date
    document_type: str = ""
    subject: str = ""
    signer_name: str = ""
    signer_title: str = ""
    text: str = ""
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}

    def as_dict(self) -> dict:
        return asdict(self)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def bare(text: str) -> str:
    """Upper case without marks, "Đ" as "D": to compare OCR text with what we look for."""
    text = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D").replace("Ð", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").upper()


def _clean(text: str) -> str:
    text = nfc(text).replace("Ð", "Đ").replace("ð", "đ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _is_mark(c: str) -> bool:
    return not c.isalnum() or unicodedata.category(c) in ("Lm", "Sk", "Mn")


def _has_letter(text: str) -> bool:
    return any(not _is_mark(c) for c in text)


def _strip_noise(text: str) -> str:
    """Drop what underlines, specks and seals leave at the ends of a segment (and of its lines)."""
    start, end = 0, len(text)
    while start < end and _is_mark(text[start]) and text[start] != '"':
        start += 1
    while end > start and _is_mark(text[end - 1]) and text[end - 1] != '"':
        end -= 1
    return text[start:end].strip()


# --- layout --------------------------------------------------------------------------------------

def page_segments(page: Page) -> list[Segment]:
    """Rows of words split at wide gaps: each segment is one column's line."""
    # Specks read as a lone letter with low confidence are dropped; real words are kept however unsure.
    words = [w for w in page.words if _has_letter(w.text) and not (len(w.text) == 1 and w.conf < 50)]
    if not words:
        return []
    height = statistics.median(w.height for w in words)
    lines: dict[tuple, list[Word]] = {}
    for word in words:  # Tesseract's lines follow a skewed page; they may join both columns of a row
        lines.setdefault(word.line, []).append(word)
    segments = []
    gap = max(height * 1.6, page.width * 0.02)
    for row in lines.values():
        row.sort(key=lambda w: w.left)
        current = [row[0]]
        for word in row[1:]:
            if word.left - current[-1].right > gap:
                segments.append(_segment(current))
                current = [word]
            else:
                current.append(word)
        segments.append(_segment(current))
    return segments


def _word_text(word: Word) -> str:
    """Roman numerals of strokes only ("III" read as "II" or "HI"): count the strokes by the width."""
    if re.fullmatch(r"[IlH|]{2,3}", word.text) and "I" in word.text and word.height:
        strokes = round((word.width - 0.2 * word.height) / (0.59 * word.height) + 1)
        if 2 <= strokes <= 3:
            return "I" * strokes
    return word.text


def _segment(words: list[Word]) -> Segment:
    return Segment(text=_clean(" ".join(_word_text(w) for w in words)), left=min(w.left for w in words),
                   right=max(w.right for w in words), top=min(w.top for w in words),
                   bottom=max(w.bottom for w in words))


def _column(segment: Segment, width: int) -> str:
    """"left", "right" or "centre" of an A4 page (margins 30 mm left, 15 mm right)."""
    if segment.right < width * 0.6 and segment.centre < width * 0.44:
        return "left"
    if segment.centre > width * 0.6 and segment.left > width * 0.4:
        return "right"
    return "centre"


# --- fields --------------------------------------------------------------------------------------

NUMBER_FIX = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "L": "1", "I": "1", "|": "1", "i": "1",
                            "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"})
SYMBOL_RE = re.compile(r"S[ốôoóòỗồổ0ỏơ6][.:;,]?\s*(?P<number>[0-9OoQDlI|iSsBZzgq]{1,5})\s*[/|1l]\s*(?P<symbol>[^\s].*)$")
# Matched on the text without marks ("NGAY 05 THANG 3 NAM 2026"): OCR often gets the marks wrong.
DATE_RE = re.compile(r"N[GC]?[A-Z]{1,2}Y[\W_]*(?P<d>[0-9OLI|]{1,2})[\W_]*[TI]H[A-Z]{1,3}G?[\W_]*(?P<m>[0-9OLI|]{1,2})"
                     r"[\W_]*N[A-Z]{0,2}M?[\W_]*(?P<y>[0-9OLI|]{4})")


# "V/v" opening a công văn's trích yếu (OCR may lose the "v").
VV = re.compile(r"^[_\W]*V\s*[/|1l]\s*(?:[vV]\b)?\.?\s*")
# When OCR lost the slash: the digits, then the symbol's letters.
SYMBOL_NO_SLASH_RE = re.compile(r"S[ốôoóòỗồổ0ỏơ6][.:;,]?\s*(?P<number>\d{1,5})\s*(?P<symbol>[A-ZĐ][^\s].*)$")


def _symbol(text: str) -> str:
    text = text.replace(" / ", "/")
    match = SYMBOL_RE.search(text) or SYMBOL_NO_SLASH_RE.search(text)
    if not match:
        return ""
    number = match.group("number").translate(NUMBER_FIX)
    rest = re.sub(r"\s+", "", match.group("symbol"))
    rest = re.sub(r"[-_~]+", "-", rest).strip("-.,;:")
    # Letters in the symbol: "0" read for "O", "Ð" for "Đ"; a trailing "." from a speck.
    rest = rest.replace("Ð", "Đ")
    rest = re.sub(r"(?<=[A-ZĐ])0|0(?=[A-ZĐ])", "O", rest)
    groups = rest.split("-")
    head = groups[0]
    if head not in TYPE_ABBREVIATIONS:  # "QĐĐ": one letter read twice
        doubled = [i for i in range(len(head) - 1) if head[i] == head[i + 1] and head.count(head[i]) == 2]
        if len(doubled) == 1 and head[: doubled[0]] + head[doubled[0] + 1:] in TYPE_ABBREVIATIONS:
            groups[0] = head[: doubled[0]] + head[doubled[0] + 1:]
        elif "I" in head or "l" in head:  # "TIr": a T or an I read for the other
            swapped = {head.replace(a, b, 1) for a, b in (("I", "T"), ("l", "T"), ("T", "I"))} & set(TYPE_ABBREVIATIONS)
            if len(swapped) == 1:
                groups[0] = swapped.pop()
    rest = "-".join(groups)
    return f"{number}/{rest}" if number.isdigit() else ""


def _date(text: str) -> tuple[str, str]:
    match = DATE_RE.search(bare(text))
    if not match:
        return "", ""
    try:
        d, m, y = (int(match.group(k).translate(NUMBER_FIX)) for k in ("d", "m", "y"))
        issued = date(y, m, d).isoformat()
    except ValueError:
        return "", ""
    # The place: before the comma that precedes "ngày" (Phụ lục I: "Hà Nội, ngày ...").
    place = _inner_specks(_strip_noise(text.split(",")[0])) if "," in text else ""
    return place, issued


def _header_split(text: str) -> str:
    """Two header words OCR ran together ("SỞTÀI") are split again."""
    out = []
    for token in text.split():
        key = re.sub(r"[^A-Z]", "", bare(token))
        if token.isupper() and len(key) == len(token) and key not in _HEADER_BY_BARE:
            cut = next((i for i in range(1, len(token)) if bare(token[:i]) in _HEADER_BY_BARE
                        and bare(token[i:]) in _HEADER_BY_BARE), None)
            if cut:
                out += [token[:cut], token[cut:]]
                continue
        out.append(token)
    return " ".join(out)


def _header_words(text: str) -> str:
    """Put right upper-case words of an agency name or title that OCR read with wrong marks."""
    out = []
    for token in _header_split(text).split():
        core = re.sub(r"[^\wĐ]", "", token)
        fixed = _HEADER_BY_BARE.get(re.sub(r"[^A-Z]", "", bare(core))) if core.isupper() else None
        out.append(token.replace(core, fixed) if fixed and core not in HEADER_WORDS else token)
    return " ".join(out)


def _inner_specks(text: str) -> str:
    """A speck read as punctuation inside a name ("Bắc.Kạn", "VÀ:TRUYỀN", "THÔNG -TIN") is a space."""
    text = re.sub(r"(?<=[^\W\d_])[.:;](?=[^\W\d_])", " ", text)
    return re.sub(r"\s+", " ", re.sub(r"\s[-_~]+(?=[^\W\d_])", " ", text))


def _subject_clean(text: str) -> str:
    """The trích yếu as one line: a hyphen OCR put between two words (from the rule under it) goes."""
    text = re.sub(r"(?<=[a-zà-ỹđ])\s?[-_~]\s?(?=[a-zà-ỹđ])", " ", _clean(text))
    return _strip_noise(text)


def _type_name(text: str) -> str:
    wanted = re.sub(r"[^A-Z ]", "", bare(text)).strip()
    for name in TYPE_NAMES:
        if wanted == bare(name):
            return name
    return ""


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w.isalpha() for w in words) and not _is_upper(text)


def _by_bare(words: list[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for word in words:
        table.setdefault(bare(word), word)
    return table


_SURNAME_BY_BARE, _MIDDLE_BY_BARE = _by_bare(SURNAMES), _by_bare(MIDDLE_NAMES)


def _name_fix(name: str) -> str:
    """Put right the marks of a known surname, and of a known middle name, that OCR got wrong."""
    words = name.split()
    if words and words[0] not in SURNAMES:
        words[0] = _SURNAME_BY_BARE.get(bare(words[0]), words[0])
    if len(words) >= 3 and words[1] not in MIDDLE_NAMES:
        words[1] = _MIDDLE_BY_BARE.get(bare(words[1]), words[1])
    return " ".join(words)


def header_extract(page: Page, last: Page | None = None) -> Extraction:
    """The fields from the segments of the first page (and the last page, for the signer)."""
    found = Extraction()
    width = page.width
    segments = page_segments(page)
    rows = sorted(segments, key=lambda s: s.top)
    height = statistics.median(s.bottom - s.top for s in rows) if rows else 30
    # Quốc hiệu: the top of the header.
    national = next((s for s in rows if "CONG HOA" in bare(s.text) or "CHU NGHIA" in bare(s.text)), None)
    top = national.top - height * 2 if national else 0
    # Số, ký hiệu: the left segment starting "Số".
    number = next((s for s in rows if s.top >= top and _column(s, width) != "right"
                   and re.match(r"^[_\W]*S[ốôoóòỗồổ0ỏơ6][.:;,]?\s*[0-9OoQDlI|iSsBZzgq]", s.text)), None)
    if number:
        found.symbol = _symbol(number.text)
        # The issuing agency: left lines between the top of the header and the number.
        lines = [_strip_noise(s.text) for s in rows if top <= s.top < number.top - height * 0.3
                 and _column(s, width) == "left" and _strip_noise(s.text)]
        lines = [_header_split(line) for line in lines if _is_upper(line)]
        start = max((i for i, line in enumerate(lines) if bare(line).startswith(AGENCY_WORDS)), default=0)
        found.issuer = _header_words(_inner_specks(_clean(" ".join(lines[start:]))))
    # Place and date: the right segment with "ngày ... tháng ... năm".
    for s in rows:
        if _column(s, width) != "left" and DATE_RE.search(bare(s.text)):
            found.place, found.issued_on = _date(s.text)
            break
    below = number.bottom if number else top
    body_rows = [s for s in rows if s.top > below - height * 0.3]
    # Công văn: "V/v ..." under the number, in the left column.
    vv = next((s for s in body_rows if _column(s, width) == "left" and re.match(VV, s.text)),
              None)
    if vv is not None:
        found.document_type = "Công văn"
        parts = [re.sub(VV, "", vv.text)]
        previous = vv
        for s in body_rows:
            if s.top <= previous.top or _column(s, width) != "left":
                continue
            if s.top - previous.bottom > height * 1.2:
                break
            parts.append(s.text)
            previous = s
        found.subject = _subject_clean(" ".join(parts))
    else:
        centre = [s for s in body_rows if _column(s, width) == "centre"]
        kind = next((s for s in centre if _type_name(s.text)), None)
        if kind is not None:
            found.document_type = _type_name(kind.text)
            parts, previous = [], kind
            for s in centre:
                if s.top <= previous.top:
                    continue
                if (s.top - previous.bottom > height * 1.2 or abs(s.centre - kind.centre) > width * 0.06
                        or s.right - s.left > width * 0.68):  # the body's lines are wider than the trích yếu
                    break
                parts.append(s.text)
                previous = s
            found.subject = _subject_clean(" ".join(parts))
    _signer_extract(found, last or page, last is None)
    found.text = "\n".join(s.text for s in rows)
    return found


def _signer_extract(found: Extraction, page: Page, same_page: bool) -> None:
    """Authority and title (upper case) then the name, in the right column beside "Nơi nhận"."""
    width = page.width
    rows = sorted(page_segments(page), key=lambda s: s.top)
    if not rows:
        return
    height = statistics.median(s.bottom - s.top for s in rows)
    recipients = next((s for s in rows if re.sub(r"[^A-Z]", "", bare(s.text)).startswith("NOINHAN")), None)
    if recipients is not None:
        start = recipients.top - height * 3  # the title is on its row; a skewed page moves it up or down
    else:
        start = page.height * (0.35 if same_page else 0)
    right = [s for s in rows if s.top >= start and _column(s, width) == "right"]
    titles, name, previous = [], "", None
    for s in right:
        text = _strip_noise(s.text)
        title_like = _is_upper(text) and len(re.sub(r"\W", "", text)) >= 3
        if title_like and not name and (previous is None or s.top - previous.bottom < height * 1.5):
            titles.append(text)
            previous = s
            continue
        plain = re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_|\d", "", text)).strip()  # a name has no punctuation
        if titles and _looks_like_name(plain):
            name = plain
            break
    found.signer_title = re.sub(r"\s+,", ",", re.sub(r"\b(KT|TM|TL|TUQ|Q)\s*\.\s*", r"\1. ", _header_words(", ".join(titles))))
    found.signer_name = _name_fix(name)


def scan_extract(*, data: bytes) -> Extraction:
    """OCR the scan `data` (PDF or image) and read the header fields off it."""
    started = time.monotonic()
    images = scan_pages(data)
    pages = [page_words(image) for image in images]
    found = header_extract(pages[0], pages[-1] if len(pages) > 1 else None)
    if len(pages) > 1:
        found.text += "\n" + "\n".join(s.text for s in sorted(page_segments(pages[-1]), key=lambda s: s.top))
    found.pages = len(pages)
    found.seconds = round(time.monotonic() - started, 2)
    return found
