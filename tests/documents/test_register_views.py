"""The register pages (/so-van-ban/): what a clerk sees, filters, and the downloads."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.exports import registers as register_module
from documents.views import registers as views_registers
from tests.documents.test_exports import office  # noqa: F401  (the fixture: a year of an office's work)

pytestmark = pytest.mark.django_db


def page(client, slug="den", **params):
    response = client.get(reverse("registers:register", args=[slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_pages_need_a_login(client):
    response = client.get(reverse("registers:register", args=["den"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_incoming_register_page_shows_every_column_and_the_rows(client, office):  # noqa: F811
    client.force_login(office["clerk"])
    html = page(client)
    for title in ("Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
                  "Tên loại và trích yếu nội dung văn bản", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận",
                  "Ghi chú"):
        assert f">{title}</th>" in html
    assert "807/VPCP-KSTT" in html and "1234/BYT-DP" in html and "2 văn bản" in html
    assert "5/VPCP-M" not in html and "99/VPCP-TH" not in html and "1/X-Y" not in html
    assert "Phòng Văn xã - Nội vụ (Nông Thị Mai)" in html
    detail = reverse("documents:detail", args=[office["first"].pk])
    assert f'<a href="{detail}">807/VPCP-KSTT</a>' in html


def test_tracking_and_outgoing_pages(client, office):  # noqa: F811
    client.force_login(office["clerk"])
    html = page(client, "theo-doi")
    assert "Tiến độ giải quyết" in html and "Đang xử lý 50%" in html and "15/VPUBND-VXNV ngày 05/02/2021" in html
    html = page(client, "di", date_from="2021-01-01")
    assert "Nơi nhận văn bản" in html and "Sở Y tế tỉnh Bắc Kạn<br>UBND thành phố Bắc Kạn" in html
    assert client.get(reverse("registers:register", args=["khong-co"])).status_code == 404


def test_filters_on_the_page(client, office):  # noqa: F811
    client.force_login(office["clerk"])
    html = page(client, issuer="bo y te")
    assert "1234/BYT-DP" in html and "807/VPCP-KSTT" not in html
    html = page(client, state="processing")
    assert "807/VPCP-KSTT" in html and "1234/BYT-DP" not in html
    html = page(client, unit=office["vx"].pk)
    assert "807/VPCP-KSTT" in html and "1234/BYT-DP" not in html
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    assert "Không có văn bản nào" in page(client, date_from=tomorrow.isoformat())


def test_another_organizations_clerk_sees_only_their_own(client, office):  # noqa: F811
    client.force_login(office["outsider"])
    html = page(client)
    assert "1/X-Y" in html and "807/VPCP-KSTT" not in html
    html = page(client, organization=office["org"].pk)  # not theirs: falls back to their own
    assert "807/VPCP-KSTT" not in html


def test_downloads_match_the_screen(client, office):  # noqa: F811
    client.force_login(office["clerk"])
    html = page(client, issuer="bo y te")
    assert "tai-ve.xlsx?" in html and "issuer=bo+y+te" in html
    response = client.get(reverse("registers:export-xlsx", args=["den"]), {"issuer": "bo y te"})
    assert response["Content-Disposition"].startswith('attachment; filename="so-den-000.00.01.H05-')
    rows = [r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert [r[3] for r in rows[6:]] == ["1234/BYT-DP"]
    response = client.get(reverse("registers:export-pdf", args=["theo-doi"]),
                          {"date_from": "2024-12-01", "date_to": f"{timezone.localdate():%Y-%m-%d}"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'-2024-{timezone.localdate().year}.pdf"')
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "807/VPCP-KSTT" in text


def test_first_visit_shows_this_year(client, office):  # noqa: F811
    client.force_login(office["clerk"])
    html = page(client)
    assert f'value="{timezone.localdate().year}-01-01"' in html
    assert "15/VPUBND-VXNV" not in page(client, "di")  # dated 2021


def test_too_large_an_export_goes_back_with_a_message(client, office, monkeypatch):  # noqa: F811
    client.force_login(office["clerk"])
    monkeypatch.setattr(views_registers, "PDF_MAX_ROWS", 1)
    response = client.get(reverse("registers:export-pdf", args=["den"]), follow=True)
    assert "vượt quá 1 dòng" in response.content.decode() and "thu hẹp khoảng thời gian" in response.content.decode()
    assert client.get(reverse("registers:export-xlsx", args=["den"]))["Content-Type"].startswith("application/vnd")
    monkeypatch.setattr(register_module, "EXPORT_MAX_ROWS", 1)
    response = client.get(reverse("registers:export-xlsx", args=["den"]), follow=True)
    assert response.redirect_chain and "vượt quá 1 dòng" in response.content.decode()
