"""Drafting and the review route of outgoing documents, and DOCX conversion by LibreOffice."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.models import Addressee, Conversion, DocumentType, ReviewStep, SigningRoute
from documents.selectors.documents import document_main_file
from documents.services.outgoing import conversion as conversion_module
from documents.services.outgoing.conversion import conversion_run
from documents.services.outgoing.drafting import (
    draft_comment_add,
    draft_content_replace,
    outgoing_draft_create,
)
from documents.services.outgoing.review import outgoing_submit, review_decide
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx(text: str) -> bytes:
    """A minimal valid DOCX with one paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   'xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
                   'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                   f'{text}</w:t></w:r></w:p></w:body></w:document>')
    return out.getvalue()


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    outside = make_org("VPCP", name="Văn phòng Chính phủ")
    outside.hosted = False
    outside.save()
    return {
        "org": org, "vx": vx, "outside": outside, "sibling": make_org("STC", name="Sở Tài chính"),
        "specialist": make_user(org, ["specialist"], unit=vx), "head": make_user(org, ["unit_head"], unit=vx),
        "clerk": make_user(org, ["clerk"]), "stranger": make_user(make_org("X"), ["specialist"]),
        "cv": DocumentType.objects.get(code="cong-van"),
    }


def draft(office, **kw):
    args = dict(actor=office["specialist"], organization=office["org"], document_type=office["cv"],
                subject="V/v tăng cường gửi, nhận văn bản điện tử", content=("du-thao.pdf", PDF),
                recipients=[office["sibling"], office["outside"]], paper_recipients=["Báo Bắc Kạn"])
    args.update(kw)
    return outgoing_draft_create(**args)


def test_a_draft_knows_how_each_addressee_is_reached(office):
    doc = draft(office)
    channels = {a.name: a.channel for a in doc.addressees.all()}
    assert channels == {"Sở Tài chính": Addressee.Channel.INTERNAL, "Văn phòng Chính phủ": Addressee.Channel.AXIS,
                        "Báo Bắc Kạn": Addressee.Channel.PAPER}
    assert doc.state == "draft" and doc.unit == office["vx"] and document_main_file(doc).content_type == "application/pdf"


def test_only_members_draft_and_content_must_be_pdf_or_docx(office):
    with pytest.raises(PermissionDenied):
        draft(office, actor=office["stranger"])
    with pytest.raises(ValidationError, match="PDF hoặc DOCX"):
        draft(office, content=("a.exe", b"MZ"))
    with pytest.raises(ValidationError, match="không phải PDF"):
        draft(office, content=("a.pdf", b"<html>"))


def test_versions_are_kept_and_comments_point_at_the_version(office):
    doc = draft(office)
    first = document_main_file(doc)
    second = draft_content_replace(actor=office["specialist"], document=doc, content=("v2.pdf", PDF + b" "))
    assert document_main_file(doc) == second and second.replaces == first
    comment = draft_comment_add(actor=office["head"], document=doc, text="Sửa đoạn 2")
    assert comment.file == second


def test_review_route_content_then_format_then_ready_to_sign(office):
    doc = draft(office)
    outgoing_submit(actor=office["specialist"], document=doc)
    doc.refresh_from_db()
    assert doc.state == "in_review"
    with pytest.raises(PermissionDenied):
        review_decide(actor=office["clerk"], document=doc, approve=True)  # content comes first
    with pytest.raises(ValidationError, match="ý kiến"):
        review_decide(actor=office["head"], document=doc, approve=False)
    review_decide(actor=office["head"], document=doc, approve=False, comment="Bổ sung căn cứ")
    doc.refresh_from_db()
    assert doc.state == "returned" and doc.draft_comments.filter(text="Bổ sung căn cứ").exists()
    draft_content_replace(actor=office["specialist"], document=doc, content=("v2.pdf", PDF + b" "))
    outgoing_submit(actor=office["specialist"], document=doc)
    review_decide(actor=office["head"], document=doc, approve=True)
    review_decide(actor=office["clerk"], document=doc, approve=True, comment="Đúng thể thức")
    doc.refresh_from_db()
    assert doc.state == "approved"
    assert list(doc.review_steps.values_list("round", "kind", "state")) == [
        (1, "content", "returned"), (2, "content", "approved"), (2, "format", "approved")]


def test_an_organization_without_checks_goes_straight_to_signing(office):
    SigningRoute.objects.create(organization=office["org"], content_review=False, format_review=False)
    doc = draft(office)
    outgoing_submit(actor=office["specialist"], document=doc)
    doc.refresh_from_db()
    assert doc.state == "approved" and not ReviewStep.objects.filter(document=doc).exists()


def test_docx_is_converted_to_pdf_by_libreoffice(office):
    doc = draft(office, content=("Công văn.docx", docx("Kính gửi: Sở Tài chính tỉnh Bắc Kạn")))
    with pytest.raises(ValidationError, match="chưa có bản PDF"):
        outgoing_submit(actor=office["specialist"], document=doc)
    conversion = Conversion.objects.get(source__document=doc)
    conversion = conversion_run(conversion_id=conversion.pk)
    assert conversion.state == "done", conversion.error
    pdf = document_main_file(doc)
    assert pdf.name == "Công văn.pdf" and pdf.content_type == "application/pdf" and pdf.replaces == conversion.source
    text = subprocess.run(["pdftotext", pdf.file.path, "-"], capture_output=True, text=True).stdout
    assert "Sở Tài chính tỉnh Bắc Kạn" in text
    outgoing_submit(actor=office["specialist"], document=doc)


def test_missing_libreoffice_is_a_clear_error(office, monkeypatch):
    monkeypatch.setattr(conversion_module, "libreoffice_binary", lambda: None)
    doc = draft(office, content=("cv.docx", docx("x")))
    conversion = conversion_run(conversion_id=Conversion.objects.get(source__document=doc).pk)
    assert conversion.state == "failed" and "LibreOffice" in conversion.error
    with pytest.raises(ValidationError, match="LibreOffice"):
        outgoing_submit(actor=office["specialist"], document=doc)


def test_hosted_organizations_under_different_axis_centers_exchange_over_the_axis(office):
    from interchange.models import AxisConnection

    ministry = AxisConnection.objects.create(name="Bộ", endpoint="http://127.0.0.1:1", system_id="bo", secret="s")
    province = AxisConnection.objects.create(name="Tỉnh", endpoint="http://127.0.0.1:1", system_id="tinh", secret="s")
    province.organizations.add(office["org"], office["sibling"])
    vpcp = office["outside"]
    vpcp.hosted = True
    vpcp.save()
    ministry.organizations.add(vpcp)
    doc = draft(office)
    channels = {a.name: a.channel for a in doc.addressees.all()}
    assert channels["Sở Tài chính"] == Addressee.Channel.INTERNAL
    assert channels["Văn phòng Chính phủ"] == Addressee.Channel.AXIS
