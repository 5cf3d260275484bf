"""What the work-file tests share: an organization with a unit and its people, an approved
catalogue, documents with numbers, dates and PDF files."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from documents.models import Document
from documents.models.records import CatalogueEntry, FileCatalogue
from documents.services.files import file_store
from tests.factories import make_document, make_org, make_unit, make_user

YEAR = 2026


def pdf_bytes(pages: int = 1, text: str = "Văn bản") -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for n in range(pages):
        canvas.drawString(72, 720, f"{text} trang {n + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@dataclass
class Office:
    org: object
    unit: object
    other_unit: object
    specialist: object
    colleague: object
    unit_head: object
    other_head: object
    clerk: object
    leader: object


def make_office(organ_id: str | None = None) -> Office:
    org = make_org("UBND", organ_id=organ_id)
    unit = make_unit(org, "VXNV", "Phòng Văn xã")
    other = make_unit(org, "KT", "Phòng Kinh tế")
    return Office(
        org=org, unit=unit, other_unit=other,
        specialist=make_user(org, ["specialist"], unit=unit, full_name="Nguyễn Văn Chuyên"),
        colleague=make_user(org, ["specialist"], unit=unit, full_name="Trần Thị Đồng"),
        unit_head=make_user(org, ["unit_head"], unit=unit, full_name="Lê Văn Trưởng"),
        other_head=make_user(org, ["unit_head"], unit=other, full_name="Phạm Văn Khác"),
        clerk=make_user(org, ["clerk"], full_name="Hoàng Thị Văn Thư"),
        leader=make_user(org, ["leader"], full_name="Đỗ Văn Lãnh Đạo"),
    )


def make_catalogue(org, *, year: int = YEAR, approved: bool = True, rows=()) -> FileCatalogue:
    """rows: (code, title, retention, responsible_unit, responsible_user)."""
    catalogue = FileCatalogue.objects.create(
        organization=org, year=year,
        state=FileCatalogue.State.APPROVED if approved else FileCatalogue.State.DRAFT)
    CatalogueEntry.objects.create(catalogue=catalogue, position=1, kind=CatalogueEntry.Kind.HEADING,
                                  title="I. VĂN XÃ")
    for n, (code, title, retention, unit, user) in enumerate(rows, start=2):
        CatalogueEntry.objects.create(catalogue=catalogue, position=n, code=code, title=title,
                                      retention_years=retention, responsible_unit=unit, responsible_user=user)
    return catalogue


def make_doc(org, *, symbol: str, subject: str = "Về việc thử nghiệm", direction: str = "in",
             issued_on: dt.date | None = dt.date(YEAR, 3, 2), pages: int = 0, created_by=None, unit=None,
             state: str | None = None, issuer_name: str = "Văn phòng Chính phủ", content: bytes | None = None,
             **fields) -> Document:
    document = make_document(org, direction=direction, subject=subject, created_by=created_by, unit=unit)
    document.symbol, document.issued_on = symbol, issued_on
    document.issuer_name = issuer_name if direction == "in" else ""
    document.state = state or ("registered" if direction == "in" else "dispatched")
    for key, value in fields.items():
        setattr(document, key, value)
    document.save()
    if pages or content:
        file_store(document=document, name=f"{symbol.replace('/', '-')}.pdf",
                   data=content or pdf_bytes(pages, subject), content_type="application/pdf")
    return document
