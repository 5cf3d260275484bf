"""Locating the Times New Roman–compatible fonts used in documents and stamps.

Phụ lục I of Nghị định 30/2020 asks for Times New Roman. Liberation Serif 2
(Debian package ``fonts-liberation2``) has the same metrics and covers
Vietnamese; Liberation 1 (``fonts-liberation``) lacks letters such as "Ộ" and
"Ư", so a font is only taken if it draws them. DejaVu Serif is the fallback.
``QLVB_SERIF_FONT_DIR`` may point at a directory holding
``LiberationSerif-*.ttf`` (or ``times*.ttf``) instead: the setting of that name, which the
signatures app copies into ``EXTRA_FONT_DIR`` when Django starts (this module does not import Django).
"""

from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SEARCH_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation",
    "/usr/share/fonts/truetype/dejavu",
)

# Searched before SEARCH_DIRS when set (from settings.QLVB_SERIF_FONT_DIR, see signatures.apps).
EXTRA_FONT_DIR: str | None = None

# Style → candidate file names, best first.
CANDIDATES = {
    "regular": ("LiberationSerif-Regular.ttf", "times.ttf", "DejaVuSerif.ttf"),
    "bold": ("LiberationSerif-Bold.ttf", "timesbd.ttf", "DejaVuSerif-Bold.ttf"),
    "italic": ("LiberationSerif-Italic.ttf", "timesi.ttf", "DejaVuSerif-Italic.ttf"),
    "bold_italic": ("LiberationSerif-BoldItalic.ttf", "timesbi.ttf", "DejaVuSerif-BoldItalic.ttf"),
}

REPORTLAB_NAMES = {
    "regular": "QLVBSerif",
    "bold": "QLVBSerif-Bold",
    "italic": "QLVBSerif-Italic",
    "bold_italic": "QLVBSerif-BoldItalic",
}


class FontNotFoundError(RuntimeError):
    """No usable serif font is installed."""


def _search_dirs() -> list[Path]:
    dirs = [Path(d) for d in SEARCH_DIRS]
    override = EXTRA_FONT_DIR
    if override:
        dirs.insert(0, Path(override))
    return dirs


# Letters that only fonts with full Vietnamese coverage have.
VIETNAMESE_PROBE = "ỘƯỜẫđ"


def covers_vietnamese(path: Path) -> bool:
    """True if the font has real glyphs (not the missing-glyph box) for Vietnamese letters."""
    font = ImageFont.truetype(str(path), 32)

    def pixels(text: str) -> bytes:
        image = Image.new("L", (64, 64))
        ImageDraw.Draw(image).text((8, 8), text, font=font, fill=255)
        return image.tobytes()

    missing = pixels("\ue000")
    return all(pixels(ch) != missing for ch in VIETNAMESE_PROBE)


@cache
def serif_font_path(style: str = "regular") -> Path:
    """Return the TTF file to use for ``style`` (regular, bold, italic, bold_italic)."""
    for name in CANDIDATES[style]:
        for directory in _search_dirs():
            path = directory / name
            if path.is_file() and covers_vietnamese(path):
                return path
    raise FontNotFoundError(
        f"No serif font for style {style!r}; install fonts-liberation2 or set QLVB_SERIF_FONT_DIR"
    )


@cache
def reportlab_serif(style: str = "regular") -> str:
    """Register the serif font with reportlab (embedded, subset) and return its name."""
    name = REPORTLAB_NAMES[style]
    pdfmetrics.registerFont(TTFont(name, str(serif_font_path(style))))
    return name
