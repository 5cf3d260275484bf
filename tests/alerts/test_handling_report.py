"""The handling reports (Phụ lục VI, V.2 and V.4): the figures against the test's own counting,
who reads them, bad input, the lists behind the counts, the downloads and the dashboard charts."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from alerts.reports.handling import incoming_handling, outgoing_handling
from documents.models import Document
from tests.alerts.handling_builders import office_build

pytestmark = pytest.mark.django_db
URL = reverse("alerts:handling-report")
LIST = reverse("alerts:handling-documents")
KINDS = ["on_time", "late", "open", "overdue"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def office(today):
    return office_build(today)


def _period(today) -> dict:
    return {"tu": f"{today - dt.timedelta(days=40):%d/%m/%Y}", "den": f"{today:%d/%m/%Y}"}


def _true_counts(office, *, unit=None, person="any") -> Counter:
    return Counter(kind for _, u, p, kind in office.expected
                   if (unit is None or u == unit) and (person == "any" or p == person))


def test_incoming_figures_match_the_documents_counted_by_hand(office, today):
    report = incoming_handling(organization=office.org, start=today - dt.timedelta(days=40), end=today, today=today)
    truth = _true_counts(office)
    assert {k: getattr(report.total, k) for k in KINDS} == {k: truth[k] for k in KINDS}
    assert report.total.total == len(office.expected) == 10
    assert report.total.percent("overdue") == round(truth["overdue"] * 100 / 10, 1) == 30.0
    assert report.without_deadline == 1  # the refused, recalled, earlier and other organization's are left out
    units = {r.label: r.counts for r in report.units}
    for unit in (office.vxnv, office.ktth):
        truth = _true_counts(office, unit=unit)
        assert {k: getattr(units[unit.name], k) for k in KINDS} == {k: truth[k] for k in KINDS}
    people = {r.label: r.counts for r in report.people}
    for person in (office.mai, office.lan, office.long):
        truth = _true_counts(office, person=person)
        assert {k: getattr(people[person.full_name], k) for k in KINDS} == {k: truth[k] for k in KINDS}
    # the one the unit head has not handed on counts for the unit, with nobody as its person
    assert people["Chưa giao cho cá nhân"].overdue == 1
    assert sum(r.counts.total for r in report.units) == sum(r.counts.total for r in report.people) == 10


def test_a_unit_heads_report_counts_their_unit_only(office, today):
    report = incoming_handling(organization=office.org, start=today - dt.timedelta(days=40), end=today, today=today,
                               unit=office.vxnv)
    truth = _true_counts(office, unit=office.vxnv)
    assert [r.label for r in report.units] == [office.vxnv.name]
    assert {k: getattr(report.total, k) for k in KINDS} == {k: truth[k] for k in KINDS}
    assert office.long.full_name not in [r.label for r in report.people]


def test_outgoing_by_state_and_time(office, today):
    now = timezone.now()
    report = outgoing_handling(organization=office.org, start=today - dt.timedelta(days=40), end=today, now=now)
    in_period = [d for k, d in office.outgoing.items() if k != "old"]
    assert report.total.total == len(in_period) == 8
    assert report.total.states == dict(Counter(d.state for d in in_period))
    units = {r.label: r for r in report.units}
    assert units[office.vxnv.name].states == {"draft": 1, "in_review": 1, "dispatched": 1, "recalled": 1}
    assert units[office.ktth.name].states == {"draft": 1, "approved": 1, "signed": 1, "dispatched": 1}
    # submission → signature: 48 h (VXNV) and 24 h (KTTH); signature → dispatch: 1 h and 10 days 7 h
    assert units[office.vxnv.name].median_to_signature == 48.0
    assert units[office.ktth.name].median_to_signature == 24.0
    assert report.total.median_to_signature == 36.0
    assert report.total.median_to_dispatch == round((1 + 247) / 2, 1)
    assert report.total.dispatched_late == 1 and units[office.ktth.name].dispatched_late == 1
    assert sorted(report.waiting_ids) == sorted([office.outgoing["stuck_review"].pk,
                                                 office.outgoing["signed_waiting"].pk])


# --- the page ------------------------------------------------------------------------------

def _figure(html: str, table: str, row, kind: str) -> str:
    table_html = html.split(f'data-table="{table}"', 1)[1].split("</table>", 1)[0]
    row_html = table_html.split(f'data-row="{row}"', 1)[1].split("</tr>", 1)[0]
    cell = row_html.split(f'data-figure="{kind}"', 1)[1].split("</td>", 1)[0]
    return re.sub(r"<[^>]+>", " ", cell.split(">", 1)[1]).split()[0]


def test_the_leader_without_a_unit_reads_the_whole_organization(client, office, today):
    client.force_login(office.leader)
    response = client.get(URL, _period(today))
    assert response.status_code == 200
    html = response.content.decode()
    truth = _true_counts(office)
    for kind in KINDS:
        assert _figure(html, "units", "total", kind) == str(truth[kind])
        vxnv = _true_counts(office, unit=office.vxnv)
        assert _figure(html, "units", office.vxnv.pk, kind) == str(vxnv[kind])
        assert _figure(html, "people", office.long.pk, kind) == str(_true_counts(office, person=office.long)[kind])
    assert "30,0%" in html  # 3 of 10 overdue, written the Vietnamese way
    assert html.count('<svg class="qlvb-chart"') == 2
    assert "Phòng Kinh tế - Tổng hợp" in html


def test_the_first_visit_shows_this_month(client, office, today):
    client.force_login(office.leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert f'data-period="{today.replace(day=1):%d/%m/%Y}-{today:%d/%m/%Y}"' in response.content.decode()


def test_last_month_preset(client, office, today):
    client.force_login(office.leader)
    response = client.get(URL, {"ky": "thang-truoc"})
    last = today.replace(day=1) - dt.timedelta(days=1)
    assert response.status_code == 200
    assert f'data-period="{last.replace(day=1):%d/%m/%Y}-{last:%d/%m/%Y}"' in response.content.decode()


def test_the_unit_head_sees_their_unit_and_cannot_choose_another(client, office, today):
    client.force_login(office.head)
    response = client.get(URL, _period(today))
    html = response.content.decode()
    assert response.status_code == 200
    assert office.vxnv.name in html and office.long.full_name not in html
    assert _figure(html, "units", "total", "overdue") == str(_true_counts(office, unit=office.vxnv)["overdue"])
    # a disabled field keeps its value whatever is sent
    response = client.get(URL, {**_period(today), "don_vi": office.ktth.pk})
    assert office.long.full_name not in response.content.decode()


@pytest.mark.parametrize("who", ["mai", "clerk"])
def test_specialists_and_clerks_are_refused(client, office, today, who):
    client.force_login(getattr(office, who))
    for url in (URL, LIST + "?muc=overdue", reverse("alerts:handling-report-file", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_another_organizations_leader_gets_404(client, office, today):
    client.force_login(office.other_leader)
    assert client.get(URL, {**_period(today), "co_quan": office.org.pk}).status_code == 404
    assert client.get(LIST, {**_period(today), "co_quan": office.org.pk, "muc": "overdue"}).status_code == 404
    assert client.get(reverse("alerts:handling-report-file", args=["pdf"]),
                      {**_period(today), "co_quan": office.org.pk}).status_code == 404
    # their own report counts nothing of the first organization
    html = client.get(URL, _period(today)).content.decode()
    assert _figure(html, "units", "total", "overdue") == "1"


@pytest.mark.parametrize("params, message", [
    ({"tu": "20/03/2026", "den": "01/03/2026"}, "Ngày bắt đầu không được sau ngày kết thúc."),
    ({"tu": "hôm qua", "den": "01/03/2026"}, "Nhập ngày dạng dd/mm/yyyy"),
    ({"tu": "31/02/2026", "den": "01/03/2026"}, "Nhập ngày dạng dd/mm/yyyy"),
    ({"tu": "01/01/2020", "den": "01/03/2026"}, "Mỗi báo cáo tối đa 366 ngày."),
    ({"tu": "01/03/2026"}, "nhập cả ngày bắt đầu và ngày kết thúc"),
    ({"ky": "mai-kia"}, "Lựa chọn này không thuộc phạm vi báo cáo của bạn."),
    ({"ky": "thang-nay", "don_vi": "99999"}, "Lựa chọn này không thuộc phạm vi báo cáo của bạn."),
    ({"ky": "thang-nay", "don_vi": "<script>"}, "Lựa chọn này không thuộc phạm vi báo cáo của bạn."),
])
def test_bad_input_gets_a_clear_vietnamese_error(client, office, params, message):
    client.force_login(office.leader)
    for url in (URL, reverse("alerts:handling-report-file", args=["xlsx"])):
        response = client.get(url, params)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert 'data-table="units"' not in response.content.decode()


def test_bad_row_in_the_list_is_a_clear_error(client, office, today):
    client.force_login(office.leader)
    response = client.get(LIST, {**_period(today), "muc": "overdue", "dv": "abc"})
    assert response.status_code == 400
    assert "Lựa chọn này không thuộc phạm vi báo cáo của bạn." in response.content.decode()
    assert client.get(LIST, {**_period(today), "muc": "everything"}).status_code == 404


# --- the lists behind the counts -----------------------------------------------------------

def test_the_list_behind_a_count_shows_those_documents(client, office, today):
    client.force_login(office.leader)
    response = client.get(LIST, {**_period(today), "muc": "overdue", "dv": office.vxnv.pk})
    html = response.content.decode()
    expected = [doc for doc, unit, _, kind in office.expected if kind == "overdue" and unit == office.vxnv]
    assert response.status_code == 200 and f'data-total="{len(expected)}"' in html
    assert sorted(int(x) for x in re.findall(r'data-document="(\d+)"', html)) == sorted(d.pk for d in expected)
    response = client.get(LIST, {**_period(today), "muc": "late", "nguoi": office.lan.pk})
    late = [doc for doc, _, person, kind in office.expected if kind == "late" and person == office.lan]
    assert [int(x) for x in re.findall(r'data-document="(\d+)"', response.content.decode())] == [late[0].pk]
    response = client.get(LIST, {**_period(today), "muc": "waiting"})
    assert f'data-document="{office.outgoing["stuck_review"].pk}"' in response.content.decode()


def test_an_admin_sees_counts_but_no_document(client, office, today):
    client.force_login(office.admin)
    html = client.get(URL, _period(today)).content.decode()
    assert _figure(html, "units", "total", "overdue") == "3"
    response = client.get(LIST, {**_period(today), "muc": "overdue"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-hidden="3"' in html
    assert "data-document=" not in html
    assert not any(doc.symbol in html for doc, *_ in office.expected)


def test_a_unit_head_lists_only_what_they_may_read(client, office, today):
    overdue_vxnv = [doc for doc, unit, _, kind in office.expected if kind == "overdue" and unit == office.vxnv]
    Document.objects.filter(pk=overdue_vxnv[0].pk).update(unit=office.vxnv)  # the unit's: the head reads it
    client.force_login(office.head)
    html = client.get(LIST, {**_period(today), "muc": "overdue"}).content.decode()
    assert re.findall(r'data-document="(\d+)"', html) == [str(overdue_vxnv[0].pk)]
    assert f'data-hidden="{len(overdue_vxnv) - 1}"' in html


# --- the downloads -------------------------------------------------------------------------

def test_the_excel_file_holds_the_figures_and_defuses_formulas(client, office, today):
    client.force_login(office.leader)
    response = client.get(reverse("alerts:handling-report-file", args=["xlsx"]), _period(today))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=\"bao-cao-xu-ly-")
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book["Tổng hợp"].iter_rows()]
    truth = _true_counts(office)
    total = next(r for r in rows if r[0] == "Toàn bộ")
    assert total[1] == 10
    assert total[2:6] == [f"{truth[k]} ({truth[k] * 10:.1f}%)".replace(".", ",") for k in KINDS]
    long_row = next(r for r in rows if r[0] == office.long.full_name)
    assert long_row[1:6] == [3, 1, 0, 1, 1]
    outgoing_total = next(r for r in rows if r[0] == "Toàn cơ quan")
    assert outgoing_total[1] == 8 and outgoing_total[-1] == 2  # 8 documents, 2 waiting too long
    late = book["Văn bản đến hoàn thành trễ hạn"]
    formula = next(c for row in late.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s" and formula.quotePrefix


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_pdf_shows_the_figures_in_vietnamese(client, office, today, tmp_path):
    client.force_login(office.leader)
    response = client.get(reverse("alerts:handling-report-file", args=["pdf"]), _period(today))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN, VĂN BẢN ĐI" in text
    total_line = next(line for line in text.splitlines() if line.strip().startswith("Toàn bộ"))
    assert re.findall(r"\d+ \(\d+,\d%\)", total_line) == ["3 (30,0%)", "2 (20,0%)", "2 (20,0%)", "3 (30,0%)"]
    assert office.long.full_name in text
    overdue = [doc for doc, *_, kind in office.expected if kind == "overdue"]
    assert all(doc.symbol in text for doc in overdue)


# --- the dashboard -------------------------------------------------------------------------

def test_the_dashboard_charts_link_to_the_report(client, office):
    for person in (office.leader, office.admin, office.head):
        client.force_login(person)
        response = client.get(reverse("alerts:dashboard"))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-chart="incoming"' in html and 'data-chart="outgoing"' in html
        assert f'href="{URL}?' in html
        assert "<script>" not in html and " style=" not in html
    client.force_login(office.mai)
    assert client.get(reverse("alerts:dashboard")).status_code == 403


def test_the_leader_filters_one_unit(client, office, today):
    client.force_login(office.leader)
    response = client.get(URL, {**_period(today), "don_vi": office.ktth.pk})
    html = response.content.decode()
    truth = _true_counts(office, unit=office.ktth)
    assert response.status_code == 200
    for kind in KINDS:
        assert _figure(html, "units", "total", kind) == str(truth[kind])
    assert office.mai.full_name not in html
    ktth_outgoing = [d for k, d in office.outgoing.items() if k != "old" and d.unit_id == office.ktth.pk]
    states = html.split('data-table="outgoing-states"', 1)[1].split('data-row="0"', 1)[1].split("</tr>", 1)[0]
    assert f'<td class="text-end">{len(ktth_outgoing)}</td>' in states  # the total of the unit's drafts
