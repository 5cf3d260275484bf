"""The clerk's and leader's work on incoming documents, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents.models import Assignment, Document, DocumentType, Reminder
from documents.selectors.documents import document_list
from documents.services.incoming.handling import (
    Holder,
    assignment_complete,
    assignment_progress,
    assignment_redistribute,
    document_remind,
    incoming_instruct,
    incoming_present,
    overdue_remind_all,
)
from documents.services.incoming.recall import incoming_recall_answer, incoming_recall_request
from documents.services.incoming.registration import (
    incoming_create_paper,
    incoming_duplicates,
    incoming_register,
    incoming_reject,
    internal_deliver,
)
from documents.services.registers import register_open
from interchange.models import Recipient, StatusEvent
from qlvb.models import AuditEvent, SigningForm
from qlvb.models.delegation import DelegationScope
from qlvb.services.delegation import delegation_create
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def office():
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    sender = make_org("VPCP", name="Văn phòng Chính phủ", organ_id="000.00.00.G22")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    year = timezone.localdate().year
    for o in (org, sender):
        register_open(organization=o, direction="in", year=year, name="Sổ văn bản đến")
        register_open(organization=o, direction="in", year=year, name="Sổ văn bản mật đến", is_secret=True)
        register_open(organization=o, direction="out", year=year, name="Sổ văn bản đi")
    return {
        "org": org, "sender": sender, "vx": vx,
        "clerk": make_user(org, ["clerk"], secret_clearance=True, full_name="Hoàng Thị Nhung"),
        "leader": make_user(org, ["leader"], full_name="Đàm Duy Hưng"),
        "deputy": make_user(org, ["leader"], full_name="Phó Chủ tịch"),
        "head": make_user(org, ["unit_head"], unit=vx),
        "specialist": make_user(org, ["specialist"], unit=vx),
        "other_specialist": make_user(org, ["specialist"], unit=vx),
        "sender_clerk": make_user(sender, ["clerk"]),
        "cv": DocumentType.objects.get(code="cong-van"),
    }


def paper(office, symbol="807/VPCP-KSTT", **kw) -> Document:
    return incoming_create_paper(
        actor=office["clerk"], organization=office["org"], document_type=office["cv"], symbol=symbol,
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1), issuer=office["sender"],
        scan=("807.pdf", PDF), **kw,
    )


def test_paper_document_is_registered_with_the_next_incoming_number(office):
    first, second = paper(office), paper(office, symbol="808/VPCP-KSTT")
    assert first.state == "arrived" and first.files.get().sha256
    incoming_register(actor=office["clerk"], document=first)
    incoming_register(actor=office["clerk"], document=second)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.register_number, second.register_number) == (1, 2)
    assert first.state == "registered" and first.registered_at is not None


def test_only_the_clerk_registers_and_a_scan_must_be_a_pdf(office):
    doc = paper(office)
    with pytest.raises(PermissionDenied):
        incoming_register(actor=office["specialist"], document=doc)
    with pytest.raises(ValidationError, match="PDF"):
        incoming_create_paper(actor=office["clerk"], organization=office["org"], document_type=office["cv"],
                              symbol="1/X", subject="x", issued_on=None, scan=("a.pdf", b"MZ\x90\x00"))


def test_duplicate_warning_shows_the_earlier_document_and_can_be_overridden(office):
    earlier = paper(office)
    incoming_register(actor=office["clerk"], document=earlier)
    again = paper(office)
    assert list(incoming_duplicates(document=again)) == [Document.objects.get(pk=earlier.pk)]
    with pytest.raises(ValidationError, match="trùng"):
        incoming_register(actor=office["clerk"], document=again)
    incoming_register(actor=office["clerk"], document=again, allow_duplicate=True)
    assert Document.objects.get(pk=again.pk).register_number == 2


def test_secret_documents_go_to_the_secret_register_and_stay_hidden(office):
    secret = paper(office, symbol="12/VPCP-M", secrecy=1)
    incoming_register(actor=office["clerk"], document=secret)
    secret.refresh_from_db()
    assert secret.register.is_secret and secret.register_number == 1
    assert secret not in document_list(user=office["leader"])
    assert secret in document_list(user=office["clerk"])


def test_reject_needs_a_reason(office):
    doc = paper(office)
    with pytest.raises(ValidationError, match="lý do"):
        incoming_reject(actor=office["clerk"], document=doc, reason="  ")
    incoming_reject(actor=office["clerk"], document=doc, reason="Gửi nhầm cơ quan")
    assert Document.objects.get(pk=doc.pk).state == "rejected"


def _registered(office) -> Document:
    doc = paper(office)
    incoming_register(actor=office["clerk"], document=doc)
    return Document.objects.get(pk=doc.pk)


def test_present_instruct_redistribute_progress_complete(office):
    doc = _registered(office)
    incoming_present(actor=office["clerk"], document=doc, leader=office["leader"])
    assert doc in document_list(user=office["leader"])
    instruction = incoming_instruct(
        actor=office["leader"], document=doc, text="Giao Phòng VXNV chủ trì tham mưu văn bản triển khai.",
        lead=Holder(unit=office["vx"]), inform=[Holder(user=office["deputy"])], deadline_days=5,
    )
    doc.refresh_from_db()
    assert doc.state == "assigned" and doc.due_date == instruction.deadline
    assert instruction.deadline > timezone.localdate()
    lead = doc.assignments.get(role="lead")
    # The unit head now sees the document and hands it to a specialist.
    assert doc in document_list(user=office["head"])
    assert doc not in document_list(user=office["specialist"])
    [mine] = assignment_redistribute(actor=office["head"], assignment=lead, users=[office["specialist"]])
    assert doc in document_list(user=office["specialist"])
    assignment_progress(actor=office["specialist"], assignment=mine, text="Đang dự thảo công văn", percent=50)
    assert Document.objects.get(pk=doc.pk).state == "processing"
    with pytest.raises(PermissionDenied):
        assignment_complete(actor=office["other_specialist"], assignment=mine, result="x")
    assignment_complete(actor=office["specialist"], assignment=mine, result="Đã ban hành 814/UBND-VXNV")
    doc.refresh_from_db()
    assert doc.state == "done" and doc.completed_at is not None
    assert Assignment.objects.get(pk=lead.pk).state == "done"


def test_only_leaders_or_their_delegates_instruct_and_both_are_recorded(office):
    doc = _registered(office)
    with pytest.raises(PermissionDenied):
        incoming_instruct(actor=office["head"], document=doc, text="x", lead=Holder(unit=office["vx"]))
    now = timezone.now()
    delegation_create(actor=office["leader"], organization=office["org"], delegator=office["leader"],
                      delegate=office["head"], starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=3),
                      scope=DelegationScope.HANDLING, signing_form=SigningForm.TUQ)
    instruction = incoming_instruct(actor=office["head"], document=doc, text="Giao VXNV xử lý",
                                    lead=Holder(unit=office["vx"]), on_behalf_of=office["leader"])
    assert instruction.author == office["head"] and instruction.on_behalf_of == office["leader"]
    event = AuditEvent.objects.filter(action="incoming.instruct").last()
    assert event.actor == office["head"] and event.on_behalf_of == office["leader"]


def test_deadline_in_working_days_skips_weekends_and_holidays(office):
    doc = _registered(office)
    instruction = incoming_instruct(actor=office["leader"], document=doc, text="Xử lý", lead=Holder(unit=office["vx"]),
                                    deadline_days=3)
    from qlvb.services.calendar import add_working_days

    assert instruction.deadline == add_working_days(timezone.localdate(), 3)
    with pytest.raises(ValidationError):
        incoming_instruct(actor=office["leader"], document=doc, text="Xử lý", lead=Holder(unit=office["vx"]),
                          deadline_date=timezone.localdate() - dt.timedelta(days=1))


def test_overdue_documents_are_reminded_once_a_day(office):
    doc = _registered(office)
    incoming_instruct(actor=office["leader"], document=doc, text="Xử lý", lead=Holder(user=office["specialist"]),
                      deadline_days=1)
    Document.objects.filter(pk=doc.pk).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    assert overdue_remind_all() == 1
    assert overdue_remind_all() == 0
    recipients = set(Reminder.objects.filter(document=doc).values_list("to_user", flat=True))
    assert recipients == {office["specialist"].pk, office["clerk"].pk}
    assert "quá hạn" in Reminder.objects.filter(document=doc).first().text
    document_remind(document=doc, actor=office["leader"], text="Đề nghị báo cáo ngay")
    assert Reminder.objects.filter(document=doc, sent_by=office["leader"]).count() == 2


def test_agreed_recall_freezes_the_document(office):
    doc = _registered(office)
    with pytest.raises(ValidationError, match="chưa đề nghị"):
        incoming_recall_answer(actor=office["clerk"], document=doc, agree=True)
    incoming_recall_request(document=doc, reason="Sai thể thức")
    incoming_recall_answer(actor=office["clerk"], document=doc, agree=True)
    doc.refresh_from_db()
    assert doc.state == "recalled" and doc.is_frozen and "Sai thể thức" in doc.recall_note
    with pytest.raises(ValidationError, match="khóa"):
        incoming_instruct(actor=office["leader"], document=doc, text="x", lead=Holder(unit=office["vx"]))


def test_internal_delivery_carries_statuses_back_to_the_sender(office):
    out = Document.objects.create(
        organization=office["sender"], direction="out", document_type=office["cv"], symbol="807/VPCP-KSTT",
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1), state="issued",
    )
    [incoming] = internal_deliver(actor=office["sender_clerk"], document=out, recipients=[office["org"]])
    assert incoming.source == "internal" and incoming.issuer == office["sender"]
    recipient = Recipient.objects.get(document=out)
    assert recipient.state == Recipient.State.ARRIVED
    incoming_register(actor=office["clerk"], document=incoming)
    incoming_instruct(actor=office["leader"], document=incoming, text="Giao VXNV", lead=Holder(user=office["specialist"]))
    assignment = incoming.assignments.get()
    assignment_progress(actor=office["specialist"], assignment=assignment, text="Đang xử lý")
    assignment_progress(actor=office["specialist"], assignment=assignment, text="Vẫn đang xử lý")  # throttled
    assignment_complete(actor=office["specialist"], assignment=assignment, result="Xong")
    recipient.refresh_from_db()
    assert recipient.state == Recipient.State.DONE
    assert list(StatusEvent.objects.filter(recipient=recipient).values_list("code", flat=True)) == [
        "01", "03", "04", "05", "06"]


def test_a_new_sender_added_by_another_worker_at_the_same_moment_is_used_not_duplicated(monkeypatch):
    """Two workers take the first two documents of a sender we did not know: both must arrive."""
    from documents.services.incoming.receive import issuer_for
    from interchange import edxml
    from qlvb.models import Organization

    other_worker = Organization.objects.create(organ_id="000.00.00.G22", name="Văn phòng Chính phủ", short_name="")
    real_filter = Organization.objects.filter
    calls = []

    class NotYetCommitted:  # our lookup ran just before the other worker committed its row
        def first(self):
            return None

    def filter_once(*args, **kwargs):
        calls.append(kwargs)
        return NotYetCommitted() if len(calls) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(Organization.objects, "filter", filter_once)
    issuer = issuer_for(edxml.Organization(organ_id="000.00.00.G22", organ_name="Văn phòng Chính phủ"))
    monkeypatch.undo()
    assert issuer.pk == other_worker.pk
    assert Organization.objects.filter(organ_id="000.00.00.G22").count() == 1
