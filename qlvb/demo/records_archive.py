"""Demo data of the archive: a hồ sơ of Bắc Kạn's Phòng Văn xã - Nội vụ from last year, three paper
documents entered by the clerk, closed, submitted by its owner (backan.chuyenvien) and accepted by
the archivist (backan.luutru) with its mục lục and biên bản giao nhận. Idempotent; needs `seed_demo`."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone

from documents.models import DocumentType, RecordFile, RecordItem
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from documents.services.records.archive import archive_accept, archive_submit
from qlvb.models import Organization, Unit, User

BACKAN = "000.00.00.H05"
CODE = "02.VXNV"
TITLE = "Hồ sơ về việc tổ chức Hội nghị tập huấn công tác văn thư, lưu trữ năm {year}"
DOCUMENTS = [
    # (số, ký hiệu; trích yếu; cơ quan ban hành; tháng, ngày)
    ("45/SNV-VTLT", "V/v tổ chức tập huấn nghiệp vụ văn thư, lưu trữ", "Sở Nội vụ tỉnh Bắc Kạn", (3, 12)),
    ("112/KH-SNV", "Kế hoạch tập huấn công tác văn thư, lưu trữ", "Sở Nội vụ tỉnh Bắc Kạn", (4, 2)),
    ("87/BC-SNV", "Báo cáo kết quả tập huấn công tác văn thư, lưu trữ", "Sở Nội vụ tỉnh Bắc Kạn", (6, 20)),
]


def _pdf(symbol: str, subject: str, issuer: str, day: dt.date) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from signatures.fonts import reportlab_serif

    out = io.BytesIO()
    canvas = Canvas(out)
    font = reportlab_serif("regular")
    canvas.setFont(font, 13)
    for y, line in ((780, issuer.upper()), (760, f"Số: {symbol}"),
                    (740, f"Bắc Kạn, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"), (700, subject),
                    (670, "(Bản quét văn bản giấy — dữ liệu minh họa)")):
        canvas.drawString(72, y, line)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


@transaction.atomic
def demo_archive(stdout=None) -> RecordFile:
    """The archived hồ sơ of the demo (created once)."""
    organization = Organization.objects.get(organ_id=BACKAN)
    year = timezone.localdate().year - 1
    existing = RecordFile.objects.filter(organization=organization, year=year, code=CODE).first()
    if existing is not None:
        _say(stdout, f"Hồ sơ lưu trữ {CODE} năm {year}: đã có.")
        return existing
    clerk = User.objects.get(username="backan.vanthu")
    owner = User.objects.get(username="backan.chuyenvien")
    archivist = User.objects.get(username="backan.luutru")
    unit = Unit.objects.get(organization=organization, abbreviation="VXNV")
    congvan = DocumentType.objects.get(code="cong-van")
    record = RecordFile.objects.create(
        organization=organization, year=year, code=CODE, title=TITLE.format(year=year), retention_years=10,
        owner=owner, unit=unit, state=RecordFile.State.CLOSED, started_on=dt.date(year, 3, 12),
        ended_on=dt.date(year, 6, 30), closed_at=timezone.now(),
        notes="Hồ sơ minh họa: đã nộp lưu và được Lưu trữ cơ quan tiếp nhận.")
    for ordinal, (symbol, subject, issuer, (month, day)) in enumerate(DOCUMENTS, start=1):
        issued_on = dt.date(year, month, day)
        document = incoming_create_paper(
            actor=clerk, organization=organization, document_type=congvan, symbol=symbol, subject=subject,
            issued_on=issued_on, issuer_name=issuer, scan=(f"{symbol.replace('/', '-')}.pdf",
                                                         _pdf(symbol, subject, issuer, issued_on)))
        incoming_register(actor=clerk, document=document)
        RecordItem.objects.create(record=record, ordinal=ordinal, document=document, added_by=owner)
    transfer = archive_submit(actor=owner, records=[record])
    archive_accept(actor=archivist, transfer=transfer)
    record.refresh_from_db()
    _say(stdout, f"Hồ sơ lưu trữ {CODE} năm {year}: nộp lưu và tiếp nhận (lượt {transfer.pk}).")
    return record
