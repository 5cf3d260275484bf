"""Helpers of the disposal part's tests: an organization with the roles concerned, and hồ sơ made
directly with the models in whatever state a test needs (with a document, its file, and another file)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass

from django.core.files.base import ContentFile

from documents.models.records import RecordFile, RecordItem
from documents.services.files import file_store
from qlvb.models import Organization, Unit, User
from tests.factories import make_document, make_org, make_unit, make_user

_codes = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class Org:
    org: Organization
    unit: Unit
    other_unit: Unit
    leader: User
    archivist: User
    head: User
    specialist: User
    colleague: User
    clerk: User
    outsider_specialist: User  # of the other unit


def make_cast(short: str = "UBND") -> Org:
    org = make_org(short)
    unit, other = make_unit(org, "VXNV", "Phòng Văn xã"), make_unit(org, "KT", "Phòng Kinh tế")
    return Org(
        org=org, unit=unit, other_unit=other,
        leader=make_user(org, ["leader"], full_name="Lãnh Đạo"),
        archivist=make_user(org, ["archivist"], full_name="Lưu Trữ"),
        head=make_user(org, ["unit_head"], unit=unit, full_name="Trưởng Phòng"),
        specialist=make_user(org, ["specialist"], unit=unit, full_name="Chuyên Viên"),
        colleague=make_user(org, ["specialist"], unit=unit, full_name="Đồng Nghiệp"),
        clerk=make_user(org, ["clerk"], full_name="Văn Thư"),
        outsider_specialist=make_user(org, ["specialist"], unit=other, full_name="Phòng Khác"),
    )


def make_record(cast: Org, *, owner: User | None = None, retention: int = 10, state: str = "archived",
                ended_on: dt.date | None = None, unit: Unit | None = None, files: bool = True,
                code: str | None = None) -> RecordFile:
    owner = owner or cast.specialist
    ended_on = ended_on or dt.date(2010, 6, 30)
    record = RecordFile.objects.create(
        organization=cast.org, year=ended_on.year, code=code or f"HS-{next(_codes):03d}",
        title="Hồ sơ thử nghiệm về việc gửi, nhận văn bản điện tử", retention_years=retention, owner=owner,
        unit=unit or cast.unit, state=state, started_on=ended_on - dt.timedelta(days=60), ended_on=ended_on)
    if files:
        document = make_document(cast.org, unit=cast.unit, created_by=owner, subject="Về việc thử nghiệm hủy")
        document.symbol, document.issued_on, document.issuer_name = "807/UBND-VX", ended_on, "UBND tỉnh"
        document.save()
        first = file_store(document=document, name="807.pdf", data=PDF, content_type="application/pdf")
        file_store(document=document, name="807-da-ky.pdf", data=PDF + b"%signed", content_type="application/pdf",
                   replaces=first)
        RecordItem.objects.create(record=record, ordinal=1, document=document, added_by=owner)
        item = RecordItem(record=record, ordinal=2, kind=RecordItem.Kind.MINUTES, title="Biên bản họp",
                          file_name="bien-ban.txt", content_type="text/plain", size=9,
                          sha256=hashlib.sha256(b"bien ban.").hexdigest(), added_by=owner)
        item.file.save("bien-ban.txt", ContentFile(b"bien ban."), save=False)
        item.save()
    return record
