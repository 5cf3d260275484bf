"""What a signature looks like on the page and where it goes (Phụ lục I, Nghị định 30/2020).

* Leader's signature: the blue signature image, centred between the title
  line and the signer's name.
* Organization's signature on the document: the red seal at real size,
  covering about the left third of the leader's signature image.
* Organization's signature on attachments and copies: no image, a line of
  text (Times New Roman 10 pt, black) at the top right of the first page.
"""

import io
import uuid
from dataclasses import dataclass

from PIL import Image
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticStampStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from signatures.fonts import reportlab_serif
from signatures.pdf.signing_block import SigningBlock

STAMP_FONT_SIZE = 10
STAMP_PADDING = 2.0
# Distance of the text stamp from the top and right edges of the page.
STAMP_TOP_OFFSET = 10 * mm
STAMP_RIGHT_OFFSET = 20 * mm
# The signature image fills at most this share of the gap between title and name.
SIGNATURE_GAP_SHARE = 0.85
SIGNATURE_MAX_WIDTH = 60 * mm
SEAL_DIAMETER_MM = 36.0


@dataclass(frozen=True)
class Placement:
    """A box on a page, PDF user space (points, origin bottom left); ``page`` is 0-based."""

    page: int
    x: float
    y: float
    width: float
    height: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (
            round(self.x, 2),
            round(self.y, 2),
            round(self.x + self.width, 2),
            round(self.y + self.height, 2),
        )

    @classmethod
    def from_rect(cls, page: int, rect: tuple[float, float, float, float]) -> "Placement":
        x0, y0, x1, y1 = (float(v) for v in rect)
        return cls(page, min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))


def image_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def signature_placement(block: SigningBlock, image_px: tuple[int, int]) -> Placement:
    """Centre the signature image in the gap between the title line and the name line."""
    gap_top, gap_bottom = block.title.y0, block.name.y1
    gap = gap_top - gap_bottom
    height = gap * SIGNATURE_GAP_SHARE
    width = height * image_px[0] / image_px[1]
    if width > SIGNATURE_MAX_WIDTH:
        width, height = SIGNATURE_MAX_WIDTH, SIGNATURE_MAX_WIDTH * image_px[1] / image_px[0]
    center_x = (block.title.center_x + block.name.center_x) / 2
    center_y = (gap_top + gap_bottom) / 2
    return Placement(block.page, center_x - width / 2, center_y - height / 2, width, height)


def seal_placement(signature: Placement, diameter_mm: float = SEAL_DIAMETER_MM) -> Placement:
    """The seal at real size, its right edge one third into the signature image, centred vertically."""
    diameter = diameter_mm * mm
    right = signature.x + signature.width / 3
    center_y = signature.y + signature.height / 2
    return Placement(signature.page, right - diameter, center_y - diameter / 2, diameter, diameter)


def text_stamp_size(text: str, font_size: float = STAMP_FONT_SIZE) -> tuple[float, float]:
    width = stringWidth(text, reportlab_serif("regular"), font_size)
    return width + 2 * STAMP_PADDING, font_size * 1.3 + 2 * STAMP_PADDING


def top_right_placement(page_size: tuple[float, float], stamp_size: tuple[float, float]) -> Placement:
    """Top right corner of the first page, clear of the body text margins."""
    page_width, page_height = page_size
    width, height = stamp_size
    return Placement(
        0, page_width - STAMP_RIGHT_OFFSET - width, page_height - STAMP_TOP_OFFSET - height, width, height
    )


def _fill_layout() -> layout.SimpleBoxLayoutRule:
    return layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MID,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins.uniform(0),
        inner_content_scaling=layout.InnerScaling.STRETCH_FILL,
    )


def image_style(png: bytes) -> StaticStampStyle:
    """An appearance that is just the (transparent) image, stretched to the field."""
    image = Image.open(io.BytesIO(png))
    image.load()
    if image.mode not in ("RGBA", "LA"):
        image = image.convert("RGBA")
    return StaticStampStyle(
        background=PdfImage(image), background_layout=_fill_layout(), background_opacity=1.0, border_width=0
    )


class _FirstPageOf(content.PdfContent):
    """The first page of an in-memory PDF, imported as a form XObject."""

    def __init__(self, pdf: bytes):
        super().__init__()
        self._pdf = pdf

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self._pdf)), page_ix=0)
        name = "/Text" + uuid.uuid4().hex
        self.resources.xobject[name] = xobject
        x0, y0, x1, y1 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x0), height=abs(y1 - y0))
        return name.encode("ascii") + b" Do"


def render_text_line(text: str, size: tuple[float, float], font_size: float = STAMP_FONT_SIZE) -> bytes:
    """A one-page PDF exactly ``size`` big with ``text`` in black serif, font embedded."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size, invariant=True, initialFontName=reportlab_serif("regular"))
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(reportlab_serif("regular"), font_size)
    canvas.drawString(STAMP_PADDING, STAMP_PADDING + font_size * 0.3, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def text_style(text: str, size: tuple[float, float], font_size: float = STAMP_FONT_SIZE) -> StaticStampStyle:
    """An appearance showing one line of text (Liberation Serif, embedded so Vietnamese renders)."""
    return StaticStampStyle(
        background=_FirstPageOf(render_text_line(text, size, font_size)),
        background_layout=_fill_layout(),
        background_opacity=1.0,
        border_width=0,
    )
