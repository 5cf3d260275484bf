"""Demo signature and seal images (transparent PNG), drawn with Pillow.

Real deployments upload scans of the leader's signature and of the seal;
these stand-ins follow the same rules (Phụ lục I, Nghị định 30/2020): the
signature is blue, the seal red and round. Both are deterministic for a
given name, so re-running ``pki_init`` gives the same pictures.
"""

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

from signatures.fonts import serif_font_path

SIGNATURE_BLUE = (16, 48, 170, 255)
SEAL_RED = (214, 24, 32, 235)
DPI = 300
SUPERSAMPLE = 2


def _rng(kind: str, name: str) -> random.Random:
    return random.Random(hashlib.sha256(f"{kind}:{name}".encode()).digest())


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=False)
    return out.getvalue()


def _bezier(points: list[tuple[float, float]], steps: int = 60) -> list[tuple[float, float]]:
    """Points along a cubic Bézier curve through the four control points."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    curve = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        curve.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return curve


def _signature_text(name: str) -> str:
    """The part of the name people write when they sign: the last two words."""
    words = name.split()
    return " ".join(words[-2:]) if words else name


def signature_png(name: str, *, width_px: int = 600, height_px: int = 240) -> bytes:
    """A blue, handwriting-like signature of ``name`` on a transparent background.

    The image is cropped to the ink, so its box is the signature itself.
    """
    rng = _rng("signature", name)
    s = SUPERSAMPLE
    w, h = width_px * s, height_px * s
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)

    text = _signature_text(name)
    font_path = str(serif_font_path("italic"))
    size = int(h * 0.40)
    font = ImageFont.truetype(font_path, size)
    while font.getlength(text) > w * 0.68 and size > 12:
        size = int(size * 0.9)
        font = ImageFont.truetype(font_path, size)
    text_x, text_y = int(w * (0.14 + rng.random() * 0.04)), int(h * 0.28)
    draw.text((text_x, text_y), text, font=font, fill=SIGNATURE_BLUE)
    left, top, right, bottom = draw.textbbox((text_x, text_y), text, font=font)

    # An initial loop before the name and a flourish under it.
    loop_x = left - h * 0.05
    loop = _bezier(
        [
            (loop_x, bottom),
            (loop_x - h * 0.25, top - h * 0.1),
            (loop_x + h * 0.2, top),
            (left + h * 0.05, bottom),
        ]
    )
    draw.line(loop, fill=SIGNATURE_BLUE, width=int(4 * s), joint="curve")
    sweep_y = bottom + h * (0.02 + rng.random() * 0.05)
    flourish = _bezier(
        [
            (left - h * 0.1, sweep_y + h * 0.05),
            (left + (right - left) * 0.3, sweep_y - h * (0.15 + rng.random() * 0.1)),
            (right - (right - left) * 0.2, sweep_y + h * (0.15 + rng.random() * 0.1)),
            (min(right + h * 0.3, w - 4 * s), sweep_y - h * 0.12),
        ]
    )
    for offset in range(3):
        draw.line(
            [(x, y + offset * s) for x, y in flourish], fill=SIGNATURE_BLUE, width=int((3 - offset) * s + s)
        )

    # Slant the whole signature forwards a little.
    shear = 0.18 + rng.random() * 0.1
    layer = layer.transform(
        layer.size, Image.Transform.AFFINE, (1, shear, -shear * h * 0.5, 0, 1, 0), Image.Resampling.BICUBIC
    )
    layer = layer.resize((width_px, height_px), Image.Resampling.LANCZOS)
    return _png(_crop_to_ink(layer, margin=6))


def _crop_to_ink(image: Image.Image, margin: int) -> Image.Image:
    box = image.getchannel("A").getbbox()
    if box is None:
        return image
    left, top, right, bottom = box
    return image.crop(
        (
            max(left - margin, 0),
            max(top - margin, 0),
            min(right + margin, image.width),
            min(bottom + margin, image.height),
        )
    )


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _rim_text(canvas: Image.Image, text: str, radius: float, font: ImageFont.FreeTypeFont) -> None:
    """Write ``text`` clockwise around the top of the circle, letters upright to the rim."""
    cx, cy = canvas.width / 2, canvas.height / 2
    widths = [font.getlength(ch) for ch in text]
    total = sum(widths) * 1.08
    span = min(total / radius, math.radians(300))
    scale = span / (total / radius)
    angle = -math.pi / 2 - span / 2
    for ch, width in zip(text, widths, strict=True):
        step = width * 1.08 / radius * scale
        mid = angle + step / 2
        angle += step
        if ch == " ":
            continue
        size = int(font.size * 2)
        glyph = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size / 2, size / 2), ch, font=font, fill=SEAL_RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(mid + math.pi / 2), resample=Image.Resampling.BICUBIC)
        x = cx + radius * math.cos(mid) - size / 2
        y = cy + radius * math.sin(mid) - size / 2
        canvas.alpha_composite(glyph, (int(x), int(y)))


def seal_png(organization: str, *, diameter_mm: float = 38.0) -> bytes:
    """A round red seal: the organization's name around the rim, a star in the centre.

    The image is ``diameter_mm`` across at 300 dpi, so placing it at that size
    on the page shows the seal at its real size.
    """
    rng = _rng("seal", organization)
    size = round(diameter_mm / 25.4 * DPI) * SUPERSAMPLE
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    r = size / 2
    ring = size * 0.022
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=SEAL_RED, width=int(ring))
    inner = r * 0.62
    draw.ellipse((r - inner, r - inner, r + inner, r + inner), outline=SEAL_RED, width=int(ring * 0.45))

    font = ImageFont.truetype(str(serif_font_path("bold")), int(size * 0.085))
    _rim_text(canvas, organization.upper(), r * 0.80, font)
    draw.polygon(_star(r, r, inner * 0.62, inner * 0.25), fill=SEAL_RED)

    # Stamped ink is never perfectly even: thin it out in a few random spots.
    alpha = canvas.getchannel("A")
    speckle = Image.new("L", canvas.size, 255)
    speckle_draw = ImageDraw.Draw(speckle)
    for _ in range(120):
        x, y, radius = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(1, 4) * SUPERSAMPLE
        speckle_draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=int(rng.uniform(90, 200)))
    canvas.putalpha(Image.composite(alpha, Image.new("L", canvas.size, 0), speckle))
    final = size // SUPERSAMPLE
    return _png(canvas.resize((final, final), Image.Resampling.LANCZOS))
