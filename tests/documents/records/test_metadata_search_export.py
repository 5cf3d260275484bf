"""Search results people take away (Phụ lục VI III.6.đ, g, h): the columns and the order chosen, kept in
the query string and in saved searches; the results exported as xlsx, docx and pdf through the
same permission filter as the page, capped, audited, with formulas neutralised."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import pytest
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from documents.models import DocumentType, RecordFile, RecordItem, SavedSearch
from documents.selectors.search import SearchFilters
from documents.selectors.search_results import (
    SearchExportTooLarge,
    columns_chosen,
    export_rows,
    result_ids,
)
from documents.services.incoming.registration import incoming_create_paper
from documents.services.indexing import document_index
from qlvb.models import AuditEvent
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    other = make_org("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    o = {"org": org, "other": other,
         "clerk": make_user(org, ["clerk"], username="vanthu", full_name="Hoàng Thị Vân"),
         "cleared": make_user(org, ["leader"], username="lanhdao", secret_clearance=True),
         "outsider": make_user(other, ["clerk"], username="vanthu.stc"),
         "cv": DocumentType.objects.get(code="cong-van"), "kh": DocumentType.objects.get(code="ke-hoach")}

    def arrive(symbol, subject, issued_on, issuer, *, org=org, clerk=o["clerk"], secrecy=0, dtype=o["cv"], urgency=0):
        doc = incoming_create_paper(actor=clerk, organization=org, document_type=dtype, symbol=symbol, subject=subject,
                                    issued_on=issued_on, issuer_name=issuer, secrecy=secrecy, urgency=urgency)
        document_index(document=doc)
        return doc

    o["a"] = arrive("12/BYT-DP", "Về phòng chống dịch mùa đông", dt.date(2021, 3, 1), "Bộ Y tế")
    o["b"] = arrive("807/VPCP-KSTT", "Về phòng chống dịch và văn bản điện tử", dt.date(2021, 2, 1),
                    "Văn phòng Chính phủ", urgency=1)
    o["c"] = arrive("5/KH-SYT", "=HYPERLINK(\"http://evil\") phòng chống dịch", dt.date(2021, 4, 1), "Sở Y tế",
                    dtype=o["kh"])
    o["secret"] = arrive("3/M-CA", "Về phòng chống dịch (mật)", dt.date(2021, 1, 5), "Công an tỉnh", secrecy=1)
    o["elsewhere"] = arrive("99/BYT-DP", "Về phòng chống dịch tại Sở Tài chính", dt.date(2021, 5, 1), "Bộ Y tế",
                            org=other, clerk=o["outsider"])
    record = RecordFile.objects.create(organization=org, year=2021, code="05.YT", title="Hồ sơ phòng chống dịch",
                                       retention_years=10, owner=o["clerk"], started_on=dt.date(2021, 1, 1))
    RecordItem.objects.create(record=record, ordinal=1, document=o["a"], added_by=o["clerk"])
    return o


def ids(user, sort, org):
    return list(result_ids(user=user, filters=SearchFilters(query="phong chong dich", organization_id=org.pk), sort=sort))


def test_the_sort_orders_the_results(office):
    o = office
    assert ids(o["clerk"], "-issued_on", o["org"]) == [o["c"].pk, o["a"].pk, o["b"].pk]
    assert ids(o["clerk"], "issued_on", o["org"]) == [o["b"].pk, o["a"].pk, o["c"].pk]
    assert ids(o["clerk"], "issuer", o["org"]) == [o["a"].pk, o["c"].pk, o["b"].pk]  # Bộ, Sở, Văn phòng
    assert ids(o["clerk"], "-issuer", o["org"]) == [o["b"].pk, o["c"].pk, o["a"].pk]
    assert set(ids(o["clerk"], "relevance", o["org"])) == {o["a"].pk, o["b"].pk, o["c"].pk}


def test_the_columns_chosen_in_the_list_order_unknown_ones_set_aside():
    choice = columns_chosen(["subject,symbol", "nope", "file_code"])
    assert choice.keys == ["symbol", "subject", "file_code"] and choice.ignored == ("nope",)
    assert columns_chosen([]).keys == ["symbol", "issued_on", "type", "subject", "issuer", "state"]
    assert columns_chosen(["<script>"]).keys == columns_chosen([]).keys


def test_export_rows_only_what_the_user_may_see(office):
    o = office
    columns = columns_chosen(["symbol,file_code,secrecy"]).columns
    filters = SearchFilters(query="phong chong dich", organization_id=o["org"].pk)
    rows = export_rows(user=o["clerk"], filters=filters, sort="issued_on", columns=columns)
    assert rows == [["807/VPCP-KSTT", "Không mật", ""], ["12/BYT-DP", "Không mật", "05.YT"],
                    ["5/KH-SYT", "Không mật", ""]]
    cleared = export_rows(user=o["cleared"], filters=filters, sort="issued_on", columns=columns)
    assert cleared[0] == ["3/M-CA", "Mật", ""] and len(cleared) == 4
    # Another organization's clerk, asking for this organization, gets none of its documents.
    assert export_rows(user=o["outsider"], filters=filters, sort="issued_on", columns=columns) == []


def test_an_export_past_the_cap_is_refused_with_a_message(office):
    filters = SearchFilters(query="phong chong dich", organization_id=office["org"].pk)
    with pytest.raises(SearchExportTooLarge) as refused:
        export_rows(user=office["clerk"], filters=filters, sort="relevance", columns=columns_chosen([]).columns, limit=2)
    assert refused.value.total == 3 and "thu hẹp" in refused.value.text("vi")


# --- the page ---------------------------------------------------------------------------------------------

def test_the_page_shows_the_columns_and_order_chosen(client, office):
    client.force_login(office["clerk"])
    html = client.get(reverse("search:search"), {"q": "phong chong dich", "cols": ["symbol", "file_code", "page_count"],
                                                 "sort": "-issued_on"}).content.decode()
    assert html.index("5/KH-SYT") < html.index("12/BYT-DP") < html.index("807/VPCP-KSTT")
    assert "Mã hồ sơ" in html and "05.YT" in html and "Số trang" in html
    assert "Về phòng chống dịch mùa đông" not in html  # the subject column was not chosen
    assert "mới nhất trước" in html and 'value="file_code" id="col-file_code" checked' in html
    assert "99/BYT-DP" not in html and "3/M-CA" not in html


def test_bad_parameters_are_told_never_a_500(client, office):
    client.force_login(office["clerk"])
    response = client.get(reverse("search:search"), {"q": "phong chong dich", "sort": "drop table", "cols": "evil,symbol"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cách sắp xếp “drop table” không có" in html and "Đã bỏ qua cột không có trong danh sách: evil" in html
    response = client.get(reverse("search:export", args=["xlsx"]), {"q": "phong chong dich", "sort": "nope"})
    assert response.status_code == 302
    assert client.get(reverse("search:export", args=["exe"]), {"q": "dich"}).status_code == 404
    assert client.get(reverse("search:export", args=["pdf"])).status_code == 302  # no conditions


def test_a_saved_search_keeps_the_columns_and_the_sort(client, office):
    client.force_login(office["clerk"])
    response = client.post(reverse("search:saved-create"), {"name": "Dịch", "q": "phong chong dich",
                                                            "cols": ["symbol", "due_date"], "sort": "issued_on"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=office["clerk"])
    assert saved.params == {"q": "phong chong dich", "cols": "symbol,due_date", "sort": "issued_on"}
    html = client.get(client.get(reverse("search:saved-run", args=[saved.pk]))["Location"]).content.decode()
    assert "Hạn xử lý" in html and 'value="due_date" id="col-due_date" checked' in html
    assert html.index("807/VPCP-KSTT") < html.index("12/BYT-DP")


def _export(client, file_format, **params):
    response = client.get(reverse("search:export", args=[file_format]),
                          {"q": "phong chong dich", "sort": "issued_on", **params})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def test_the_xlsx_holds_the_columns_and_rows_and_no_formula(client, office):
    client.force_login(office["clerk"])
    body = _export(client, "xlsx", cols="symbol,subject,issuer,file_code")
    ws = load_workbook(io.BytesIO(body)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = values.index(["Số, ký hiệu", "Trích yếu", "Cơ quan ban hành", "Mã hồ sơ"])
    rows = values[header + 1:]
    assert [r[0] for r in rows] == ["807/VPCP-KSTT", "12/BYT-DP", "5/KH-SYT"]
    assert rows[1][3] == "05.YT"
    evil = ws.cell(row=header + 1 + 3, column=2)
    assert evil.value.startswith("=HYPERLINK") and evil.data_type == "s" and evil.quotePrefix
    assert not any("99/BYT-DP" in str(v) or "3/M-CA" in str(v) for r in values for v in r)
    event = AuditEvent.objects.filter(action="search.export").get()
    assert event.actor == office["clerk"] and event.data["format"] == "xlsx" and event.data["rows"] == 3
    assert event.data["columns"] == ["symbol", "subject", "issuer", "file_code"]


def test_the_docx_holds_the_table(client, office):
    client.force_login(office["cleared"])
    body = _export(client, "docx", cols="symbol,issued_on,secrecy")
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= set(z.namelist())
        xml = etree.fromstring(z.read("word/document.xml"))
    table = xml.find(f".//{W}tbl")
    rows = [["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.findall(f"{W}tc")]
            for tr in table.findall(f"{W}tr")]
    assert rows[0] == ["Số, ký hiệu", "Ngày văn bản", "Độ mật"]
    assert rows[1:] == [["3/M-CA", "05/01/2021", "Mật"], ["807/VPCP-KSTT", "01/02/2021", "Không mật"],
                        ["12/BYT-DP", "01/03/2021", "Không mật"], ["5/KH-SYT", "01/04/2021", "Không mật"]]
    assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None  # the header repeats on each page
    assert xml.find(f".//{W}sectPr/{W}pgSz").get(f"{W}orient") == "landscape"


def test_the_pdf_holds_the_rows(client, office):
    client.force_login(office["clerk"])
    body = _export(client, "pdf", cols="symbol,subject,issuer")
    assert body.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    assert "KẾT QUẢ TRA CỨU VĂN BẢN" in text and "Trích yếu" in text and "Văn phòng Chính phủ" in text
    assert text.index("807/VPCP-KSTT") < text.index("12/BYT-DP") < text.index("5/KH-SYT")
    assert "Từ khóa: phong chong dich" in text and "Hoàng Thị Vân" in text
    assert "99/BYT-DP" not in text and "3/M-CA" not in text


def test_another_organization_never_exports_our_documents(client, office):
    client.force_login(office["outsider"])
    body = _export(client, "xlsx", cols="symbol")
    values = [str(c.value) for row in load_workbook(io.BytesIO(body)).active.iter_rows() for c in row]
    assert "99/BYT-DP" in values
    assert not any(s in v for v in values for s in ("12/BYT-DP", "807/VPCP-KSTT", "5/KH-SYT", "3/M-CA"))
    # Asking for our organization by its id is not a choice they have: refused, nothing exported.
    response = client.get(reverse("search:export", args=["xlsx"]), {"q": "phong chong dich",
                                                                    "organization": office["org"].pk})
    assert response.status_code == 302 and AuditEvent.objects.filter(action="search.export").count() == 1


def test_an_export_too_large_says_so(client, office, monkeypatch):
    monkeypatch.setattr("documents.selectors.search_results.EXPORT_MAX_ROWS", 2)
    client.force_login(office["clerk"])
    response = client.get(reverse("search:export", args=["pdf"]), {"q": "phong chong dich"}, follow=True)
    assert "vượt quá 2 văn bản" in response.content.decode()
    assert not AuditEvent.objects.filter(action="search.export").exists()


@pytest.mark.parametrize("file_format", ["xlsx", "docx", "pdf"])
def test_an_empty_result_exports_an_empty_table(client, office, file_format):
    client.force_login(office["clerk"])
    response = client.get(reverse("search:export", args=[file_format]), {"q": "khong co van ban nao nhu the"})
    assert response.status_code == 200 and len(response.content) > 500


@pytest.mark.parametrize("file_format", ["xlsx", "docx", "pdf"])
def test_control_characters_from_a_sender_do_not_break_an_export(client, office, file_format):
    document = office["b"]
    document.subject = "Về phòng chống dịch\x01\x0b và văn bản điện tử"
    document.save()
    client.force_login(office["clerk"])
    body = _export(client, file_format, cols="symbol,subject")
    assert len(body) > 500
