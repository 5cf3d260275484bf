"""Demo data of keeping back, handover and disposal, on the demo cast of Bắc Kạn (`seed_demo`):

- an archived hồ sơ of 2013 kept 10 years: its retention has ended, it waits on "Hồ sơ hết thời hạn
  bảo quản" for the archivist (backan.luutru) to propose it and the leader (backan.lanhdao) to decide;
- a hồ sơ of 2019 kept 3 years at the unit, closed, its retention ended too;
- a closed hồ sơ whose work ended a year ago: due at the archive now, with the specialist's request
  to keep it back waiting for the leader.

Idempotent: run again, it changes nothing. Each hồ sơ has a document with a small PDF and a minute, so
that a disposal destroys real files.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import Document, DocumentType, RecordFile, RecordItem
from documents.models.records import add_years
from documents.models.records_disposal import KeepBack
from documents.services.files import file_store
from documents.services.records.disposal import keep_back_request
from qlvb.models import Organization, Unit, User

BACKAN = "000.00.00.H05"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _record(*, organization, unit, owner, code: str, title: str, retention: int, state: str, ended_on: dt.date,
            subject: str, symbol: str) -> tuple[RecordFile, bool]:
    record, created = RecordFile.objects.get_or_create(
        organization=organization, year=ended_on.year, code=code,
        defaults={"title": title, "retention_years": retention, "owner": owner, "unit": unit, "state": state,
                  "started_on": ended_on - dt.timedelta(days=90), "ended_on": ended_on,
                  "closed_at": timezone.now(),
                  "archived_at": timezone.now() if state == RecordFile.State.ARCHIVED else None})
    if not created:
        return record, False
    document = Document.objects.create(
        organization=organization, direction="in", document_type=DocumentType.objects.get(code="cong-van"),
        subject=subject, symbol=symbol, issued_on=ended_on - dt.timedelta(days=30), issuer_name="Sở Nội vụ tỉnh Bắc Kạn",
        unit=unit, created_by=owner, state="done", source="paper")
    file_store(document=document, name=f"{symbol.split('/')[0]}.pdf", data=PDF, content_type="application/pdf")
    RecordItem.objects.create(record=record, ordinal=1, document=document, added_by=owner)
    minute = b"Bien ban hop trien khai."
    item = RecordItem(record=record, ordinal=2, kind=RecordItem.Kind.MINUTES, title="Biên bản họp triển khai",
                      file_name="bien-ban-hop.txt", content_type="text/plain", size=len(minute),
                      sha256=hashlib.sha256(minute).hexdigest(), added_by=owner)
    item.file.save("bien-ban-hop.txt", ContentFile(minute), save=False)
    item.save()
    return record, True


def demo_disposal(stdout=None) -> dict[str, RecordFile]:
    organization = Organization.objects.get(organ_id=BACKAN)
    unit = Unit.objects.get(organization=organization, abbreviation="VXNV")
    owner = User.objects.get(username="backan.chuyenvien")
    today = timezone.localdate()
    expired, _ = _record(
        organization=organization, unit=unit, owner=owner, code="VXNV.13.07",
        title="Hồ sơ tổ chức hội nghị tập huấn công tác văn thư, lưu trữ năm 2013", retention=10,
        state=RecordFile.State.ARCHIVED, ended_on=dt.date(2013, 12, 20),
        subject="Về việc tổ chức hội nghị tập huấn công tác văn thư, lưu trữ năm 2013", symbol="412/SNV-VTLT")
    short, _ = _record(
        organization=organization, unit=unit, owner=owner, code="VXNV.19.21",
        title="Hồ sơ đăng ký lịch công tác tuần của phòng năm 2019", retention=3,
        state=RecordFile.State.CLOSED, ended_on=dt.date(2019, 12, 31),
        subject="Về việc đăng ký lịch công tác tuần", symbol="88/VXNV")
    ended = add_years(today, -1) + dt.timedelta(days=10)
    due, created = _record(
        organization=organization, unit=unit, owner=owner, code=f"VXNV.{ended.year % 100:02d}.03",
        title=f"Hồ sơ giải quyết kiến nghị của cử tri về chế độ chính sách năm {ended.year}", retention=20,
        state=RecordFile.State.CLOSED, ended_on=ended,
        subject="Về việc trả lời kiến nghị của cử tri", symbol="57/SLĐTBXH-CS")
    if created and not KeepBack.objects.filter(record=due).exists():
        keep_back_request(actor=owner, record=due, until=add_years(due.submission_due_on, 1),
                          reason="Còn cần để theo dõi việc trả lời cử tri tại kỳ họp tới")
    if stdout is not None:
        stdout.write(f"Bảo quản hồ sơ: {expired.code} và {short.code} hết thời hạn bảo quản, {due.code} đề nghị giữ lại.\n")
    return {"expired": expired, "short": short, "due": due}
