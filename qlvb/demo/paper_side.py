"""Demo data of the paper side (issue 16): Bắc Kạn's clerk registers a letter backan.lanhdao signed
by hand, numbered in the same series as the electronic ones, and sends it by post, so that
"Văn bản đi" shows a "Ký tay trên giấy" letter, the Sổ gửi văn bản đi bưu điện has a row, and the
figures count one issued document that was not signed digitally.

Idempotent: once the letter is there, nothing more is done."""

from __future__ import annotations

import io

from django.utils import timezone

from documents.models import Document, DocumentType
from documents.services.outgoing.handsigned import handsigned_dispatch, handsigned_register
from qlvb.models import Organization, User

BACKAN = "000.00.00.H05"
SUBJECT = "V/v cử cán bộ tham dự tập huấn sử dụng chữ ký số (văn bản ký tay)"
POSTAL = "Công ty Điện lực Bắc Kạn"


def _scan() -> bytes:
    """A one-page PDF standing in for the scan of the signed paper."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from signatures.fonts import reportlab_serif

    regular = reportlab_serif()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont(regular, 13)
    page.drawString(70, 760, "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN")
    page.drawString(70, 700, SUBJECT)
    page.drawString(330, 560, "PHÓ CHỦ TỊCH")
    page.drawString(330, 480, "Đàm Duy Hưng")
    page.save()
    return buffer.getvalue()


def demo_paper_side(stdout=None) -> Document | None:
    organization = Organization.objects.filter(organ_id=BACKAN).first()
    clerk = User.objects.filter(username="backan.vanthu").first()
    leader = User.objects.filter(username="backan.lanhdao").first()
    if organization is None or clerk is None or leader is None:
        if stdout:
            stdout.write("demo_paper_side: no Bắc Kạn demo people (run seed_demo first), nothing registered.\n")
        return None
    existing = Document.objects.filter(organization=organization, direction="out", source="paper",
                                       subject=SUBJECT).first()
    if existing is not None:
        return existing
    document = handsigned_register(
        actor=clerk, organization=organization, document_type=DocumentType.objects.get(name="Công văn"),
        subject=SUBJECT, scan=("ban-quet-ky-tay.pdf", _scan()), signer_name="", signer_title="",
        signed_on=timezone.localdate(), signed_by=leader, paper_recipients=[POSTAL],
    )
    handsigned_dispatch(actor=clerk, document=document, note="Gửi bảo đảm")
    if stdout:
        stdout.write(f"demo_paper_side: {document.symbol} signed by hand, sent by post to {POSTAL}.\n")
    return document
