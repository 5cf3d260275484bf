"""Printing from the system puts a mark on every page of the copy (who, when, which system, and that
it is a copy); the stored original never changes; the print is logged."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from django.urls import reverse

from documents.models import DocumentFile
from documents.services.print_copy import COPY_NOTE, print_marked_copy

from .accesslog_setup import drained, main_file, office_with_empty_buffer, print_url, registered

pytestmark = [pytest.mark.django_db, pytest.mark.needs_services]


@pytest.fixture
def office(db):
    yield from office_with_empty_buffer()


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
                          ).stdout.decode()


def test_the_printed_copy_carries_the_mark_and_the_original_is_unchanged(client, office):
    doc = registered(office)
    stored = main_file(doc)
    with stored.file.open("rb") as fh:
        before = hashlib.sha256(fh.read()).hexdigest()
    assert before == stored.sha256
    client.force_login(office.specialist)
    doc.access_grants.create(user=office.specialist, reason="assigned:lead")
    response = client.get(print_url(doc))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="ban-in-807.pdf"')
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    copy = b"".join(response.streaming_content)
    text = " ".join(pdf_text(copy).split())
    assert "Bản in từ Hệ thống QLVB — Ủy ban nhân dân tỉnh Bắc Kạn — Nông Thị Mai —" in text
    assert COPY_NOTE in text
    assert hashlib.sha256(copy).hexdigest() != before
    stored = DocumentFile.objects.get(pk=stored.pk)
    with stored.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == before == stored.sha256  # the original is untouched
    assert DocumentFile.objects.filter(document=doc).count() == 1  # and no new version was stored
    assert [(r.action, r.user_id) for r in drained()] == [("print", office.specialist.pk)]


def test_every_page_is_marked(office):
    import io

    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    for n in range(3):
        canvas.drawString(100, 700, f"Trang {n + 1}")
        canvas.showPage()
    canvas.save()
    copy = print_marked_copy(out.getvalue(), mark="Bản in từ Hệ thống QLVB — Thử — Người in — 01/01/2026 08:00")
    pages = pdf_text(copy).split("\f")
    assert sum("Bản in từ Hệ thống QLVB" in p for p in pages) == 3


def test_a_file_that_is_not_a_pdf_is_not_printed(client, office):
    doc = registered(office)
    other = DocumentFile.objects.create(document=doc, role="appendix", name="bang.xlsx", content_type="application/zip",
                                        size=1, sha256="0" * 64, file=main_file(doc).file.name)
    client.force_login(office.clerk)
    assert client.get(reverse("documents:file-print", args=[doc.pk, other.pk])).status_code == 404
    assert drained() == []


def test_another_organization_cannot_print(client, office):
    doc = registered(office)
    client.force_login(office.outsider)
    assert client.get(print_url(doc)).status_code == 404
    assert drained() == []


def test_the_print_button_is_on_the_document_page(client, office):
    doc = registered(office)
    client.force_login(office.clerk)
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert print_url(doc) in page


def test_an_unreadable_pdf_is_not_printed_and_the_reader_is_told(client, office):
    doc = registered(office)
    broken = DocumentFile.objects.create(document=doc, role="appendix", name="hong.pdf", content_type="application/pdf",
                                         size=1, sha256="0" * 64, file=main_file(doc).file.name + ".missing")
    from django.core.files.base import ContentFile

    broken.file.save("hong.pdf", ContentFile(b"%PDF-1.4 not really"), save=True)
    client.force_login(office.clerk)
    response = client.get(reverse("documents:file-print", args=[doc.pk, broken.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("documents:detail", args=[doc.pk])
    assert "Không đọc được tệp PDF này để tạo bản in" in response.content.decode()
    assert drained() == []


def test_a_signed_pdf_prints_as_a_marked_copy_and_stays_signed(tmp_path):
    """The copy of a signed PDF carries the mark and says it does not replace the electronic original;
    the signed bytes are only read."""
    from signatures.pdf import pades, signing, verify
    from signatures.pdf.samples import SampleDocument, nd30_document
    from signatures.pki import hosted as demo_pki
    from signatures.pki import keys

    demo = demo_pki.write_demo_hierarchy(tmp_path, people=[("Nguyễn Văn A", "Bộ Thông tin và Truyền thông",
                                                             "Thứ trưởng")],
                                         organizations=[("Bộ Thông tin và Truyền thông", "BTTTT")])
    policy = pades.SigningPolicy(timestamper=demo.timestamp_authority().timestamper(),
                                 trust_roots=(demo.root.cert,), fetch=demo.fetch)
    signed = signing.sign_as_leader(nd30_document(SampleDocument(pages=2)),
                                    keys.signer_from_credential(demo.credential("nguyen-van-a")),
                                    signature_image=(demo.directory / "nguyen-van-a.png").read_bytes(),
                                    policy=policy).data
    original = bytes(signed)
    copy = print_marked_copy(signed, mark="Bản in từ Hệ thống QLVB — Thử — Người in — 01/01/2026 08:00")
    assert signed == original
    pages = pdf_text(copy).split("\f")
    assert sum("Bản in từ Hệ thống QLVB" in p and COPY_NOTE in " ".join(p.split()) for p in pages) == 2
    [report] = verify.verify_pdf(original, trust_roots=(demo.root.cert,))
    assert report.intact and report.covers_whole_file  # the original is still whole and signed
