"""The leader's signature: blue image between the title and the name, a valid PAdES signature."""

import hashlib

import pytest

from signatures.errors import SigningBlockNotFoundError
from signatures.pdf import signing, verify
from signatures.pdf.appearance import Placement
from signatures.pdf.signing_block import locate_signing_block
from tests.signatures.conftest import bbox, is_blue, needs_poppler, pdfsig, render_page

pytestmark = needs_poppler


def test_widget_sits_between_title_and_name_and_is_centred_on_them(document, leader_signed):
    (report,) = verify.verify_pdf(leader_signed.data, trust_roots=[])
    widget = report.widget
    block = locate_signing_block(document, 2, "Nguyễn Văn A")
    assert widget.page == block.page == 1
    assert block.name.y1 < widget.y < widget.y + widget.height < block.title.y0
    widget_center = widget.x + widget.width / 2
    assert abs(widget_center - block.name.center_x) < 3
    gap_middle = (block.title.y0 + block.name.y1) / 2
    assert abs(widget.y + widget.height / 2 - gap_middle) < 1


def test_rendered_page_shows_blue_ink_only_between_title_and_name(document, leader_signed):
    block = locate_signing_block(document, 2, "Nguyễn Văn A")
    blue = render_page(leader_signed.data, 1).pixels_where(is_blue)
    assert len(blue) > 200
    left, bottom, right, top = bbox(blue)
    assert block.name.y1 < bottom and top < block.title.y0
    assert left < block.name.center_x < right
    # Nothing blue on the unsigned document.
    assert not render_page(document, 1).pixels_where(is_blue)


def test_signing_returns_new_bytes_and_their_hash_without_touching_the_input(document, leader_signed):
    assert leader_signed.data.startswith(document)  # an incremental update
    assert leader_signed.sha256 == hashlib.sha256(leader_signed.data).hexdigest()
    assert leader_signed.field_name == "leader-1"


def test_signature_is_valid_for_us_and_for_poppler(demo, leader_signed, tmp_path):
    (report,) = verify.verify_pdf(leader_signed.data, trust_roots=demo.trust_roots, fetch=demo.fetch)
    assert report.valid, report.summary
    assert report.covers_whole_file and report.timestamp.valid
    assert report.details["title"] == "Thứ trưởng"
    out = pdfsig(leader_signed.data, tmp_path)
    assert out.count("Signature Validation: Signature is Valid.") == 1
    assert "Total document signed" in out


def test_manual_placement_overrides_the_text_search(document, leader_signer, signature_image, policy):
    chosen = Placement(page=0, x=100, y=120, width=120, height=36)
    signed = signing.sign_as_leader(
        document, leader_signer, signature_image=signature_image, policy=policy, placement=chosen
    )
    (report,) = verify.verify_pdf(signed.data, trust_roots=[])
    assert report.widget == Placement.from_rect(0, chosen.box)
    left, bottom, right, top = bbox(render_page(signed.data, 0).pixels_where(is_blue))
    assert 100 <= left and right <= 220 and 120 <= bottom and top <= 156


def test_name_not_in_document_is_refused(document, org_signer, signature_image, policy):
    # The seal certificate's CN is the organization, which is not printed as a signer's name.
    with pytest.raises(SigningBlockNotFoundError):
        signing.sign_as_leader(document, org_signer, signature_image=signature_image, policy=policy)
