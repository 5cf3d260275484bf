"""The catalogue's pages (/ho-so/danh-muc/): who sees what, each action by the right person, the
wrong person, another organization's person, and with bad input (Vietnamese errors, nothing
written)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from documents.models import FileCatalogue
from documents.services.records.catalogue import catalogue_approve
from tests.documents.records.catalogue_fixtures import GOOD_ROWS, filled, office, sheet_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _snapshot(catalogue):
    catalogue.refresh_from_db()
    return (catalogue.state, catalogue.decision, list(catalogue.entries.order_by("position").values_list(
        "kind", "code", "title", "retention_years", "notes")))


def _approved(office):  # noqa: F811
    catalogue = filled(office)
    catalogue_approve(actor=office["leader"], catalogue=catalogue, decision="05/QĐ-UBND",
                      decision_date=dt.date(2026, 1, 5))
    return catalogue


def test_the_list_shows_approved_catalogues_to_everyone_and_drafts_to_drafters_and_archivists(client, office):  # noqa: F811
    approved = _approved(office)
    draft = filled(office, year=2027 if dt.date.today().year >= 2026 else 2025)
    url = reverse("records:catalogue-list")
    for who, sees_draft in (("clerk", True), ("leader", True), ("archivist", True), ("specialist", False),
                            ("head", False)):
        html = _as(client, office[who]).get(url).content.decode()
        assert reverse("records:catalogue-detail", args=[approved.pk]) in html, who
        assert (reverse("records:catalogue-detail", args=[draft.pk]) in html) == sees_draft, who
        assert (client.get(reverse("records:catalogue-detail", args=[draft.pk])).status_code == 200) == sees_draft
        assert ('action="/ho-so/danh-muc/lap/"' in html) == (who in ("clerk", "leader")), who
    html = _as(client, office["other_leader"]).get(url).content.decode()
    assert "Chưa có danh mục hồ sơ nào" in html


def test_another_organization_gets_404_and_changes_nothing(client, office):  # noqa: F811
    catalogue = filled(office)
    entry = catalogue.entries.get(code="05.VXNV")
    before = _snapshot(catalogue)
    _as(client, office["other_leader"])
    pk = catalogue.pk
    for url, data in [
        (reverse("records:catalogue-detail", args=[pk]), None),
        (reverse("records:catalogue-xlsx", args=[pk]), None),
        (reverse("records:catalogue-pdf", args=[pk]), None),
        (reverse("records:catalogue-entry-edit", args=[pk, entry.pk]), None),
        (reverse("records:catalogue-approve", args=[pk]), {"decision": "1/QĐ", "decision_date": "05/01/2026"}),
        (reverse("records:catalogue-reopen", args=[pk]), {"reason": "x"}),
        (reverse("records:catalogue-entry-add", args=[pk]), {"kind": "heading", "title": "X"}),
        (reverse("records:catalogue-entry-edit", args=[pk, entry.pk]), {"title": "Đổi", "code": "9", "retention": "1"}),
        (reverse("records:catalogue-entry-remove", args=[pk, entry.pk]), {}),
        (reverse("records:catalogue-entry-up", args=[pk, entry.pk]), {}),
        (reverse("records:catalogue-copy-previous", args=[pk]), {}),
        (reverse("records:catalogue-import", args=[pk]),
         {"sheet": SimpleUploadedFile("dm.xlsx", sheet_bytes(GOOD_ROWS))}),
    ]:
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, url
        assert "data-error-page" in response.content.decode()
    assert _snapshot(catalogue) == before


def test_a_specialist_reads_an_approved_catalogue_and_cannot_change_it(client, office):  # noqa: F811
    catalogue = _approved(office)
    before = _snapshot(catalogue)
    entry = catalogue.entries.get(code="05.VXNV")
    _as(client, office["specialist"])
    html = client.get(reverse("records:catalogue-detail", args=[catalogue.pk])).content.decode()
    assert "Hồ sơ gửi, nhận văn bản điện tử" in html and "Đã phê duyệt" in html
    assert "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2026" in html
    for name in ("catalogue-approve", "catalogue-reopen", "catalogue-import", "catalogue-entry-add"):
        assert reverse(f"records:{name}", args=[catalogue.pk]) not in html
    assert client.get(reverse("records:catalogue-entry-edit", args=[catalogue.pk, entry.pk])).status_code == 403
    client.post(reverse("records:catalogue-reopen", args=[catalogue.pk]), {"reason": "Sửa"})
    client.post(reverse("records:catalogue-entry-remove", args=[catalogue.pk, entry.pk]))
    assert _snapshot(catalogue) == before
    assert client.get(reverse("records:catalogue-pdf", args=[catalogue.pk])).status_code == 200


def test_a_specialist_cannot_edit_or_approve_a_draft(client, office):  # noqa: F811
    catalogue = filled(office)
    before = _snapshot(catalogue)
    entry = catalogue.entries.get(code="05.VXNV")
    _as(client, office["specialist"])
    assert client.get(reverse("records:catalogue-detail", args=[catalogue.pk])).status_code == 404  # a draft
    assert client.post(reverse("records:catalogue-approve", args=[catalogue.pk]),
                       {"decision": "1/QĐ", "decision_date": "05/01/2026"}).status_code == 404
    assert client.post(reverse("records:catalogue-entry-edit", args=[catalogue.pk, entry.pk]),
                       {"title": "Đổi", "code": "05.VXNV", "retention": "1"}).status_code == 404
    assert _snapshot(catalogue) == before


def test_the_clerk_cannot_approve_and_the_archivist_cannot_edit(client, office):  # noqa: F811
    catalogue = filled(office)
    before = _snapshot(catalogue)
    response = _as(client, office["clerk"]).post(reverse("records:catalogue-approve", args=[catalogue.pk]),
                                                 {"decision": "1/QĐ", "decision_date": "05/01/2026"}, follow=True)
    assert "Chỉ người đứng đầu cơ quan (lãnh đạo) mới được phê duyệt" in response.content.decode()
    _as(client, office["archivist"])
    assert client.get(reverse("records:catalogue-detail", args=[catalogue.pk])).status_code == 200
    response = client.post(reverse("records:catalogue-entry-add", args=[catalogue.pk]),
                           {"kind": "heading", "title": "MỚI"})
    assert response.status_code == 403 and "data-error-page" in response.content.decode()
    response = client.post(reverse("records:catalogue-import", args=[catalogue.pk]),
                           {"sheet": SimpleUploadedFile("dm.xlsx", sheet_bytes(GOOD_ROWS))}, follow=True)
    assert "Chỉ văn thư hoặc lãnh đạo của cơ quan mới được lập danh mục hồ sơ." in response.content.decode()
    assert _snapshot(catalogue) == before


def test_the_leader_approves_and_reopens_from_the_page(client, office):  # noqa: F811
    catalogue = filled(office)
    _as(client, office["leader"])
    url = reverse("records:catalogue-approve", args=[catalogue.pk])
    html = client.post(url, {"decision": "", "decision_date": "31/02/2026"}, follow=True).content.decode()
    assert "Vui lòng nhập thông tin này." in html and "Ngày không hợp lệ" in html
    assert FileCatalogue.objects.get(pk=catalogue.pk).state == "draft"
    html = client.post(url, {"decision": "05/QĐ-UBND", "decision_date": "05/01/2026"}, follow=True).content.decode()
    assert "Đã phê duyệt danh mục hồ sơ năm 2026." in html
    catalogue.refresh_from_db()
    assert (catalogue.state, catalogue.decision_date) == ("approved", dt.date(2026, 1, 5))
    html = client.post(reverse("records:catalogue-reopen", args=[catalogue.pk]), {"reason": ""},
                       follow=True).content.decode()
    assert "Nhập lý do mở lại danh mục để sửa đổi." in html
    client.post(reverse("records:catalogue-reopen", args=[catalogue.pk]), {"reason": "Bổ sung"})
    assert FileCatalogue.objects.get(pk=catalogue.pk).state == "draft"


def test_the_clerk_creates_imports_and_edits_a_row(client, office):  # noqa: F811
    _as(client, office["clerk"])
    response = client.post(reverse("records:catalogue-create"), {"organization": office["org"].pk, "year": "2026"})
    catalogue = FileCatalogue.objects.get(organization=office["org"], year=2026)
    assert response["Location"] == reverse("records:catalogue-detail", args=[catalogue.pk])
    response = client.post(reverse("records:catalogue-create"), {"organization": office["org"].pk, "year": "2026"},
                           follow=True)
    assert "Cơ quan đã có danh mục hồ sơ năm 2026." in response.content.decode()
    response = client.post(reverse("records:catalogue-create"), {"organization": office["other"].pk, "year": "2025"})
    assert response.status_code == 400 and not FileCatalogue.objects.filter(organization=office["other"]).exists()

    url = reverse("records:catalogue-import", args=[catalogue.pk])
    bad = sheet_bytes(GOOD_ROWS + [["09.X", "Hồ sơ", "lâu dài", "", ""]])
    response = client.post(url, {"sheet": SimpleUploadedFile("dm.xlsx", bad)})
    html = response.content.decode()
    assert response.status_code == 400 and "Chưa nhập gì: bảng tính có 1 lỗi." in html
    assert "Dòng 15: “lâu dài” không phải thời hạn bảo quản" in html and not catalogue.entries.exists()
    response = client.post(url, {"sheet": SimpleUploadedFile("dm.xlsx", b"not a workbook")}, follow=True)
    assert "Tệp không phải bảng tính Excel (.xlsx)." in response.content.decode()
    response = client.post(url, {"sheet": SimpleUploadedFile("dm.xlsx", sheet_bytes(GOOD_ROWS))}, follow=True)
    assert "Đã nhập danh mục từ tệp Excel: 5 hồ sơ." in response.content.decode()

    entry = catalogue.entries.get(code="02.TH")
    edit = reverse("records:catalogue-entry-edit", args=[catalogue.pk, entry.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"code": "05.VXNV", "title": "Báo cáo", "retention": "mãi"})
    html = response.content.decode()
    assert response.status_code == 400 and "“mãi” không phải thời hạn bảo quản" in html
    response = client.post(edit, {"code": "05.VXNV", "title": "Báo cáo", "retention": "5 năm"})
    assert "Số và ký hiệu 05.VXNV đã có trong danh mục." in response.content.decode()
    client.post(edit, {"code": "02.TH", "title": "Báo cáo tháng, quý, năm", "retention": "Vĩnh viễn",
                       "responsible_user": office["specialist"].pk, "notes": "Sửa"})
    entry.refresh_from_db()
    assert (entry.title, entry.retention_years, entry.responsible_user) == ("Báo cáo tháng, quý, năm", 0,
                                                                            office["specialist"])
    response = client.post(edit, {"code": "02.TH", "title": "X", "retention": "5",
                                  "responsible_user": office["other_leader"].pk})
    assert response.status_code == 400  # not offered: not a member
    assert entry.title == "Báo cáo tháng, quý, năm"

    add = reverse("records:catalogue-entry-add", args=[catalogue.pk])
    count = catalogue.entries.count()
    response = client.post(add, {"kind": "file", "code": "", "title": "", "retention": "5"})
    html = response.content.decode()
    assert response.status_code == 400 and "Vui lòng nhập thông tin này." in html
    response = client.post(add, {"kind": "heading", "title": "IV. MỚI", "retention": "5 năm"})
    assert "Dòng đề mục không ghi số ký hiệu, thời hạn bảo quản" in response.content.decode()
    response = client.post(add, {"kind": "file", "title": "Không số", "retention": "5 năm"})
    assert "Dòng hồ sơ phải có số và ký hiệu hồ sơ." in response.content.decode()
    assert catalogue.entries.count() == count
    client.post(add, {"kind": "file", "code": "03.TH", "title": "Thêm sau", "retention": "3 năm", "after": entry.pk})
    codes = [c for c in catalogue.entries.order_by("position").values_list("code", flat=True) if c]
    assert codes[:3] == ["01.TH", "02.TH", "03.TH"]
    client.post(reverse("records:catalogue-entry-down", args=[catalogue.pk, entry.pk]))
    codes = [c for c in catalogue.entries.order_by("position").values_list("code", flat=True) if c]
    assert codes[:3] == ["01.TH", "03.TH", "02.TH"]
    client.post(reverse("records:catalogue-entry-remove", args=[catalogue.pk, entry.pk]))
    assert not catalogue.entries.filter(code="02.TH").exists()


def test_the_downloads(client, office):  # noqa: F811
    catalogue = _approved(office)
    _as(client, office["specialist"])
    response = client.get(reverse("records:catalogue-xlsx", args=[catalogue.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename=\"danh-muc-ho-so-")
    cells = [r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert ("05.VXNV", "Hồ sơ gửi, nhận văn bản điện tử", "10 năm", "Nông Thị Mai - VXNV", None) in cells
    response = client.get(reverse("records:catalogue-pdf", args=[catalogue.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_copy_from_last_year_on_the_page(client, office):  # noqa: F811
    last = _approved(office)
    _as(client, office["clerk"])
    client.post(reverse("records:catalogue-create"), {"organization": office["org"].pk, "year": "2025"})
    empty = FileCatalogue.objects.get(organization=office["org"], year=2025)
    html = client.get(reverse("records:catalogue-detail", args=[empty.pk])).content.decode()
    assert "Sao từ năm trước" in html
    response = client.post(reverse("records:catalogue-copy-previous", args=[empty.pk]), follow=True)
    assert "Cơ quan không có danh mục hồ sơ nào trước năm 2025 để sao." in response.content.decode()
    last.year = 2024
    last.save()
    client.post(reverse("records:catalogue-create"), {"organization": office["org"].pk, "year": "2026",
                                                      "copy_previous": "on"})
    new = FileCatalogue.objects.get(organization=office["org"], year=2026)
    assert new.copied_from == last and new.entries.count() == 6  # the latest earlier one with rows
    response = client.post(reverse("records:catalogue-copy-previous", args=[empty.pk]), follow=True)
    assert "Đã sao 6 dòng từ danh mục năm trước." in response.content.decode()
    assert empty.entries.count() == 6
