"""Demo data of metadata corrections (issue 15, item 8): Bắc Kạn's clerk completes the description of
the story's incoming 807/VPCP-KSTT, with a reason, so that its page shows a "Lịch sử sửa thông tin".

Idempotent: once the document has a correction, nothing more is done. Needs the story (seed_story);
without its 807 in Bắc Kạn it says so and does nothing."""

from __future__ import annotations

from documents.models import Document, MetadataChange
from documents.services.records.metadata import document_metadata_edit
from qlvb.models import User

BACKAN = "000.00.00.H05"
CLERK = "backan.vanthu"
DESCRIPTION = "Văn bản điện tử nhận qua Trục liên thông văn bản quốc gia; căn cứ để tỉnh triển khai Công văn 814."
REASON = "Bổ sung mô tả khi lập hồ sơ theo dõi việc gửi, nhận văn bản điện tử."


def demo_metadata(stdout=None) -> Document | None:
    document = (Document.objects.filter(organization__organ_id=BACKAN, direction="in", symbol__startswith="807/")
                .order_by("pk").first())
    clerk = User.objects.filter(username=CLERK).first()
    if document is None or clerk is None:
        if stdout:
            stdout.write("demo_metadata: no 807 in Bắc Kạn (run seed_story first), nothing corrected.\n")
        return None
    if not MetadataChange.objects.filter(document=document).exists():
        document_metadata_edit(actor=clerk, document=document, changes={"description": DESCRIPTION}, reason=REASON)
        if stdout:
            stdout.write(f"demo_metadata: the description of {document.symbol} completed by {CLERK}.\n")
    return document
