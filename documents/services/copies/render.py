"""The copy's PDF: the original's pages (or the extract's pages) and the copy-form block of Phụ lục I,
Phần II (Mẫu 3.1 of Phụ lục III), under a full-width line right after the end of the content on the
last page when there is room, else on a page of its own appended.

The block: on the left the copying organization, "Số: 05/SY-UBND" and "Nơi nhận"; on the right the
copy form ("SAO Y"), place and date, the signer's title, room for the signature (and seal) and the
signer's name. The leader's signature goes between the title and the name (signatures locates them).

The original's bytes are only read: pages are taken with poppler (pdfseparate, pdfunite) into new
files, and the block is laid over the last page with pyHanko in a new PDF.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.stamp import StaticContentStamp, StaticStampStyle
from reportlab.pdfgen.canvas import Canvas

from signatures.fonts import reportlab_serif
from signatures.pdf.appearance import _fill_layout, _FirstPageOf
from signatures.pdf.signing_block import page_lines

MM = 72 / 25.4
LEFT, RIGHT, BOTTOM, TOP = 30 * MM, 15 * MM, 20 * MM, 20 * MM
BLOCK_HEIGHT = 190.0  # points: line, headings, date, title, room for the signature, name
GAP = 8.0
A4 = (595.28, 841.89)
TIMEOUT = 60


@dataclass(frozen=True)
class CopyBlock:
    """What the copy-form block says."""

    form_label: str  # SAO Y, SAO LỤC, TRÍCH SAO
    organization: str
    symbol: str  # 05/SY-UBND, or "" before the number is given
    place: str
    day: date
    title_lines: tuple[str, ...]  # ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") or ("PHÓ CHỦ TỊCH",)
    signer_name: str
    recipients: tuple[str, ...] = ()


def date_line(place: str, day: date) -> str:
    """"Bắc Kạn, ngày 07 tháng 12 năm 2026" (days and months below 10 with a leading zero for 1, 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day:%d} tháng {month} năm {day.year}"


def page_count(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


def _poppler(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True, timeout=TIMEOUT)


def pages_take(pdf: bytes, first: int, last: int) -> bytes:
    """A new PDF of pages ``first..last`` (1-based) of ``pdf``, without its form fields and signatures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(pdf)
        _poppler("pdfseparate", "-f", str(first), "-l", str(last), str(folder / "in.pdf"), str(folder / "p-%d.pdf"))
        parts = [str(folder / f"p-{n}.pdf") for n in range(first, last + 1)]
        if len(parts) == 1:
            return Path(parts[0]).read_bytes()
        _poppler("pdfunite", *parts, str(folder / "out.pdf"))
        return (folder / "out.pdf").read_bytes()


def _is_signature_widget(annotation) -> bool:
    if annotation.get("/Subtype") != "/Widget":
        return False
    field = annotation
    while field is not None:
        if field.get("/FT") == "/Sig":
            return True
        field = field.get("/Parent")
        field = field.get_object() if field is not None else None
    return False


def signatures_flatten(pdf: bytes) -> bytes:
    """The pages as they look, without the signature fields: each signature's picture (the leader's
    signature image, the seal) is drawn into its page, and the fields go, so the copy's own
    signatures are the only ones a verifier finds (the original's would no longer match its bytes)."""
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf), strict=False))
    count = int(writer.root["/Pages"]["/Count"])
    for index in range(count):
        page_ref, _ = writer.find_page_for_modification(index)
        page = page_ref.get_object()
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept, drawn = generic.ArrayObject(), []
        for ref in annotations:
            annotation = ref.get_object()
            if not _is_signature_widget(annotation):
                kept.append(ref)
                continue
            appearance = annotation.get("/AP", {}).get("/N") if "/AP" in annotation else None
            if appearance is None:
                continue
            stream = appearance.get_object()
            if not isinstance(stream, generic.StreamObject) or "/BBox" not in stream:
                continue
            x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
            box = [float(v) for v in stream["/BBox"]]
            bx1, by1, bx2, by2 = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
            if bx2 == bx1 or by2 == by1:
                continue
            name = f"/Flat{index}_{len(drawn)}"
            sx, sy = abs(x2 - x1) / abs(bx2 - bx1), abs(y2 - y1) / abs(by2 - by1)
            drawn.append((name, appearance if isinstance(appearance, generic.IndirectObject)
                          else writer.add_object(stream),
                          f"q {sx:.4f} 0 0 {sy:.4f} {min(x1, x2) - bx1 * sx:.4f} {min(y1, y2) - by1 * sy:.4f} cm "
                          f"{name} Do Q"))
        if len(kept) == len(annotations):
            continue
        page["/Annots"] = kept
        writer.update_container(page)
        if drawn:
            resources = generic.DictionaryObject({generic.NameObject("/XObject"): generic.DictionaryObject(
                {generic.NameObject(name): ref for name, ref, _ in drawn})})
            content = " ".join(op for _, _, op in drawn).encode()
            stream_ref = writer.add_object(generic.StreamObject(stream_data=content))
            writer.add_stream_to_page(index, stream_ref, resources=resources)
    if "/AcroForm" in writer.root:
        del writer.root["/AcroForm"]
        writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pages_join(first: bytes, second: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a.pdf").write_bytes(first)
        (folder / "b.pdf").write_bytes(second)
        _poppler("pdfunite", str(folder / "a.pdf"), str(folder / "b.pdf"), str(folder / "out.pdf"))
        return (folder / "out.pdf").read_bytes()


def _block_draw(canvas: Canvas, block: CopyBlock, x: float, top: float, width: float) -> None:
    """The block inside (x, top - BLOCK_HEIGHT, width): coordinates of the canvas."""
    serif, bold, italic = reportlab_serif("regular"), reportlab_serif("bold"), reportlab_serif("italic")
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(0.8)
    canvas.line(x, top - 2, x + width, top - 2)
    left_center = x + width * 0.22
    right_center = x + width * 0.70
    y = top - 20
    canvas.setFont(bold, 12)
    canvas.drawCentredString(left_center, y, block.organization.upper()[:48])
    canvas.setFont(bold, 14)
    canvas.drawCentredString(right_center, y, block.form_label)
    canvas.setLineWidth(0.5)
    canvas.line(left_center - 30, y - 7, left_center + 30, y - 7)
    y -= 24
    canvas.setFont(serif, 13)
    canvas.drawCentredString(left_center, y, f"Số: {block.symbol or '…/…'}")
    canvas.setFont(italic, 13)
    canvas.drawCentredString(right_center, y, date_line(block.place, block.day))
    y -= 26
    canvas.setFont(reportlab_serif("bold_italic"), 12)
    canvas.drawString(x, y, "Nơi nhận:")
    canvas.setFont(serif, 11)
    line_y = y - 13
    for recipient in (*block.recipients, "Lưu: VT.")[:6]:
        canvas.drawString(x, line_y, f"- {recipient[:40]};" if recipient != "Lưu: VT." else f"- {recipient}")
        line_y -= 13
    canvas.setFont(bold, 13)
    for title in block.title_lines:
        canvas.drawCentredString(right_center, y, title)
        y -= 16
    y -= 70  # the signature image (and the seal over its left third)
    canvas.setFont(bold, 14)
    canvas.drawCentredString(right_center, y, block.signer_name)


def _block_pdf(block: CopyBlock, width: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, BLOCK_HEIGHT), invariant=True)
    _block_draw(canvas, block, 0, BLOCK_HEIGHT, width)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _page_of_block(block: CopyBlock) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    _block_draw(canvas, block, LEFT, A4[1] - TOP, A4[0] - LEFT - RIGHT)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _last_page_room(pdf: bytes, count: int) -> tuple[float, float, float, float] | None:
    """Where the block fits on the last page, under its lowest text: (x, y, width, page height) in
    the page's space, or None when there is no room."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    page = reader.find_page_for_modification(count - 1)[0].get_object()
    box = page.get("/CropBox") or page["/MediaBox"]
    x0, y0, x1, y1 = (float(v) for v in box)
    x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    lines = page_lines(pdf, count, count)
    lowest = min((line.y0 for line in lines), default=y1 - TOP)
    width = (x1 - x0) - LEFT - RIGHT
    bottom = lowest - GAP - BLOCK_HEIGHT
    if width < 300 or bottom < y0 + BOTTOM:
        return None
    return x0 + LEFT, bottom, width, y1 - y0


def copy_pdf_compose(source: bytes, *, block: CopyBlock, first_page: int | None = None,
                     last_page: int | None = None) -> bytes:
    """The copy: ``source``'s pages (``first_page..last_page`` for an extract) and the block."""
    count = page_count(source)
    first, last = first_page or 1, last_page or count
    pages = signatures_flatten(pages_take(source, first, last))
    room = _last_page_room(pages, last - first + 1)
    if room is None:
        return _pages_join(pages, _page_of_block(block))
    x, y, width, _height = room
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pages), strict=False))
    style = StaticStampStyle(background=_FirstPageOf(_block_pdf(block, width)), background_layout=_fill_layout(),
                             background_opacity=1.0, border_width=0)
    stamp = StaticContentStamp(writer, style, layout.BoxConstraints(width=width, height=BLOCK_HEIGHT))
    stamp.apply(last - first, x, y)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
