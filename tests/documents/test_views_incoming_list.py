"""Văn bản đến: the organization's list, urgent first, overdue marked, filters, pages, no N+1."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Document

from .test_views_setup import html, make_office, paper, registered

pytestmark = pytest.mark.django_db
URL = reverse("documents:incoming-list")


@pytest.fixture
def office():
    return make_office()


def test_urgent_documents_come_first_and_stand_out(client, office):
    paper(office, symbol="1/VPCP-KSTT", subject="Về việc họp giao ban")
    paper(office, symbol="2/VPCP-KSTT", subject="Về việc phòng, chống dịch", urgency=3)
    paper(office, symbol="3/VPCP-KSTT", subject="Về việc báo cáo nhanh", urgency=1)
    client.force_login(office.clerk)
    page = html(client.get(URL))
    assert page.index("phòng, chống dịch") < page.index("báo cáo nhanh") < page.index("họp giao ban")
    assert "Hỏa tốc" in page and "urgency-3" in page and "badge-urgent" in page


def test_overdue_documents_are_marked(client, office):
    late = registered(office, symbol="9/VPCP-KSTT", subject="Văn bản đã quá hạn")
    Document.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(office.clerk)
    page = html(client.get(URL))
    assert "Quá hạn" in page and "is-overdue" in page
    only_overdue = html(client.get(URL, {"state": "overdue"}))
    assert "Văn bản đã quá hạn" in only_overdue and "1 văn bản" in only_overdue


def test_only_the_users_organization_is_listed(client, office):
    paper(office, subject="Của Ủy ban tỉnh")
    client.force_login(office.outsider)
    page = html(client.get(URL))
    assert "Của Ủy ban tỉnh" not in page and "Sở Tài chính tỉnh Bắc Kạn" in page


def test_filters_by_urgency_state_issuer_text_and_period(client, office):
    paper(office, symbol="1/VPCP-KSTT", subject="Thường thôi")
    paper(office, symbol="2/VPCP-KSTT", subject="Khẩn lắm", urgency=1)
    registered(office, symbol="3/VPCP-KSTT", subject="Đã vào sổ rồi")
    client.force_login(office.clerk)
    assert "Thường thôi" not in html(client.get(URL, {"urgency": "khan"}))
    assert "Khẩn lắm" in html(client.get(URL, {"urgency": "khan"}))
    registered_only = html(client.get(URL, {"state": "registered"}))
    assert "Đã vào sổ rồi" in registered_only and "Khẩn lắm" not in registered_only
    assert "Khẩn lắm" in html(client.get(URL, {"issuer": "Văn phòng Chính"}))
    assert "Khẩn lắm" not in html(client.get(URL, {"issuer": "Bộ Tài chính"}))
    assert "1 văn bản" in html(client.get(URL, {"q": "2/VPCP"}))
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "0 văn bản" in html(client.get(URL, {"received_from": tomorrow}))
    bad = html(client.get(URL, {"received_from": tomorrow, "received_to": "2020-01-01"}))
    assert "Ngày bắt đầu phải trước ngày kết thúc." in bad


def test_filter_by_unit_finds_documents_assigned_to_it(client, office):
    from documents.services.incoming.handling import Holder, incoming_instruct

    doc = registered(office, subject="Giao cho phòng Văn xã")
    registered(office, symbol="5/VPCP-KSTT", subject="Chưa giao ai")
    incoming_instruct(actor=office.leader, document=doc, text="Giao phòng VXNV", lead=Holder(unit=office.vx))
    client.force_login(office.clerk)
    page = html(client.get(URL, {"unit": office.vx.pk}))
    assert "Giao cho phòng Văn xã" in page and "Chưa giao ai" not in page


def test_pages_of_twenty(client, office):
    for n in range(23):
        paper(office, symbol=f"{n + 1}/VPCP-KSTT", subject=f"Văn bản thứ {n + 1:02d}")
    client.force_login(office.clerk)
    first = html(client.get(URL))
    assert "23 văn bản" in first and "Trang 1/2" in first and first.count('class="list-group-item list-group-item-action') == 20
    second = html(client.get(URL, {"trang": 2}))
    assert second.count('class="list-group-item list-group-item-action') == 3


def test_htmx_filter_returns_only_the_results(client, office):
    paper(office, subject="Một văn bản")
    client.force_login(office.clerk)
    response = client.get(URL, {"q": "Một"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    page = html(response)
    assert page.lstrip().startswith('<div id="results">') and "<html" not in page and "Một văn bản" in page


def test_the_list_does_a_fixed_number_of_queries(client, office):
    """No N+1: twenty rows cost the same queries as two."""
    client.force_login(office.clerk)
    for n in range(2):
        paper(office, symbol=f"{n}/A", urgency=n % 2)
    client.get(URL)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(18):
        registered(office, symbol=f"{n}/B", urgency=n % 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count('list-group-item-action') == 20
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
