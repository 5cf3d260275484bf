"""The demo exchange: VPCP's 807/VPCP-KSTT goes to Bắc Kạn and BTTTT through the local axis."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from documents.models import Document, DocumentFile, DocumentType
from documents.rendering import DocumentLayout, render_document
from qlvb.models import Organization

from .services.outbox import outbound_document_enqueue

SUBJECT = ("tăng cường gửi, nhận văn bản điện tử giữa các cơ quan hành chính nhà nước nhằm phòng, "
           "chống dịch COVID-19")
BODY = [
    "Thực hiện Quyết định số 28/2018/QĐ-TTg về gửi, nhận văn bản điện tử giữa các cơ quan hành chính nhà "
    "nước, Văn phòng Chính phủ đề nghị các bộ, ngành, địa phương tăng cường xử lý hồ sơ công việc trên môi "
    "trường mạng và gửi, nhận văn bản điện tử không kèm bản giấy.",
    "Các cơ quan thường xuyên theo dõi, bảo đảm không có văn bản gửi lỗi, văn bản nhận lỗi, văn bản tồn "
    "đọng hoặc chưa phản hồi trạng thái trên Trục liên thông văn bản quốc gia.",
]


@transaction.atomic
def demo_exchange_send() -> Document | None:
    """Create and dispatch the demo document once; None if it was already sent."""
    vpcp = Organization.objects.get(organ_id="000.00.00.G22")
    if Document.objects.filter(organization=vpcp, symbol="807/VPCP-KSTT").exists():
        return None
    pdf = render_document(DocumentLayout(
        organization=vpcp.name, symbol="807/VPCP-KSTT", place="Hà Nội", date=dt.date(2021, 2, 1), subject=SUBJECT,
        body=BODY, recipients_to=["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
                                  "UBND các tỉnh, thành phố trực thuộc Trung ương."],
        places=["Như trên;", "Lưu: VT, KSTT."], signer_title="BỘ TRƯỞNG, CHỦ NHIỆM", signer_name="Mai Tiến Dũng",
    ))
    doc = Document.objects.create(
        organization=vpcp, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
        symbol="807/VPCP-KSTT", subject=f"V/v {SUBJECT}", issued_on=dt.date(2021, 2, 1), urgency=1,
        state=Document.State.ISSUED, signer_name="Mai Tiến Dũng", signer_title="Bộ trưởng, Chủ nhiệm",
        unit=vpcp.units.filter(abbreviation="KSTT").first(),
    )
    f = DocumentFile(document=doc, name="807-VPCP-KSTT.pdf", content_type="application/pdf", size=len(pdf),
                     sha256=hashlib.sha256(pdf).hexdigest())
    f.file.save("807-VPCP-KSTT.pdf", ContentFile(pdf), save=False)
    f.save()
    recipients = list(Organization.objects.filter(organ_id__in=["000.00.00.H05", "000.00.00.G14"]))
    outbound_document_enqueue(document=doc, recipients=recipients)
    return doc
