"""Demo data of work files (hồ sơ công việc): backan.chuyenvien's open hồ sơ on the exchange of
electronic documents, holding Bắc Kạn's copy of 807/VPCP-KSTT and its answer 814/UBND-VXNV when the
story has been played (`seed_story`), otherwise empty. Idempotent: run it as often as you like."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from documents.models import Document
from documents.models.records import CatalogueEntry, FileCatalogue, RecordFile, RecordItem
from documents.services.records.workfiles import record_document_add, record_file_open
from qlvb.models import Organization, User

ORGAN_ID = "000.00.00.H05"
OWNER = "backan.chuyenvien"
CODE = "05.VXNV"
TITLE = "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử"
RETENTION_YEARS = 10
LETTERS = (("807/VPCP-KSTT", "in"), ("814/UBND-VXNV", "out"))


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def demo_workfiles(stdout=None) -> RecordFile | None:
    organization = Organization.objects.filter(organ_id=ORGAN_ID).first()
    owner = User.objects.filter(username=OWNER).first()
    if organization is None or owner is None:
        _say(stdout, "Hồ sơ công việc: chưa có UBND tỉnh Bắc Kạn hoặc backan.chuyenvien (chạy seed_demo trước).")
        return None
    year = timezone.localdate().year
    record = RecordFile.objects.filter(organization=organization, year=year, code=CODE).first()
    if record is None:
        entry = (CatalogueEntry.objects.filter(
            catalogue__organization=organization, catalogue__year=year, catalogue__state=FileCatalogue.State.APPROVED,
            kind=CatalogueEntry.Kind.FILE, code=CODE, record_files__isnull=True).first())
        if entry is not None:
            record = record_file_open(actor=owner, organization=organization, catalogue_entry=entry)
        else:
            record = record_file_open(actor=owner, organization=organization, title=TITLE, code=CODE,
                                      retention_years=RETENTION_YEARS, started_on=dt.date(year, 1, 1))
        _say(stdout, f"Hồ sơ công việc: đã mở hồ sơ {record.code} cho {owner}.")
    if record.is_read_only:
        return record
    for symbol, direction in LETTERS:
        document = (Document.objects.filter(organization=organization, symbol=symbol, direction=direction)
                    .order_by("-created_at").first())
        if document is None or RecordItem.objects.filter(document=document).exists():
            continue
        if not Document.objects.visible_to(owner).filter(pk=document.pk).exists():
            _say(stdout, f"Hồ sơ công việc: {owner} không xem được {symbol}, không đưa vào hồ sơ.")
            continue
        record_document_add(actor=owner, record=record, document=document)
        _say(stdout, f"Hồ sơ công việc: đã đưa {symbol} vào hồ sơ {record.code}.")
    return record
