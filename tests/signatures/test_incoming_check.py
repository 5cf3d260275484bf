"""Incoming documents have their signatures checked on arrival; the policy decides reject or warn."""

import datetime as dt
import re

import pytest

from documents.models import Document, DocumentType
from documents.services.incoming.registration import incoming_create_paper
from documents.services.incoming.verification import incoming_signatures_check
from tests.signatures.conftest import read_file, sign_and_seal

pytestmark = pytest.mark.django_db


def _tampered(pdf: bytes) -> bytes:
    start, length = (int(v) for v in re.search(rb"/ByteRange \[\s*(\d+) (\d+)", pdf).groups())
    position = pdf.index(b"ReportLab PDF Library")
    assert start <= position < start + length
    data = bytearray(pdf)
    data[position] = ord("r")
    return bytes(data)


@pytest.fixture
def signed_pdf(cast, outgoing):
    return read_file(sign_and_seal(cast, outgoing))


def _arrive(cast, pdf: bytes) -> Document:
    return incoming_create_paper(
        actor=cast.clerk, organization=cast.organization, document_type=DocumentType.objects.get(code="cong-van"),
        symbol="12/UBND-VP", subject="V/v thử nghiệm", issued_on=dt.date(2026, 11, 20), issuer_name="UBND tỉnh",
        scan=("den.pdf", pdf),
    )


def test_a_valid_document_stays_for_the_clerk_with_its_result(cast, signed_pdf, settings):
    settings.QLVB_INVALID_SIGNATURE_POLICY = "reject"
    doc = _arrive(cast, signed_pdf)
    [verification] = incoming_signatures_check(document=doc)
    assert verification.valid
    assert Document.objects.get(pk=doc.pk).state == "arrived"


def test_an_invalid_signature_is_rejected_under_the_reject_policy(cast, signed_pdf, settings):
    settings.QLVB_INVALID_SIGNATURE_POLICY = "reject"
    doc = _arrive(cast, _tampered(signed_pdf))
    [verification] = incoming_signatures_check(document=doc)
    assert verification.invalid_signature
    doc.refresh_from_db()
    assert doc.state == "rejected" and doc.rejection_reason.startswith("Chữ ký số trên văn bản không hợp lệ")


def test_an_invalid_signature_only_warns_under_the_warn_policy(cast, signed_pdf, settings):
    settings.QLVB_INVALID_SIGNATURE_POLICY = "warn"
    doc = _arrive(cast, _tampered(signed_pdf))
    [verification] = incoming_signatures_check(document=doc)
    assert verification.invalid_signature
    assert Document.objects.get(pk=doc.pk).state == "arrived"
