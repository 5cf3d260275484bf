"""Việc của tôi: per role what waits for me, counted, urgent first then by deadline; the badge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.services.incoming.handling import (
    Holder,
    assignment_redistribute,
    document_remind,
    incoming_instruct,
    incoming_present,
)
from documents.services.incoming.recall import incoming_recall_request

from .test_views_setup import html, make_office, paper, registered

pytestmark = pytest.mark.django_db
URL = reverse("my-work")


@pytest.fixture
def office():
    return make_office()


def section(page: str, key: str) -> str:
    start = page.index(f'data-section="{key}"')
    end = page.find("data-section=", start + 20)
    return page[start:end if end > 0 else None]


def test_clerk_sees_documents_to_register_and_recall_requests(client, office):
    paper(office, symbol="1/VPCP-KSTT", subject="Thường")
    paper(office, symbol="2/VPCP-KSTT", subject="Hỏa tốc lắm", urgency=3)
    recalled = registered(office, symbol="3/VPCP-KSTT", subject="Bên gửi muốn lấy lại")
    incoming_recall_request(document=recalled, reason="Nhầm")
    client.force_login(office.clerk)
    page = html(client.get(URL))
    to_register = section(page, "to_register")
    assert to_register.index("Hỏa tốc lắm") < to_register.index("Thường")
    assert '<span class="badge text-bg-primary">2</span>' in to_register
    assert "Bên gửi muốn lấy lại" in section(page, "recall_requests")


def test_leader_sees_what_was_presented_to_them(client, office):
    doc = registered(office, subject="Trình anh Hưng")
    other = registered(office, symbol="9/VPCP-KSTT", subject="Trình người khác")
    incoming_present(actor=office.clerk, document=doc, leader=office.leader)
    incoming_present(actor=office.clerk, document=other, leader=office.deputy)
    client.force_login(office.leader)
    page = section(html(client.get(URL)), "to_instruct")
    assert "Trình anh Hưng" in page and "Trình người khác" not in page


def test_unit_head_and_specialist_lists_sorted_by_urgency_then_deadline(client, office):
    soon = registered(office, symbol="1/X", subject="Hạn gần")
    later = registered(office, symbol="2/X", subject="Hạn xa")
    urgent = registered(office, symbol="3/X", subject="Khẩn, hạn xa nhất", urgency=1)
    for doc, days in ((soon, 2), (later, 10), (urgent, 20)):
        incoming_instruct(actor=office.leader, document=doc, text="Giao VXNV", lead=Holder(unit=office.vx),
                          deadline_days=days)
    client.force_login(office.head)
    page = section(html(client.get(URL)), "to_distribute")
    assert page.index("Khẩn, hạn xa nhất") < page.index("Hạn gần") < page.index("Hạn xa")
    for doc in (soon, later):
        assignment_redistribute(actor=office.head, assignment=doc.assignments.get(), users=[office.specialist])
    page = section(html(client.get(URL)), "to_distribute")
    assert "Hạn gần" not in page and "Khẩn, hạn xa nhất" in page
    client.force_login(office.specialist)
    mine = section(html(client.get(URL)), "my_assignments")
    assert mine.index("Hạn gần") < mine.index("Hạn xa") and "Chủ trì" in mine


def test_overdue_work_is_marked(client, office):
    doc = registered(office, subject="Việc trễ hạn")
    incoming_instruct(actor=office.leader, document=doc, text="Giao", lead=Holder(user=office.specialist),
                      deadline_days=1)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Document.objects.filter(pk=doc.pk).update(due_date=yesterday)
    doc.assignments.update(deadline=yesterday)
    client.force_login(office.specialist)
    page = section(html(client.get(URL)), "my_assignments")
    assert "Quá hạn" in page and "text-danger" in page


def test_unread_reminders_are_listed_and_counted_in_the_badge(client, office):
    doc = registered(office, subject="Cần đôn đốc")
    incoming_instruct(actor=office.leader, document=doc, text="Giao", lead=Holder(user=office.specialist))
    document_remind(document=doc, actor=office.leader, text="Khẩn trương báo cáo")
    client.force_login(office.specialist)
    page = html(client.get(URL))
    assert "Khẩn trương báo cáo" in section(page, "reminders")
    badge = html(client.get(reverse("my-work-count")))
    assert '<span class="badge rounded-pill text-bg-danger"' in badge and ">2</span>" in badge
    assert 'hx-trigger="load, every 60s"' in page


def test_the_badge_is_empty_when_nothing_waits(client, office):
    client.force_login(office.leader)
    assert html(client.get(reverse("my-work-count"))).strip() == ""
