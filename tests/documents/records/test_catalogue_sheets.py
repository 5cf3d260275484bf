"""The catalogue as a sheet and on paper: importing a Phụ lục V sheet (a good one, each kind of bad
one, hostile bytes; nothing half-written), the export that imports back as it was, and the PDF with
the closing summary."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from documents.errors import CatalogueError
from documents.exports.catalogue import catalogue_pdf, catalogue_xlsx
from documents.models import FileCatalogue
from documents.selectors.records_catalogue import catalogue_rows, catalogue_summary
from documents.services.records import catalogue_sheet
from documents.services.records.catalogue import (
    catalogue_approve,
    catalogue_create,
    catalogue_import_xlsx,
)
from documents.services.records.catalogue_sheet import CatalogueSheetRefused
from qlvb.errors import Forbidden, Refused
from qlvb.models import AuditEvent
from tests.documents.records.catalogue_fixtures import GOOD_ROWS, filled, office, sheet_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


def _draft(office, year=2026):  # noqa: F811
    return catalogue_create(actor=office["clerk"], organization=office["org"], year=year)


def _snapshot(catalogue):
    return list(catalogue.entries.order_by("position").values_list(
        "kind", "code", "title", "retention_years", "responsible_text", "responsible_user", "responsible_unit",
        "notes"))


def test_a_good_sheet_is_imported_with_people_and_units_matched(office):  # noqa: F811
    catalogue = _draft(office)
    assert catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=sheet_bytes(GOOD_ROWS)) == 5
    rows = [(r.number, r.entry.kind, r.entry.code, r.entry.title, r.entry.retention_years)
            for r in catalogue_rows(catalogue)]
    assert rows == [
        ("I", "heading", "", "TỔNG HỢP", None), ("1", "subheading", "", "Kế hoạch, báo cáo", None),
        ("", "file", "01.TH", "Hồ sơ chương trình công tác năm", 0), ("", "file", "02.TH", "Báo cáo tháng, quý", 10),
        ("II", "heading", "", "VĂN HÓA - XÃ HỘI", None),
        ("", "file", "05.VXNV", "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử", 10),
        ("", "file", "06.VXNV", "Hồ sơ chuyển đổi số", 20),
        ("", "file", "07.VXNV", "Hồ sơ của người chưa có tài khoản", 5)]
    by_code = {e.code: e for e in catalogue.entries.exclude(code="")}
    assert (by_code["05.VXNV"].responsible_user, by_code["05.VXNV"].responsible_unit) == (
        office["specialist"], office["vxnv"])
    assert by_code["01.TH"].responsible_user == office["clerk"]
    assert (by_code["06.VXNV"].responsible_user, by_code["06.VXNV"].responsible_unit) == (None, office["vxnv"])
    assert by_code["07.VXNV"].responsible_user is None and by_code["07.VXNV"].responsible_text == "Ông Nguyễn Văn Ngoài"
    assert by_code["02.TH"].notes == "Bản điện tử"
    event = AuditEvent.objects.get(action="catalogue.import")
    assert event.data["files"] == 5 and event.actor == office["clerk"]


def test_the_table_may_start_a_column_in_without_a_title_block_or_column_numbers(office):  # noqa: F811
    catalogue = _draft(office)
    content = sheet_bytes(GOOD_ROWS, title_block=False, numbers=False, offset=1)
    assert catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=content) == 5
    content = sheet_bytes(GOOD_ROWS, header=False, offset=2)
    assert catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=content) == 5
    assert catalogue.entries.count() == 8  # replaced, not added


@pytest.mark.parametrize(("bad_row", "index", "words"), [
    (["08.VXNV", "Hồ sơ", "lâu dài", "", ""], None, "“lâu dài” không phải thời hạn bảo quản"),
    (["05.VXNV", "Trùng số", "5 năm", "", ""], None, "Số và ký hiệu 05.VXNV đã có trong danh mục"),
    (["08.VXNV", "Hồ sơ", "", "", ""], None, "phải có thời hạn bảo quản"),
    (["08.VXNV", "", "5 năm", "", ""], None, "Thiếu tên đề mục hoặc tiêu đề hồ sơ"),
    (["", "Không đánh số", "", "", ""], None, "phải là đề mục"),
    (["", "III. ĐỀ MỤC", "5 năm", "", ""], None, "Dòng đề mục không ghi"),
    (["01.X", "Hồ sơ đầu tiên", "5 năm", "", ""], 0, "phải nằm dưới một đề mục lớn"),
    (["", "1. Đề mục nhỏ đầu tiên", "", "", ""], 0, "Đề mục nhỏ (1., 2., …) phải nằm dưới"),
    (["08.VXNV", "Công thức", "=1+1", "", ""], None, "Ô có công thức"),
    (["08.VXNV", "X" * 1200, "5 năm", "", ""], None, "dài quá 1000 ký tự"),
])
def test_a_bad_row_is_named_and_nothing_is_written(office, bad_row, index, words):  # noqa: F811
    catalogue = filled(office)
    before = _snapshot(catalogue)
    rows = list(GOOD_ROWS)
    rows.insert(len(rows) if index is None else index, bad_row)
    number = 6 + (len(rows) if index is None else index + 1)  # the title block, the header and numbers rows
    with pytest.raises(CatalogueSheetRefused) as caught:
        catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=sheet_bytes(rows))
    assert caught.value.code == CatalogueError.IMPORT_REFUSED
    assert any(p.startswith(f"Dòng {number}: ") and words in p for p in caught.value.problems), caught.value.problems
    assert _snapshot(catalogue) == before
    assert not AuditEvent.objects.filter(action="catalogue.import").exists()


def test_every_problem_is_listed_at_once(office):  # noqa: F811
    catalogue = _draft(office)
    rows = GOOD_ROWS + [["09.X", "A", "mãi mãi", "", ""], ["10.X", "B", "3 năm", "", ""], ["10.X", "C", "3 năm", "", ""],
                        ["", "lạc", "", "", ""]]
    with pytest.raises(CatalogueSheetRefused) as caught:
        catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=sheet_bytes(rows))
    assert [p.split(":")[0] for p in caught.value.problems] == ["Dòng 15", "Dòng 17", "Dòng 18"]
    assert "Chưa nhập gì: bảng tính có 3 lỗi." == caught.value.text("vi")
    assert not catalogue.entries.exists()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("content", "code"), [
    (b"", CatalogueError.IMPORT_NOT_XLSX),
    (b"%PDF-1.4 not a sheet", CatalogueError.IMPORT_NOT_XLSX),
    ("Số,Tiêu đề\n01,Hồ sơ\n".encode(), CatalogueError.IMPORT_NOT_XLSX),
    (b"PK\x03\x04 broken zip", CatalogueError.IMPORT_NOT_XLSX),
    (_zip({"hello.txt": b"hi"}), CatalogueError.IMPORT_NOT_XLSX),
    (_zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * (61 * 1024 * 1024)}),
     CatalogueError.IMPORT_TOO_LARGE),
    (_zip({"[Content_Types].xml": b"<broken", "xl/worksheets/sheet1.xml": b"<broken"}),
     CatalogueError.IMPORT_NOT_XLSX),
])
def test_bytes_that_are_not_a_sheet_are_refused(office, content, code):  # noqa: F811
    catalogue = filled(office)
    before = _snapshot(catalogue)
    with pytest.raises(Refused) as caught:
        catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=content)
    assert caught.value.code == code
    assert _snapshot(catalogue) == before


def test_a_sheet_without_the_table_or_without_files_is_refused(office):  # noqa: F811
    catalogue = _draft(office)
    wb = Workbook()
    wb.active.append(["Bảng gì đó", "không", "theo mẫu"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(Refused) as caught:
        catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=out.getvalue())
    assert caught.value.code == CatalogueError.IMPORT_NO_HEADER
    with pytest.raises(Refused) as caught:
        catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue,
                              content=sheet_bytes([["", "I. TỔNG HỢP", "", "", ""]]))
    assert caught.value.code == CatalogueError.IMPORT_NO_ROWS


def test_a_huge_sheet_is_refused(office, monkeypatch):  # noqa: F811
    monkeypatch.setattr(catalogue_sheet, "MAX_ROWS", 50)
    catalogue = _draft(office)
    rows = [["", "I. TỔNG HỢP", "", "", ""]] + [[f"{n:02d}.TH", f"Hồ sơ {n}", "5 năm", "", ""] for n in range(60)]
    with pytest.raises(Refused) as caught:
        catalogue_import_xlsx(actor=office["clerk"], catalogue=catalogue, content=sheet_bytes(rows))
    assert caught.value.code == CatalogueError.IMPORT_TOO_LARGE
    assert not catalogue.entries.exists()


def test_import_needs_a_drafter_and_a_draft(office):  # noqa: F811
    catalogue = filled(office)
    for who in ("specialist", "archivist", "other_clerk"):
        with pytest.raises(Forbidden):
            catalogue_import_xlsx(actor=office[who], catalogue=catalogue, content=sheet_bytes(GOOD_ROWS))
    catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="1/QĐ", decision_date=dt.date(2026, 1, 2))
    with pytest.raises(Refused) as caught:
        catalogue_import_xlsx(actor=office["leader"], catalogue=catalogue, content=sheet_bytes(GOOD_ROWS))
    assert caught.value.code == CatalogueError.NOT_A_DRAFT
    assert catalogue.entries.filter(code="01.TH").get().title == "Chương trình công tác"


def _export(catalogue) -> bytes:
    return catalogue_xlsx(catalogue, catalogue_rows(catalogue), catalogue_summary(catalogue))


def _cells(content: bytes) -> list[tuple]:
    return [tuple(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_export_then_import_gives_the_same_catalogue(office):  # noqa: F811
    source = _draft(office, 2025)
    catalogue_import_xlsx(actor=office["clerk"], catalogue=source, content=sheet_bytes(GOOD_ROWS))
    first = _export(source)
    copy = _draft(office, 2026)
    catalogue_import_xlsx(actor=office["clerk"], catalogue=copy, content=first)
    assert _snapshot(copy) == _snapshot(source)
    second = _export(copy)
    cells = _cells(first)
    assert _cells(second)[8:] == cells[8:]  # the header block differs only by the year
    assert ("01.TH", "Hồ sơ chương trình công tác năm", "Vĩnh viễn", "Hoàng Thị Nhung", None) in cells
    assert (None, "II. VĂN HÓA - XÃ HỘI", None, None, None) in cells
    assert ("Danh mục hồ sơ này có 5 hồ sơ, bao gồm:", None, None, None, None) in cells


def test_user_text_that_looks_like_a_formula_is_exported_as_text(office):  # noqa: F811
    from documents.services.records.catalogue import EntryFields, catalogue_entry_add

    catalogue = filled(office)
    catalogue_entry_add(actor=office["clerk"], catalogue=catalogue, fields=EntryFields(
        kind="file", code="09.X", title='=HYPERLINK("http://evil","bấm")', retention_years=5,
        responsible_text="@SUM(1)", notes="-2+3"))
    ws = load_workbook(io.BytesIO(_export(catalogue))).active
    row = next(r for r in ws.iter_rows() if r[0].value == "09.X")
    assert row[1].data_type == "s" and row[1].quotePrefix
    assert row[3].data_type == "s" and row[3].quotePrefix and row[4].quotePrefix
    # and a sheet with the quoted text imports back as text, not as a formula
    copy = _draft(office, 2025)
    catalogue_import_xlsx(actor=office["clerk"], catalogue=copy, content=_export(catalogue))
    assert copy.entries.get(code="09.X").title == '=HYPERLINK("http://evil","bấm")'


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "danh-muc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def test_the_pdf_has_the_national_header_the_decision_the_table_and_the_summary(office, tmp_path):  # noqa: F811
    catalogue = filled(office)
    catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="05/QĐ-UBND",
                      decision_date=dt.date(2026, 1, 5))
    catalogue = FileCatalogue.objects.get(pk=catalogue.pk)
    text = " ".join(_pdf_text(catalogue_pdf(catalogue, catalogue_rows(catalogue), catalogue_summary(catalogue)),
                              tmp_path).split())
    for words in ("ỦY BAN NHÂN DÂN TỈNH THỬ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "DANH MỤC HỒ SƠ", "Năm 2026",
                  "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh thử nghiệm)",
                  "I. TỔNG HỢP", "II. VĂN HÓA - XÃ HỘI", "1. Chuyển đổi số", "05.VXNV", "Vĩnh viễn", "20 năm",
                  "Nông Thị Mai - VXNV",
                  "Danh mục hồ sơ này có 3 hồ sơ, bao gồm:", "1 hồ sơ bảo quản vĩnh viễn;",
                  "2 hồ sơ bảo quản có thời hạn."):
        assert words in text, words


def test_a_draft_prints_as_a_draft(office, tmp_path):  # noqa: F811
    catalogue = filled(office)
    text = _pdf_text(catalogue_pdf(catalogue, catalogue_rows(catalogue), catalogue_summary(catalogue)), tmp_path)
    assert "(Dự thảo, chưa được phê duyệt)" in text and "Quyết định" not in text
