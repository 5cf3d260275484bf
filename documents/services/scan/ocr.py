"""OCR of a scan: page images, Tesseract's words with their boxes, and the searchable PDF (ocrmypdf).

Every OCR child runs in a process group of its own with a time limit: on timeout the whole group is
killed (ocrmypdf starts Tesseract and Ghostscript children), so a hostile or huge scan cannot hold a
worker. Settings: QLVB_OCR_TIMEOUT (seconds per step, default 120), QLVB_OCR_LANGUAGES ("vie").
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff"}
# Scans are read at this resolution: Tesseract is most accurate with capital letters 20-40 px high.
READ_DPI = 300


class ScanUnreadable(Exception):
    """The file is not a PDF or an image we can read (the message is for the clerk, in Vietnamese)."""


class OcrUnavailable(Exception):
    """Tesseract or ocrmypdf is not installed on this server."""


class OcrTimeout(Exception):
    """An OCR step ran over QLVB_OCR_TIMEOUT and was killed."""


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple = ()  # Tesseract's (block, paragraph, line)

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class Page:
    width: int
    height: int
    words: list[Word]


def ocr_timeout() -> float:
    return float(getattr(settings, "QLVB_OCR_TIMEOUT", 120))


def ocr_languages() -> str:
    return str(getattr(settings, "QLVB_OCR_LANGUAGES", "vie"))


def scan_kind(data: bytes) -> str:
    """"pdf", or the image format ("JPEG", "PNG", "TIFF"); ScanUnreadable otherwise."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ScanUnreadable("Tệp không phải bản quét đọc được (cần PDF, JPEG, PNG hoặc TIFF).") from exc
    if kind not in IMAGE_TYPES:
        raise ScanUnreadable("Tệp không phải bản quét đọc được (cần PDF, JPEG, PNG hoặc TIFF).")
    return kind


def run_killable(command: list[str], *, timeout: float, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run `command` in a new process group; on timeout kill the group (children included)."""
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise OcrTimeout(f"{Path(command[0]).name} ran over {timeout:g} s") from None
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def scan_pages(data: bytes, *, last: bool = True) -> list[Image.Image]:
    """The pages to read: the first (header) and, when there are several, the last (signer)."""
    kind = scan_kind(data)
    if kind == "pdf":
        return _pdf_pages(data, last=last)
    with Image.open(io.BytesIO(data)) as image:
        frames = [0, image.n_frames - 1] if last and getattr(image, "n_frames", 1) > 1 else [0]
        pages = []
        for index in frames:
            image.seek(index)
            pages.append(_at_read_dpi(image.convert("RGB"), image.info.get("dpi")))
    return pages


def _at_read_dpi(image: Image.Image, dpi) -> Image.Image:
    # An A4 page is 8.27 in wide: without a resolution, guess it from the width.
    width = image.size[0]
    source_dpi = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 50 else width / 8.27
    if source_dpi < READ_DPI * 0.8:
        factor = READ_DPI / source_dpi
        image = image.resize((int(width * factor), int(image.size[1] * factor)), Image.LANCZOS)
    return image


def _pdf_pages(data: bytes, *, last: bool) -> list[Image.Image]:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise OcrUnavailable("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="qlvb-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(data)
        done = run_killable([pdftoppm, "-r", str(READ_DPI), "-f", "1", "-l", "1", "-png", str(source), f"{tmp}/first"],
                            timeout=ocr_timeout())
        if done.returncode != 0:
            raise ScanUnreadable("Không đọc được tệp PDF (tệp hỏng hoặc có mật khẩu).")
        images = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("first*.png"))]
        if last:
            info = run_killable(["pdfinfo", str(source)], timeout=30) if shutil.which("pdfinfo") else None
            pages = 1
            for line in (info.stdout.decode(errors="replace").splitlines() if info else []):
                if line.startswith("Pages:"):
                    pages = int(line.split()[1])
            if pages > 1:
                run_killable([pdftoppm, "-r", str(READ_DPI), "-f", str(pages), "-l", str(pages), "-png", str(source),
                              f"{tmp}/last"], timeout=ocr_timeout())
                images += [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("last*.png"))]
    if not images:
        raise ScanUnreadable("Tệp PDF không có trang nào.")
    return images


def page_prepare(image: Image.Image) -> Image.Image:
    """Grey from the red channel: a red seal and red urgency stamps fade out, black text stays black;
    blue ink (the handwritten signature) is whitened too, so it is not read as letters."""
    if image.mode != "RGB":
        return ImageOps.autocontrast(image.convert("L"), cutoff=1)
    red, _, blue = image.split()
    blue_ink = ImageChops.subtract(blue, red).point(lambda v: 255 if v > 40 else 0)
    grey = Image.composite(Image.new("L", red.size, 255), red, blue_ink)
    grey = grey.filter(ImageFilter.MedianFilter(3))  # dust and toner specks
    return ImageOps.autocontrast(grey, cutoff=1)


def page_words(image: Image.Image) -> Page:
    """Tesseract's words on `image`, with boxes (TSV output)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise OcrUnavailable("tesseract is not installed")
    prepared = page_prepare(image)
    with tempfile.TemporaryDirectory(prefix="qlvb-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        prepared.save(path, dpi=(READ_DPI, READ_DPI))
        done = run_killable([tesseract, str(path), "stdout", "-l", ocr_languages(), "--psm", "3", "--dpi",
                             str(READ_DPI), "tsv"], timeout=ocr_timeout(), cwd=tmp)
    if done.returncode != 0:
        raise OcrUnavailable(done.stderr.decode(errors="replace").strip()[-300:])
    words = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        words.append(Word(text=cells[11].strip(), left=int(cells[6]), top=int(cells[7]), width=int(cells[8]),
                          height=int(cells[9]), conf=float(cells[10]),
                          line=(int(cells[2]), int(cells[3]), int(cells[4]))))
    return Page(width=prepared.size[0], height=prepared.size[1], words=words)


def searchable_pdf(data: bytes) -> bytes | None:
    """The scan as a PDF with an invisible text layer (ocrmypdf); page images are kept as they are.
    None when the PDF already has text."""
    ocrmypdf = shutil.which("ocrmypdf") or str(Path(sys.executable).with_name("ocrmypdf"))
    if not Path(ocrmypdf).exists():
        raise OcrUnavailable("ocrmypdf is not installed")
    kind = scan_kind(data)
    with tempfile.TemporaryDirectory(prefix="qlvb-ocr-") as tmp:
        source = Path(tmp) / ("scan.pdf" if kind == "pdf" else "scan.img")
        source.write_bytes(data)
        target = Path(tmp) / "searchable.pdf"
        # No --skip-text: only scans without text come here, and with Debian 12's Ghostscript 10.0.0
        # ocrmypdf refuses it. --output-type pdf keeps Ghostscript out of the output.
        command = [ocrmypdf, "-l", ocr_languages(), "--optimize", "0", "--output-type", "pdf",
                   "--jobs", "1", "--quiet"]
        if kind != "pdf":
            with Image.open(source) as image:
                if not image.info.get("dpi"):
                    command += ["--image-dpi", str(round(image.size[0] / 8.27))]
        done = run_killable([*command, str(source), str(target)], timeout=ocr_timeout(), cwd=tmp)
        if done.returncode == 6:  # the PDF already had text
            return None
        if done.returncode != 0 or not target.exists():
            raise ScanUnreadable(f"ocrmypdf exit {done.returncode}: "
                                 + done.stderr.decode(errors="replace").strip()[-300:])
        return target.read_bytes()
