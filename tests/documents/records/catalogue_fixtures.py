"""The people and sheets the catalogue's tests share: an organization with a clerk and a leader
(no unit), a specialist and a unit head of VXNV, an archivist, and another organization's leader."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from documents.models.records import PERMANENT
from documents.services.records.catalogue import EntryFields, catalogue_create, catalogue_entry_add
from tests.factories import make_org, make_unit, make_user

HEADER = ["Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Người lập hồ sơ", "Ghi chú"]
NUMBERS = ["(1)", "(2)", "(3)", "(4)", "(5)"]
GOOD_ROWS = [
    ["", "I. TỔNG HỢP", "", "", ""],
    ["", "1. Kế hoạch, báo cáo", "", "", ""],
    ["01.TH", "Hồ sơ chương trình công tác năm", "Vĩnh viễn", "Hoàng Thị Nhung", ""],
    ["02.TH", "Báo cáo tháng, quý", "10 năm", "", "Bản điện tử"],
    ["", "II. VĂN HÓA - XÃ HỘI", "", "", ""],
    ["05.VXNV", "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", "10 năm", "Nông Thị Mai - VXNV", ""],
    ["06.VXNV", "Hồ sơ chuyển đổi số", 20, "VXNV", ""],
    ["07.VXNV", "Hồ sơ của người chưa có tài khoản", "5 năm", "Ông Nguyễn Văn Ngoài", ""],
]


def sheet_bytes(rows, *, title_block=True, header=True, numbers=True, offset=0) -> bytes:
    """A workbook in the Phụ lục V layout (the table `offset` columns in), as people make them."""
    wb = Workbook()
    ws = wb.active
    if title_block:
        ws.append(["ỦY BAN NHÂN DÂN TỈNH", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
        ws.append(["DANH MỤC HỒ SƠ"])
        ws.append(["Năm 2026"])
        ws.append([])
    pad = [None] * offset
    if header:
        ws.append(pad + HEADER)
    if numbers:
        ws.append(pad + NUMBERS)
    for row in rows:
        ws.append(pad + list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def office(db):
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh thử nghiệm")
    vxnv = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    other = make_org("STC", name="Sở Tài chính thử nghiệm")
    return {
        "org": org, "vxnv": vxnv, "other": other,
        "clerk": make_user(org, ["clerk"], full_name="Hoàng Thị Nhung"),
        "leader": make_user(org, ["leader"], full_name="Đàm Duy Hưng"),
        "specialist": make_user(org, ["specialist"], unit=vxnv, full_name="Nông Thị Mai"),
        "head": make_user(org, ["unit_head"], unit=vxnv, full_name="Lý Văn Thắng"),
        "archivist": make_user(org, ["archivist"], full_name="Lâm Thị Thu"),
        "other_leader": make_user(other, ["leader"], full_name="Hoàng Văn Bình"),
        "other_clerk": make_user(other, ["clerk"], full_name="Lường Thị Vân"),
    }


def filled(office, year=2026):
    """A draft with two headings and three file rows."""
    catalogue = catalogue_create(actor=office["clerk"], organization=office["org"], year=year)
    add = lambda **kw: catalogue_entry_add(actor=office["clerk"], catalogue=catalogue, fields=EntryFields(**kw))  # noqa: E731
    add(kind="heading", title="TỔNG HỢP")
    add(kind="file", code="01.TH", title="Chương trình công tác", retention_years=PERMANENT)
    add(kind="heading", title="VĂN HÓA - XÃ HỘI")
    add(kind="subheading", title="Chuyển đổi số")
    add(kind="file", code="05.VXNV", title="Hồ sơ gửi, nhận văn bản điện tử", retention_years=10,
        responsible_user=office["specialist"], responsible_unit=office["vxnv"])
    add(kind="file", code="06.VXNV", title="Hồ sơ chuyển đổi số", retention_years=20, responsible_unit=office["vxnv"])
    return catalogue
