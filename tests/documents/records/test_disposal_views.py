"""The pages of keeping back, handover and disposal: what each person sees and may do, cross-organization
and wrong-role refusals, Vietnamese errors on bad input with nothing half-written, the exports, a destroyed
file shown as destroyed (never a 500), and the include for the hồ sơ page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.models import DocumentFile, RecordFile, RecordItem
from documents.models.records import add_years
from documents.models.records_disposal import DisposalDecision, Handover, KeepBack
from documents.services.records.disposal import (
    disposal_decide,
    disposal_execute,
    disposal_propose,
    keep_back_approve,
    keep_back_request,
)
from qlvb.services.audit import audit_verify
from tests.documents.records.disposal_support import make_cast, make_record
from tests.factories import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cast():
    return make_cast()


def _as(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def _today():
    return timezone.localdate()


def _text(response) -> str:
    return response.content.decode()


def _due(cast):
    return make_record(cast, state="closed", ended_on=add_years(_today(), -1), files=False)


# --- keeping back --------------------------------------------------------------------------------

def test_the_owner_asks_to_keep_back_and_a_bad_date_is_refused_in_vietnamese(cast):
    record = _due(cast)
    client = _as(cast.specialist)
    url = reverse("records:keep-back-new", args=[record.pk])
    assert client.get(url).status_code == 200
    too_late = add_years(record.submission_due_on, 2) + dt.timedelta(days=1)
    response = client.post(url, {"until": f"{too_late:%d/%m/%Y}", "reason": "Còn giải quyết"})
    assert response.status_code == 200 and "tối đa 2 năm" in _text(response)
    response = client.post(url, {"until": "31/02/2027", "reason": "Còn giải quyết"})
    assert "Ngày không hợp lệ" in _text(response)
    response = client.post(url, {"until": "", "reason": ""})
    assert "Trường này là bắt buộc." in _text(response)
    assert not KeepBack.objects.exists()
    until = add_years(record.submission_due_on, 1)
    response = client.post(url, {"until": f"{until:%d/%m/%Y}", "reason": "Còn giải quyết"})
    keep = KeepBack.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:keep-back-detail", args=[keep.pk])


def test_keep_back_pages_refuse_other_organizations_and_other_people(cast):
    record = _due(cast)
    other = make_cast("SNV")
    for user in (other.leader, other.specialist, cast.colleague):
        assert _as(user).get(reverse("records:keep-back-new", args=[record.pk])).status_code == 404
    keep = keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=add_years(_today(), 1))
    url = reverse("records:keep-back-detail", args=[keep.pk])
    assert _as(other.leader).post(url, {"action": "approve", "approval_number": "1", "approval_date": "01/01/2026"}
                                  ).status_code == 404
    # The owner sees the request but may not approve it.
    assert _as(cast.specialist).get(url).status_code == 200
    assert _as(cast.specialist).post(url, {"action": "approve", "approval_number": "1/UBND",
                                           "approval_date": f"{_today():%d/%m/%Y}"}).status_code == 403
    keep.refresh_from_db()
    assert keep.state == KeepBack.State.PENDING


def test_a_leader_approves_with_the_document_reference_and_the_list_is_exported(cast):
    record = _due(cast)
    keep = keep_back_request(actor=cast.specialist, record=record, reason="Còn giải quyết khiếu nại",
                             until=add_years(_today(), 1))
    leader = _as(cast.leader)
    url = reverse("records:keep-back-detail", args=[keep.pk])
    response = leader.post(url, {"action": "approve", "approval_number": "",
                                 "approval_date": f"{_today():%d/%m/%Y}"})
    assert "Trường này là bắt buộc." in _text(response)
    future = _today() + dt.timedelta(days=5)
    response = leader.post(url, {"action": "approve", "approval_number": "12/UBND-VP",
                                 "approval_date": f"{future:%d/%m/%Y}"})
    assert "không được sau ngày hôm nay" in _text(response)
    keep.refresh_from_db()
    assert keep.state == KeepBack.State.PENDING
    response = leader.post(url, {"action": "approve", "approval_number": "12/UBND-VP",
                                 "approval_date": f"{_today():%d/%m/%Y}"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == RecordFile.State.KEPT

    archivist = _as(cast.archivist)
    page = archivist.get(reverse("records:keep-back-list"))
    assert record.code in _text(page) and "12/UBND-VP" in _text(page)
    xlsx = archivist.get(reverse("records:keep-back-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert record.code in values and any("12/UBND-VP" in str(v) for v in values)
    pdf = archivist.get(reverse("records:keep-back-export", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert _as(cast.specialist).get(reverse("records:keep-back-export", args=["pdf"])).status_code == 404


# --- disposal ------------------------------------------------------------------------------------

def test_the_archivist_proposes_a_list_and_bad_input_is_refused(cast):
    expired = make_record(cast)
    archivist = _as(cast.archivist)
    url = reverse("records:disposal-review")
    page = archivist.get(url)
    assert expired.code in _text(page)
    response = archivist.post(url, {"records": [], "note": ""})
    assert "phải có ít nhất một hồ sơ" in _text(response)
    other = make_cast("SNV")
    theirs = make_record(other, files=False)
    response = archivist.post(url, {"records": [theirs.pk]})
    assert response.status_code == 200 and not DisposalDecision.objects.exists()
    # Wrong role: a specialist or a leader does not propose.
    assert _as(cast.specialist).post(url, {"records": [expired.pk]}).status_code == 403
    assert _as(cast.leader).post(url, {"records": [expired.pk]}).status_code == 403
    assert not DisposalDecision.objects.exists()
    assert expired.code not in _text(_as(other.archivist).get(url))
    response = archivist.post(url, {"records": [expired.pk], "note": "Hết giá trị"})
    decision = DisposalDecision.objects.get()
    assert response.url == reverse("records:disposal-detail", args=[decision.pk])


def test_the_decision_page_needs_a_leader_a_number_and_then_executes_once(cast):
    record = make_record(cast)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    url = reverse("records:disposal-detail", args=[decision.pk])
    other = make_cast("SNV")
    assert _as(other.leader).get(url).status_code == 404
    assert _as(cast.specialist).get(url).status_code == 404
    today = f"{_today():%d/%m/%Y}"
    archivist = _as(cast.archivist)
    response = archivist.post(url, {"action": "decide", "number": "3/QĐ", "signed_on": today, "reason": "x"})
    assert "Chỉ lãnh đạo cơ quan mới được quyết định hủy hồ sơ." in _text(response)
    leader = _as(cast.leader)
    response = leader.post(url, {"action": "decide", "number": "", "signed_on": today, "reason": "Hết giá trị"})
    assert "Hãy nhập số và ngày của quyết định hủy." in _text(response)
    response = leader.post(url, {"action": "execute"})
    assert "Chưa ghi nhận quyết định hủy" in _text(response)
    decision.refresh_from_db()
    record.refresh_from_db()
    assert decision.state == DisposalDecision.State.PROPOSED and record.state == RecordFile.State.ARCHIVED

    response = leader.post(url, {"action": "decide", "number": "3/QĐ-UBND", "signed_on": today,
                                 "reason": "Hội đồng thống nhất hủy"})
    assert response.status_code == 302
    assert _as(cast.specialist).post(url, {"action": "execute"}).status_code == 404
    response = leader.post(url, {"action": "execute"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == RecordFile.State.DISPOSED
    page = leader.get(url)
    assert "Đã hủy" in _text(page)
    pdf = leader.get(reverse("records:disposal-pdf", args=[decision.pk]))
    assert pdf.content.startswith(b"%PDF")
    response = leader.post(url, {"action": "execute"})
    assert "Quyết định này đã được thực hiện." in _text(response)
    assert audit_verify() == []


def _executed(cast, django_capture_on_commit_callbacks):
    record = make_record(cast)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_decide(actor=cast.leader, decision=decision, number="9/QĐ-UBND", signed_on=_today(), reason="Hết giá trị")
    with django_capture_on_commit_callbacks(execute=True):
        disposal_execute(actor=cast.leader, decision=decision)
    return record, decision


def test_a_destroyed_file_answers_with_its_decision_never_a_500(cast, django_capture_on_commit_callbacks):
    record, decision = _executed(cast, django_capture_on_commit_callbacks)
    item = RecordItem.objects.get(record=record, document__isnull=False)
    stored = DocumentFile.objects.filter(document=item.document).first()
    response = _as(cast.leader).get(reverse("documents:file", args=[item.document_id, stored.pk]))
    assert response.status_code == 410
    assert f"đã hủy theo Quyết định số 9/QĐ-UBND ngày {_today():%d/%m/%Y}" in _text(response)
    image = _as(cast.leader).get(reverse("documents:page-image", args=[item.document_id, stored.pk, 1]))
    assert image.status_code == 404


def test_the_hồ_sơ_include_shows_the_tombstone(cast, django_capture_on_commit_callbacks, rf):
    record, decision = _executed(cast, django_capture_on_commit_callbacks)
    record.refresh_from_db()
    html = render_to_string("documents/records/_disposal_actions.html", {"record": record, "user": cast.leader})
    assert "data-tombstone" in html and "Đã hủy theo Quyết định số 9/QĐ-UBND" in html
    assert "807/UBND-VX ngày 30/06/2010" in html and "807-da-ky.pdf" in html and "bien-ban.txt" in html
    page = _as(cast.archivist).get(reverse("records:care", args=[record.pk]))
    assert "data-tombstone" in _text(page)
    # The owner no longer sees an archived or destroyed hồ sơ (read through the archive).
    assert _as(cast.specialist).get(reverse("records:care", args=[record.pk])).status_code == 404


def test_the_include_offers_keeping_back_to_the_owner_only_when_due(cast):
    record = _due(cast)
    html = render_to_string("documents/records/_disposal_actions.html", {"record": record, "user": cast.specialist})
    assert reverse("records:keep-back-new", args=[record.pk]) in html and "Hạn nộp lưu" in html
    html = render_to_string("documents/records/_disposal_actions.html", {"record": record, "user": cast.clerk})
    assert reverse("records:keep-back-new", args=[record.pk]) not in html
    keep = keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=add_years(_today(), 1))
    keep_back_approve(actor=cast.leader, keep=keep, approval_number="4/UBND", approval_date=_today())
    record.refresh_from_db()
    html = render_to_string("documents/records/_disposal_actions.html", {"record": record, "user": cast.specialist})
    assert "Văn bản số 4/UBND" in html and "Giữ lại đến" in html


# --- handover ------------------------------------------------------------------------------------

def test_the_unit_head_hands_over_with_a_minute_and_others_are_refused(cast):
    records = [make_record(cast, state="open", files=False), make_record(cast, state="closed", files=False)]
    head = _as(cast.head)
    page = head.get(reverse("records:handover"))
    assert cast.specialist.username in _text(page)
    url = reverse("records:handover-person", args=[cast.org.pk, cast.specialist.pk])
    other = make_cast("SNV")
    assert _as(other.leader).get(url).status_code == 404
    assert _as(cast.colleague).get(url).status_code == 404
    assert _as(cast.outsider_specialist).post(url, {"action": "handover", "to_user": cast.colleague.pk,
                                                    "reason": "x"}).status_code == 404
    response = head.post(url, {"action": "handover", "to_user": cast.colleague.pk, "reason": ""})
    assert "Trường này là bắt buộc." in _text(response)
    response = head.post(url, {"action": "handover", "to_user": cast.outsider_specialist.pk, "reason": "Nghỉ hưu"})
    assert response.status_code == 200 and not Handover.objects.exists()  # not a person of the unit
    response = head.post(url, {"action": "handover", "to_user": cast.colleague.pk, "reason": "Nghỉ hưu"})
    handover = Handover.objects.get()
    assert response.url == reverse("records:handover-detail", args=[handover.pk])
    assert set(RecordFile.objects.filter(pk__in=[r.pk for r in records]).values_list("owner", flat=True)) == {
        cast.colleague.pk}
    detail = head.get(response.url)
    assert records[0].code in _text(detail)
    pdf = _as(cast.specialist).get(reverse("records:handover-pdf", args=[handover.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert _as(other.leader).get(reverse("records:handover-pdf", args=[handover.pk])).status_code == 404


def test_a_person_hands_their_own_records_to_the_designated_colleague(cast):
    make_record(cast, state="open", files=False)
    head = _as(cast.head)
    url = reverse("records:handover-person", args=[cast.org.pk, cast.specialist.pk])
    assert head.post(url, {"action": "designate", "designate-to_user": cast.colleague.pk}).status_code == 302
    me = _as(cast.specialist)
    page = me.get(reverse("records:handover"))
    assert "Bàn giao cho Đồng Nghiệp" in _text(page)
    response = me.post(reverse("records:handover"), {"reason": ""})
    assert "Hãy nêu lý do bàn giao." in _text(response)
    response = me.post(reverse("records:handover"), {"reason": "Đi học dài hạn"})
    assert response.status_code == 302 and Handover.objects.get().to_user == cast.colleague


def test_every_page_of_the_section_answers_for_each_role(cast):
    make_record(cast)
    for user in (cast.leader, cast.archivist, cast.head, cast.specialist, cast.clerk):
        client = _as(user)
        for name in ("records:care-index", "records:keep-back-list", "records:handover", "records:disposal-review",
                     "records:disposal-list"):
            assert client.get(reverse(name)).status_code == 200, (user, name)


def test_a_destroyed_file_is_not_checked_again_and_its_document_page_says_why(cast, django_capture_on_commit_callbacks):
    record, decision = _executed(cast, django_capture_on_commit_callbacks)
    item = RecordItem.objects.get(record=record, document__isnull=False)
    stored = DocumentFile.objects.filter(document=item.document).last()
    leader = _as(cast.leader)
    page = leader.get(reverse("signatures:file-verification", args=[stored.pk]))
    assert page.status_code == 200 and "Đã hủy theo Quyết định số 9/QĐ-UBND" in _text(page)
    response = leader.post(reverse("signatures:file-verify", args=[stored.pk]), follow=True)
    assert response.status_code == 200 and "đã hủy theo Quyết định số 9/QĐ-UBND" in _text(response)
    document_page = leader.get(reverse("documents:detail", args=[item.document_id]))
    assert document_page.status_code == 200
    text = _text(document_page)
    assert "Đã hủy theo Quyết định số 9/QĐ-UBND" in text
    assert reverse("documents:file", args=[item.document_id, stored.pk]) not in text


def test_an_outgoing_document_with_destroyed_files_still_opens(cast, django_capture_on_commit_callbacks):
    from documents.services.files import file_store
    from tests.documents.records.disposal_support import PDF
    from tests.factories import make_document

    record = make_record(cast)
    outgoing = make_document(cast.org, direction="out", unit=cast.unit, created_by=cast.specialist,
                             subject="Trả lời về việc thử nghiệm")
    outgoing.symbol, outgoing.state = "814/UBND-VX", "dispatched"
    outgoing.save()
    main = file_store(document=outgoing, name="814.pdf", data=PDF, content_type="application/pdf")
    file_store(document=outgoing, name="phu-luc.pdf", data=PDF, content_type="application/pdf", role="appendix")
    RecordItem.objects.create(record=record, ordinal=3, document=outgoing, added_by=cast.specialist)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_decide(actor=cast.leader, decision=decision, number="11/QĐ-UBND", signed_on=_today(), reason="Hết giá trị")
    with django_capture_on_commit_callbacks(execute=True):
        disposal_execute(actor=cast.leader, decision=decision)
    page = _as(cast.leader).get(reverse("outgoing:detail", args=[outgoing.pk]))
    assert page.status_code == 200
    text = _text(page)
    assert "Đã hủy theo Quyết định số 11/QĐ-UBND" in text
    assert reverse("documents:file", args=[outgoing.pk, main.pk]) not in text


def test_another_organization_reaches_none_of_the_pages_of_a_hồ_sơ_or_decision(cast, django_capture_on_commit_callbacks):
    from documents.services.records.handover import records_hand_over

    record, decision = _executed(cast, django_capture_on_commit_callbacks)
    make_record(cast, state="open", files=False)
    handover = records_hand_over(actor=cast.leader, from_user=cast.specialist, to_user=cast.colleague, reason="Nghỉ hưu")
    other = make_cast("SNV")
    for user in (other.leader, other.archivist, other.clerk):
        client = _as(user)
        for url in (reverse("records:care", args=[record.pk]), reverse("records:disposal-detail", args=[decision.pk]),
                    reverse("records:disposal-pdf", args=[decision.pk]),
                    reverse("records:handover-detail", args=[handover.pk]),
                    reverse("records:handover-pdf", args=[handover.pk])):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("records:disposal-detail", args=[decision.pk]), {"action": "execute"}
                           ).status_code == 404
        page = client.get(reverse("records:keep-back-list"))
        assert record.code not in _text(page)
    # The organization's clerk, told of the handover, reads its minute.
    assert _as(cast.clerk).get(reverse("records:handover-detail", args=[handover.pk])).status_code == 200
