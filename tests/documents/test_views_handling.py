"""The leader's instruction (with "thay mặt" under a delegation), the unit head's redistribution,
the handler's progress and completion, and đôn đốc."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Assignment, Document, DocumentType, Instruction, Reminder
from documents.services.incoming.handling import (
    Holder,
    assignment_redistribute,
    incoming_instruct,
    incoming_present,
)
from qlvb.models import SigningForm
from qlvb.models.delegation import DelegationScope
from qlvb.services.delegation import delegation_create

from .test_views_setup import html, make_office, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_office()


def presented(office) -> Document:
    doc = registered(office)
    incoming_present(actor=office.clerk, document=doc, leader=office.leader)
    return Document.objects.get(pk=doc.pk)


def test_instruct_form_offers_units_and_people_of_the_organization(client, office):
    doc = presented(office)
    client.force_login(office.leader)
    page = html(client.get(reverse("documents:instruct", args=[doc.pk])))
    assert "Phòng Văn xã - Nội vụ" in page and "Nông Thị Mai" in page and "Người cơ quan khác" not in page
    assert f'value="unit:{office.vx.pk}"' in page and f'value="user:{office.specialist.pk}"' in page
    assert "Thay mặt" not in page  # no delegation, no choice


def test_leader_instructs_with_a_deadline_in_working_days(client, office):
    doc = presented(office)
    client.force_login(office.leader)
    response = client.post(reverse("documents:instruct", args=[doc.pk]), {
        "text": "Giao Phòng VXNV chủ trì, tham mưu văn bản triển khai.", "lead": f"unit:{office.vx.pk}",
        "coordinate": [f"user:{office.specialist.pk}"], "inform": [f"user:{office.deputy.pk}"], "deadline_days": "5",
    })
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "assigned" and doc.due_date > timezone.localdate()
    roles = sorted(doc.assignments.values_list("role", flat=True))
    assert roles == ["coordinate", "inform", "lead"]
    assert "Đã cho ý kiến chỉ đạo và phân công xử lý." in html(client.get(response["Location"]))


def test_instruct_errors_are_in_vietnamese(client, office):
    doc = presented(office)
    client.force_login(office.leader)
    url = reverse("documents:instruct", args=[doc.pk])
    page = html(client.post(url, {"text": "", "lead": ""}))
    assert "Cần nhập ý kiến chỉ đạo." in page and "Chọn đơn vị hoặc người chủ trì." in page
    both = html(client.post(url, {"text": "x", "lead": f"unit:{office.vx.pk}", "deadline_days": "3",
                                  "deadline_date": "2099-01-01"}))
    assert "Chỉ nhập hạn theo số ngày làm việc hoặc theo ngày cụ thể, không cả hai." in both
    past = html(client.post(url, {"text": "x", "lead": f"unit:{office.vx.pk}", "deadline_date": "2020-01-01"}))
    assert "Hạn giải quyết không được trước ngày hôm nay." in past  # the service's refusal, shown inline
    twice = html(client.post(url, {"text": "x", "lead": f"unit:{office.vx.pk}",
                                   "coordinate": [f"unit:{office.vx.pk}"]}))
    assert "Đơn vị, người chủ trì không chọn lại ở đây." in twice
    assert not Instruction.objects.exists()


def test_a_clerk_cannot_open_the_instruction_form(client, office):
    doc = presented(office)
    client.force_login(office.clerk)
    response = client.get(reverse("documents:instruct", args=[doc.pk]), follow=True)
    assert "Bạn không thể cho ý kiến chỉ đạo văn bản này lúc này." in html(response)


def test_a_delegate_instructs_on_behalf_of_the_leader(client, office):
    doc = presented(office)
    now = timezone.now()
    delegation_create(actor=office.leader, organization=office.org, delegator=office.leader, delegate=office.deputy,
                      starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=3),
                      scope=DelegationScope.HANDLING, signing_form=SigningForm.KT)
    client.force_login(office.deputy)
    page = html(client.get(reverse("documents:instruct", args=[doc.pk])))
    assert "Thay mặt Đàm Duy Hưng" in page and "Với tư cách của tôi" in page
    client.post(reverse("documents:instruct", args=[doc.pk]), {
        "text": "Giao chuyên viên xử lý.", "lead": f"user:{office.specialist.pk}", "on_behalf_of": office.leader.pk})
    instruction = Instruction.objects.get()
    assert instruction.author == office.deputy and instruction.on_behalf_of == office.leader
    client.force_login(office.clerk)
    assert "Phó Chủ tịch Lê Văn Phó — thay mặt Đàm Duy Hưng" in html(
        client.get(reverse("documents:detail", args=[doc.pk])))


def _unit_assignment(office) -> Assignment:
    doc = presented(office)
    incoming_instruct(actor=office.leader, document=doc, text="Giao VXNV", lead=Holder(unit=office.vx),
                      deadline_days=3)
    return doc.assignments.get(role="lead")


def test_unit_head_redistributes_to_people_of_the_unit(client, office):
    lead = _unit_assignment(office)
    client.force_login(office.head)
    detail = html(client.get(reverse("documents:detail", args=[lead.document_id])))
    assert "Phân công trong Phòng Văn xã - Nội vụ" in detail and "Nông Thị Mai" in detail
    page = html(client.post(reverse("documents:redistribute", args=[lead.pk]), {}, HTTP_HX_REQUEST="true"))
    assert "Chọn ít nhất một người." in page and "<html" not in page
    page = html(client.post(reverse("documents:redistribute", args=[lead.pk]),
                            {f"r{lead.pk}-users": [str(office.specialist.pk)]}, HTTP_HX_REQUEST="true"))
    assert "Đã phân công cho Nông Thị Mai." in page
    child = lead.children.get()
    assert child.user == office.specialist and child.deadline == lead.deadline


def test_a_specialist_cannot_redistribute(client, office):
    lead = _unit_assignment(office)
    assignment_redistribute(actor=office.head, assignment=lead, users=[office.specialist])
    client.force_login(office.specialist)
    page = html(client.post(reverse("documents:redistribute", args=[lead.pk]),
                            {f"r{lead.pk}-users": [str(office.specialist.pk)]}, follow=True))
    assert "Chỉ lãnh đạo đơn vị được giao mới được phân công lại." in page
    assert lead.children.count() == 1


def test_specialist_records_progress_then_completes_with_a_reply_document(client, office):
    lead = _unit_assignment(office)
    [mine] = assignment_redistribute(actor=office.head, assignment=lead, users=[office.specialist])
    reply = Document.objects.create(organization=office.org, direction="out", symbol="814/UBND-VXNV",
                                    document_type=DocumentType.objects.get(code="cong-van"), subject="Trả lời",
                                    created_by=office.specialist)
    client.force_login(office.specialist)
    detail = html(client.get(reverse("documents:detail", args=[lead.document_id])))
    assert "Việc được giao: Chủ trì" in detail and "814/UBND-VXNV — Trả lời" in detail
    bad = html(client.post(reverse("documents:progress", args=[mine.pk]), {f"p{mine.pk}-percent": "150"}))
    assert "Cần nhập nội dung tiến độ." in bad and "Tiến độ phải từ 0 đến 100%." in bad
    client.post(reverse("documents:progress", args=[mine.pk]),
                {f"p{mine.pk}-text": "Đang dự thảo công văn", f"p{mine.pk}-percent": "50"})
    assert Document.objects.get(pk=lead.document_id).state == "processing"
    page = html(client.post(reverse("documents:complete", args=[mine.pk]),
                            {f"c{mine.pk}-result": "Đã ban hành 814/UBND-VXNV", f"c{mine.pk}-reply_document": reply.pk},
                            follow=True))
    assert "Đã hoàn thành xử lý." in page
    doc = Document.objects.get(pk=lead.document_id)
    assert doc.state == "done" and Document.objects.get(pk=reply.pk).reply_to_id == doc.pk
    assert "Tiến độ 50%" in page and "Đang dự thảo công văn" in page and "Văn bản trả lời" in page


def test_complete_needs_a_result(client, office):
    lead = _unit_assignment(office)
    [mine] = assignment_redistribute(actor=office.head, assignment=lead, users=[office.specialist])
    client.force_login(office.specialist)
    page = html(client.post(reverse("documents:complete", args=[mine.pk]), {f"c{mine.pk}-result": " "}))
    assert "Cần nêu kết quả xử lý." in page
    assert Assignment.objects.get(pk=mine.pk).state == "open"


def test_remind_reaches_the_people_with_open_work(client, office):
    lead = _unit_assignment(office)
    client.force_login(office.leader)
    page = html(client.post(reverse("documents:remind", args=[lead.document_id]),
                            {"text": "Đề nghị báo cáo trước thứ Sáu"}, HTTP_HX_REQUEST="true"))
    assert "Đã đôn đốc những người đang xử lý." in page and "Đôn đốc xử lý" in page
    assert Reminder.objects.filter(to_user=office.head, text="Đề nghị báo cáo trước thứ Sáu").exists()


def test_a_specialist_may_not_remind(client, office):
    lead = _unit_assignment(office)
    assignment_redistribute(actor=office.head, assignment=lead, users=[office.specialist])
    client.force_login(office.specialist)
    page = html(client.post(reverse("documents:remind", args=[lead.document_id]), {}, follow=True))
    assert "Bạn không có quyền đôn đốc văn bản này." in page
    assert not Reminder.objects.exists()
