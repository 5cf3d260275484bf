"""Demo file catalogues (danh mục hồ sơ) of UBND tỉnh Bắc Kạn: this year's, approved by the leader,
with the row the story's hồ sơ is opened from ("Hồ sơ về việc tăng cường gửi, nhận văn bản điện
tử", 05.VXNV, the specialist of VXNV); and next year's draft, copied from it. Idempotent: made
through the services once, left as they are afterwards."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from documents.models import CatalogueEntry, FileCatalogue
from documents.models.records import PERMANENT
from documents.services.records.catalogue import (
    EntryFields,
    catalogue_approve,
    catalogue_create,
    catalogue_entry_add,
    responsible_match,
)
from qlvb.models import Organization, User

BACKAN = "000.00.00.H05"
Kind = CatalogueEntry.Kind
STORY_ROW = "05.VXNV"

# (kind, code, title, retention years, who)
ROWS = [
    (Kind.HEADING, "", "TỔNG HỢP (TH)", None, ""),
    (Kind.SUBHEADING, "", "Kế hoạch, báo cáo", None, ""),
    (Kind.FILE, "01.TH", "Hồ sơ xây dựng chương trình công tác năm của Ủy ban nhân dân tỉnh", PERMANENT,
     "Hoàng Thị Nhung"),
    (Kind.FILE, "02.TH", "Báo cáo tình hình kinh tế - xã hội hằng tháng, quý", 10, "Hoàng Thị Nhung"),
    (Kind.SUBHEADING, "", "Công tác văn thư, lưu trữ", None, ""),
    (Kind.FILE, "03.TH", "Hồ sơ ban hành Danh mục hồ sơ của cơ quan", PERMANENT, "Hoàng Thị Nhung"),
    (Kind.FILE, "04.TH", "Hồ sơ giao nộp tài liệu vào Lưu trữ cơ quan", 20, "Lâm Thị Thu"),
    (Kind.HEADING, "", "VĂN HÓA - XÃ HỘI (VXNV)", None, ""),
    (Kind.SUBHEADING, "", "Chuyển đổi số, văn bản điện tử", None, ""),
    (Kind.FILE, STORY_ROW, "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", 10, "Nông Thị Mai - VXNV"),
    (Kind.FILE, "06.VXNV", "Hồ sơ triển khai Kế hoạch chuyển đổi số năm của tỉnh", 20, "VXNV"),
    (Kind.SUBHEADING, "", "Tổ chức, cán bộ", None, ""),
    (Kind.FILE, "07.VXNV", "Hồ sơ thi đua, khen thưởng năm", PERMANENT, "Lý Văn Thắng"),
    (Kind.FILE, "08.VXNV", "Hồ sơ tuyển dụng công chức", 70, "VXNV"),
    (Kind.HEADING, "", "KINH TẾ (KT)", None, ""),
    (Kind.FILE, "09.KT", "Hồ sơ giao dự toán ngân sách nhà nước năm", PERMANENT, "KT"),
    (Kind.FILE, "10.KT", "Hồ sơ theo dõi giải ngân vốn đầu tư công", 10, "Phòng Kinh tế"),
]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


@transaction.atomic
def demo_catalogue(stdout=None) -> tuple[FileCatalogue, FileCatalogue]:
    """This year's approved catalogue of Bắc Kạn and next year's draft copied from it."""
    organization = Organization.objects.get(organ_id=BACKAN)
    clerk, leader = User.objects.get(username="backan.vanthu"), User.objects.get(username="backan.lanhdao")
    year = timezone.localdate().year
    current = FileCatalogue.objects.filter(organization=organization, year=year).first()
    if current is None:
        current = catalogue_create(actor=clerk, organization=organization, year=year)
        for kind, code, title, years, who in ROWS:
            unit, user = responsible_match(organization, who)
            catalogue_entry_add(actor=clerk, catalogue=current, fields=EntryFields(
                kind=kind, code=code, title=title, retention_years=years, responsible_text=who,
                responsible_unit=unit, responsible_user=user))
        current = catalogue_approve(actor=leader, catalogue=current, decision="05/QĐ-UBND",
                          decision_date=dt.date(year, 1, 5))
        _say(stdout, f"Danh mục hồ sơ năm {year} của {organization.name}: {len(ROWS)} dòng, đã phê duyệt.")
    following = FileCatalogue.objects.filter(organization=organization, year=year + 1).first()
    if following is None:
        following = catalogue_create(actor=clerk, organization=organization, year=year + 1, copy_previous=True)
        _say(stdout, f"Dự thảo danh mục hồ sơ năm {year + 1}, sao từ năm {year}.")
    return current, following
