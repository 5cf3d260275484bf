"""The signing block (title line above, signer's name below) is found in the document text."""

import pytest

from signatures.errors import SigningBlockNotFoundError
from signatures.pdf.samples import SampleDocument, nd30_document
from signatures.pdf.signing_block import locate_signing_block, page_lines
from tests.signatures.conftest import needs_poppler

pytestmark = needs_poppler


def test_block_on_the_last_page_of_a_long_document():
    pdf = nd30_document(SampleDocument(pages=5))
    block = locate_signing_block(pdf, 5, "Nguyễn Văn A")
    assert block.page == 4
    assert block.title.text == "THỨ TRƯỞNG"
    assert block.name.text == "Nguyễn Văn A"
    assert block.title.y0 - block.name.y1 > 60  # room left for the signature


def test_name_is_matched_regardless_of_unicode_normalisation():
    import unicodedata

    pdf = nd30_document(SampleDocument(signer_name="Trần Thị Thanh Hương", title="PHÓ CHỦ TỊCH"))
    decomposed = unicodedata.normalize("NFD", "Trần Thị Thanh Hương")
    block = locate_signing_block(pdf, 1, decomposed)
    assert block.title.text == "PHÓ CHỦ TỊCH"


def test_explicit_title_picks_that_line():
    pdf = nd30_document()
    block = locate_signing_block(pdf, 1, "Nguyễn Văn A", title="KT. BỘ TRƯỞNG")
    assert block.title.text == "KT. BỘ TRƯỞNG"


def test_absent_signer_is_a_clear_error():
    with pytest.raises(SigningBlockNotFoundError) as caught:
        locate_signing_block(nd30_document(), 1, "Người Không Có")
    assert "vị trí" in caught.value.user_message


def test_line_positions_are_in_pdf_coordinates():
    lines = page_lines(nd30_document(), 1, 1)
    number = next(line for line in lines if line.text.startswith("Số:"))
    # The number sits near the top of an A4 page (842 pt high), in the left column.
    assert 700 < number.y0 < number.y1 < 800
    assert number.x0 < 297
