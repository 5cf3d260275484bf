"""Documents and stamps use a Times New Roman–compatible font that has every Vietnamese letter."""

from pathlib import Path

import pytest

from signatures import fonts

LIBERATION_1 = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


def test_serif_font_covers_vietnamese_in_every_style():
    for style in fonts.CANDIDATES:
        assert fonts.covers_vietnamese(fonts.serif_font_path(style)), style


@pytest.mark.skipif(not LIBERATION_1.exists(), reason="fonts-liberation (1.x) not installed")
def test_liberation_1_lacks_vietnamese_and_is_not_used():
    assert not fonts.covers_vietnamese(LIBERATION_1)
    assert fonts.serif_font_path("regular") != LIBERATION_1
