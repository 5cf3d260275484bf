"""Demo incidents, so that a fresh `make run` shows what the alerts are for: a send that fails
(a recipient the axis does not know) and a received document left unregistered for days."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from documents.models import Document, DocumentFile, DocumentType
from documents.rendering.layout import DocumentLayout, render_document
from interchange.services.outbox import outbound_document_enqueue
from qlvb.models import Organization

UNKNOWN_RECIPIENT = ("000.00.09.H99", "Sở Nội vụ tỉnh (chưa kết nối trục)")


def _pdf(org: Organization, symbol: str, subject: str, body: str) -> bytes:
    return render_document(DocumentLayout(
        organization=org.name, symbol=symbol, place=org.place_name or "Hà Nội", date=timezone.localdate(),
        subject=subject, body=[body], places=["Như trên;", "Lưu: VT."], signer_title="CHÁNH VĂN PHÒNG",
        signer_name="Hà Văn Sơn",
    ))


def _attach(document: Document, data: bytes, name: str) -> None:
    f = DocumentFile(document=document, name=name, content_type="application/pdf", size=len(data),
                     sha256=hashlib.sha256(data).hexdigest())
    f.file.save(name, ContentFile(data), save=False)
    f.save()


@transaction.atomic
def seed_incidents() -> list[str]:
    made = []
    cong_van = DocumentType.objects.get(code="cong-van")
    sender = Organization.objects.get(organ_id="000.00.01.H05")
    symbol = "15/VPUBND-HCTC"
    if not Document.objects.filter(organization=sender, symbol=symbol).exists():
        stranger, _ = Organization.objects.get_or_create(
            organ_id=UNKNOWN_RECIPIENT[0], defaults={"name": UNKNOWN_RECIPIENT[1], "short_name": "SNV"})
        subject = "V/v báo cáo tình hình gửi, nhận văn bản điện tử"
        doc = Document.objects.create(
            organization=sender, direction="out", document_type=cong_van, symbol=symbol, subject=subject,
            issued_on=timezone.localdate(), state=Document.State.DISPATCHED, dispatched_at=timezone.now(),
            signer_name="Hà Văn Sơn", signer_title="Chánh Văn phòng",
        )
        _attach(doc, _pdf(sender, symbol, subject, "Văn bản mẫu gửi tới một cơ quan chưa kết nối trục."),
                "15-VPUBND-HCTC.pdf")
        outbound_document_enqueue(document=doc, recipients=[stranger])
        made.append(f"{symbol}: sent to {UNKNOWN_RECIPIENT[0]}, which the axis does not know (a send failure)")
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    late_symbol = "1203/STC-NS"
    if not Document.objects.filter(organization=backan, symbol=late_symbol).exists():
        issuer = Organization.objects.get(organ_id="000.00.11.H05")
        received = timezone.now() - dt.timedelta(days=4)
        doc = Document.objects.create(
            organization=backan, direction="in", source=Document.Source.PAPER, state=Document.State.ARRIVED,
            document_type=cong_van, symbol=late_symbol, subject="V/v đề nghị bổ sung kinh phí chuyển đổi số",
            issued_on=received.date(), issuer=issuer, issuer_name=issuer.name, received_at=received,
        )
        Document.objects.filter(pk=doc.pk).update(created_at=received)
        _attach(doc, _pdf(issuer, late_symbol, doc.subject, "Văn bản mẫu đến từ bốn ngày trước, chưa vào sổ."),
                "1203-STC-NS.pdf")
        made.append(f"{late_symbol}: received at Bắc Kạn four days ago and not registered (a backlog item)")
    return made
