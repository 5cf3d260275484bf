"""Demo signature and seal images follow the colour and shape rules, and are reproducible."""

import io

from PIL import Image

from signatures.pki import images


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _ink(image: Image.Image) -> list[tuple[int, int, int, int]]:
    return [p for p in image.get_flattened_data() if p[3] > 128]


def test_signature_is_blue_ink_on_transparent_background():
    image = _open(images.signature_png("Nguyễn Văn A"))
    assert image.mode == "RGBA"
    ink = _ink(image)
    assert len(ink) > 500
    assert all(b > 120 and b > r + 60 and b > g + 40 for r, g, b, _ in ink)
    transparent = sum(1 for p in image.get_flattened_data() if p[3] == 0)
    assert transparent > image.width * image.height * 0.5


def test_same_name_same_signature_other_name_other_signature():
    assert images.signature_png("Trần Thị Thanh Hương") == images.signature_png("Trần Thị Thanh Hương")
    assert images.signature_png("Trần Thị Thanh Hương") != images.signature_png("Trần Thị Thanh Hà")
    assert images.seal_png("Bộ Nội vụ") == images.seal_png("Bộ Nội vụ")
    assert images.seal_png("Bộ Nội vụ") != images.seal_png("Bộ Tư pháp")


def test_seal_is_red_round_and_real_size_at_300_dpi():
    image = _open(images.seal_png("Bộ Thông tin và Truyền thông", diameter_mm=38))
    assert image.size == (449, 449)  # 38 mm at 300 dpi
    assert round(image.info["dpi"][0]) == 300
    ink = _ink(image)
    assert all(r > 150 and r > g + 80 and r > b + 80 for r, g, b, _ in ink)
    # Round: the corners are empty, the rim at the middle of each side is inked.
    for x, y in [(2, 2), (446, 2), (2, 446), (446, 446)]:
        assert image.getpixel((x, y))[3] == 0
    for x, y in [(224, 10), (10, 224), (224, 438), (438, 224)]:
        assert image.getpixel((x, y))[3] > 128
    # A star fills the centre.
    assert image.getpixel((224, 224))[3] > 128
