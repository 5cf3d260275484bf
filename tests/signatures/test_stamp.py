"""Attachments and copies: the organization signs with a text line at the top right of page 1."""

import io
import re
from datetime import datetime, timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib.units import mm

from signatures.clock import iso_vietnam
from signatures.pdf import signing, verify
from signatures.pdf.samples import SampleDocument, nd30_document
from signatures.pdf.signing_block import page_lines
from tests.signatures.conftest import bbox, is_dark, needs_poppler, render_page

pytestmark = needs_poppler

ISO_VN = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00"
A4_WIDTH, A4_HEIGHT = 595.2756, 841.8898


@pytest.fixture(scope="module")
def attachment(org_signer, policy):
    pdf = nd30_document(SampleDocument(kind="PHỤ LỤC", pages=2))
    return signing.seal_attachment(pdf, org_signer, document_number="807/VPCP-KSTT", policy=policy)


def _stamp_line(pdf: bytes, prefix: str):
    return next(line for line in page_lines(pdf, 1, 1) if line.text.startswith(prefix))


def test_stamp_reads_number_and_vietnam_time_of_signing(attachment):
    line = _stamp_line(attachment.data, "807/VPCP-KSTT")
    assert re.fullmatch(rf"807/VPCP-KSTT; {ISO_VN}", line.text)
    assert line.text == f"807/VPCP-KSTT; {iso_vietnam(attachment.signing_time)}"


def test_stamp_time_is_the_signature_time(demo, attachment):
    (report,) = verify.verify_pdf(attachment.data, trust_roots=demo.trust_roots)
    stamped = datetime.fromisoformat(_stamp_line(attachment.data, "807/").text.split("; ")[1])
    assert stamped == datetime.fromisoformat(report.details["signer_reported_time"])
    assert timedelta(0) <= report.timestamp.time - stamped < timedelta(seconds=30)
    assert report.valid and report.organization == report.signer


def test_stamp_sits_top_right_of_the_first_page_in_10_pt_text(attachment):
    line = _stamp_line(attachment.data, "807/")
    assert line.page == 0
    assert A4_WIDTH - 20 * mm - 6 < line.x1 <= A4_WIDTH - 20 * mm
    assert A4_HEIGHT - 16 * mm < line.y0 and line.y1 < A4_HEIGHT - 10 * mm
    assert 9 < line.y1 - line.y0 < 13  # the glyph box of 10 pt Times


def test_stamp_renders_in_black_where_the_text_is(attachment):
    line = _stamp_line(attachment.data, "807/")
    dark = render_page(attachment.data, 0).pixels_where(is_dark)
    top_right = [p for p in dark if p[1] > A4_HEIGHT - 16 * mm]
    left, bottom, right, top = bbox(top_right)
    assert abs(left - line.x0) < 3 and abs(right - line.x1) < 3


def test_stamp_font_is_embedded_liberation_serif(attachment):
    reader = PdfFileReader(io.BytesIO(attachment.data))
    fonts = []

    def walk(resources):
        resources = resources.get_object()
        for font in resources.get("/Font", generic.DictionaryObject()).get_object().values():
            font = font.get_object()
            fonts.append((str(font["/BaseFont"]), "/FontFile2" in font["/FontDescriptor"]))
        for xobject in resources.get("/XObject", generic.DictionaryObject()).get_object().values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    field = next(
        f for f in reader.root["/AcroForm"]["/Fields"] if f.get_object()["/T"] == attachment.field_name
    )
    walk(field.get_object()["/AP"]["/N"]["/Resources"])
    assert fonts and all(name.endswith("+LiberationSerif") and embedded for name, embedded in fonts)


def test_copy_stamp_names_the_copy_form_and_the_organization(org_signer, policy):
    signed = signing.seal_copy(
        nd30_document(), org_signer, copy_form="SAO Y", organization="Văn phòng Chính phủ", policy=policy
    )
    line = _stamp_line(signed.data, "SAO Y")
    assert re.fullmatch(rf"SAO Y; Văn phòng Chính phủ; {ISO_VN}", line.text)
