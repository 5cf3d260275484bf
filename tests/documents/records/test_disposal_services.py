"""Keeping back (Điều 31.3.d), handover (Điều 31.3.đ), retention and disposal: the rules of the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from documents.errors import RecordsError
from documents.models import DocumentFile, Notice, RecordFile, RecordItem
from documents.models.records import add_years
from documents.models.records_disposal import DisposalDecision, DisposalItem, Handover, KeepBack
from documents.selectors.records_disposal import disposal_review, handover_holders, keep_backs_kept
from documents.services.records.disposal import (
    disposal_blobs_destroy,
    disposal_blobs_retry,
    disposal_decide,
    disposal_execute,
    disposal_propose,
    disposal_refuse,
    keep_back_approve,
    keep_back_refuse,
    keep_back_request,
    keep_backs_end,
)
from documents.services.records.handover import handover_designate, records_hand_over
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, NotFound, Refused
from qlvb.models import AuditEvent, Membership
from qlvb.services.audit import audit_verify
from tests.documents.records.disposal_support import make_cast, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cast():
    return make_cast()


def _today():
    return timezone.localdate()


def _due_record(cast, **kw):
    """A closed hồ sơ kept 10 years whose work ended a year ago: due at the archive today."""
    return make_record(cast, state="closed", ended_on=add_years(_today(), -1), files=False, **kw)


# --- keeping back --------------------------------------------------------------------------------

def test_the_owner_asks_and_a_leader_approves_keeping_back_with_the_approving_document(cast):
    record = _due_record(cast)
    until = add_years(record.submission_due_on, 1)
    keep = keep_back_request(actor=cast.specialist, record=record, reason="Còn cần để giải quyết khiếu nại", until=until)
    assert keep.state == KeepBack.State.PENDING and keep.due_on == record.submission_due_on
    assert Notice.objects.filter(user=cast.leader, text__contains=record.code).exists()

    keep_back_approve(actor=cast.leader, keep=keep, approval_number="15/UBND-VP", approval_date=_today())
    record.refresh_from_db()
    assert record.state == RecordFile.State.KEPT and record.kept_until == until
    assert Notice.objects.filter(user=cast.specialist, text__contains="15/UBND-VP").exists()
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_KEEP_BACK_APPROVE.value, object_id=str(record.pk)).exists()
    assert list(keep_backs_kept(user=cast.archivist)) == [keep]
    assert list(keep_backs_kept(user=cast.specialist)) == []


def test_keeping_back_is_capped_at_two_years_past_the_due_date(cast):
    record = _due_record(cast)
    latest = add_years(record.submission_due_on, 2)
    with pytest.raises(Refused) as refused:
        keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=latest + dt.timedelta(days=1))
    assert refused.value.code == RecordsError.KEEP_BACK_TOO_LONG
    assert "2 năm" in refused.value.text("vi") and f"{latest:%d/%m/%Y}" in refused.value.text("vi")
    assert keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=latest).until == latest


def test_keeping_back_needs_a_reason_a_future_date_and_a_due_closed_record(cast):
    record = _due_record(cast)
    for kw, code in [({"reason": "  "}, RecordsError.KEEP_BACK_REASON_REQUIRED),
                     ({"until": _today()}, RecordsError.KEEP_BACK_DATE_PAST),
                     ({"until": None}, RecordsError.KEEP_BACK_DATE_PAST)]:
        args = {"reason": "Lý do", "until": add_years(_today(), 1), **kw}
        with pytest.raises(Refused) as refused:
            keep_back_request(actor=cast.specialist, record=record, **args)
        assert refused.value.code == code
    not_due = make_record(cast, state="closed", ended_on=_today() - dt.timedelta(days=10), files=False)
    short = make_record(cast, state="closed", retention=3, ended_on=add_years(_today(), -1), files=False)
    open_one = make_record(cast, state="open", ended_on=add_years(_today(), -1), files=False)
    for r in (not_due, short, open_one):
        with pytest.raises(Refused) as refused:
            keep_back_request(actor=cast.specialist, record=r, reason="Lý do", until=add_years(_today(), 1))
        assert refused.value.code == RecordsError.KEEP_BACK_NOT_DUE
    assert not KeepBack.objects.exists()


def test_the_unit_head_may_ask_but_not_a_colleague_nor_another_organization(cast):
    record = _due_record(cast)
    other = make_cast("SNV")
    for actor in (cast.colleague, cast.outsider_specialist, other.leader, other.specialist):
        with pytest.raises(Forbidden):
            keep_back_request(actor=actor, record=record, reason="Lý do", until=add_years(_today(), 1))
    keep = keep_back_request(actor=cast.head, record=record, reason="Lý do", until=add_years(_today(), 1))
    with pytest.raises(Refused) as refused:  # one request at a time
        keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=add_years(_today(), 1))
    assert refused.value.code == RecordsError.KEEP_BACK_PENDING
    assert keep.requested_by == cast.head


def test_only_a_leader_approves_and_only_with_a_number_and_a_date_not_in_the_future(cast):
    record = _due_record(cast)
    keep = keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=add_years(_today(), 1))
    other = make_cast("SNV")
    for actor in (cast.head, cast.archivist, cast.clerk, cast.specialist, other.leader):
        with pytest.raises(Forbidden):
            keep_back_approve(actor=actor, keep=keep, approval_number="1/UBND", approval_date=_today())
    for number, day, code in [("", _today(), RecordsError.APPROVAL_REFERENCE_REQUIRED),
                              ("1/UBND", None, RecordsError.APPROVAL_REFERENCE_REQUIRED),
                              ("1/UBND", _today() + dt.timedelta(days=1), RecordsError.APPROVAL_DATE_FUTURE)]:
        with pytest.raises(Refused) as refused:
            keep_back_approve(actor=cast.leader, keep=keep, approval_number=number, approval_date=day)
        assert refused.value.code == code
    record.refresh_from_db()
    assert record.state == RecordFile.State.CLOSED and record.kept_until is None
    keep_back_refuse(actor=cast.leader, keep=keep, note="Nộp lưu đúng hạn")
    keep.refresh_from_db()
    assert keep.state == KeepBack.State.REFUSED
    with pytest.raises(Refused):
        keep_back_approve(actor=cast.leader, keep=keep, approval_number="1/UBND", approval_date=_today())
    assert Notice.objects.filter(user=cast.specialist, text__contains="Nộp lưu đúng hạn").exists()


def test_when_the_keeping_back_ends_the_record_is_due_again_and_people_are_told(cast):
    record = _due_record(cast)
    keep = keep_back_request(actor=cast.specialist, record=record, reason="Lý do", until=add_years(_today(), 1))
    keep_back_approve(actor=cast.leader, keep=keep, approval_number="1/UBND", approval_date=_today())
    assert keep_backs_end() == 0
    assert keep_backs_end(today=add_years(_today(), 1) + dt.timedelta(days=1)) == 1
    record.refresh_from_db()
    keep.refresh_from_db()
    assert record.state == RecordFile.State.CLOSED and keep.state == KeepBack.State.ENDED
    assert Notice.objects.filter(user=cast.archivist, text__contains="hết thời hạn giữ lại").exists()
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_KEEP_BACK_END.value).count() == 1


# --- disposal ------------------------------------------------------------------------------------

def _files_of(record):
    doc_ids = RecordItem.objects.filter(record=record, document__isnull=False).values_list("document_id", flat=True)
    return list(DocumentFile.objects.filter(document_id__in=doc_ids)), list(
        RecordItem.objects.filter(record=record, document__isnull=True))


def test_the_review_list_holds_expired_archived_and_short_kept_records_only(cast):
    expired = make_record(cast, files=False)  # archived, 10 years, ended 2010
    short = make_record(cast, state="closed", retention=3, ended_on=dt.date(2015, 1, 1), files=False)
    permanent = make_record(cast, retention=0, files=False)
    young = make_record(cast, ended_on=add_years(_today(), -3), files=False)
    long_closed = make_record(cast, state="closed", files=False)  # should be in the archive, not destroyed
    review = disposal_review(user=cast.archivist)
    assert expired in review and short in review
    assert not {permanent, young, long_closed} & set(review)
    assert disposal_review(user=cast.leader) == review
    assert disposal_review(user=cast.specialist) == [] and disposal_review(user=cast.head) == []
    assert disposal_review(user=make_cast("SNV").archivist) == []


def test_a_permanent_or_unexpired_record_never_goes_on_a_list(cast):
    permanent = make_record(cast, retention=0, files=False)
    young = make_record(cast, ended_on=add_years(_today(), -3), files=False)
    for record, code in [(permanent, RecordsError.DISPOSAL_PERMANENT), (young, RecordsError.DISPOSAL_NOT_EXPIRED)]:
        with pytest.raises(Refused) as refused:
            disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
        assert refused.value.code == code and record.code in refused.value.text("vi")
    with pytest.raises(Refused) as refused:
        disposal_propose(actor=cast.archivist, organization=cast.org, records=[])
    assert refused.value.code == RecordsError.DISPOSAL_EMPTY
    assert not DisposalDecision.objects.exists()


def test_only_archive_staff_propose_and_only_a_leader_decides(cast):
    record = make_record(cast, files=False)
    for actor in (cast.specialist, cast.head, cast.clerk, cast.leader):
        with pytest.raises(Forbidden):
            disposal_propose(actor=actor, organization=cast.org, records=[record])
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record], note="Hết giá trị")
    with pytest.raises(Refused) as refused:  # one list at a time
        disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    assert refused.value.code == RecordsError.DISPOSAL_ALREADY_LISTED
    for actor in (cast.archivist, cast.specialist, cast.head, make_cast("SNV").leader):
        with pytest.raises(Forbidden):
            disposal_decide(actor=actor, decision=decision, number="5/QĐ-UBND", signed_on=_today(), reason="Hết giá trị")
    decision.refresh_from_db()
    assert decision.state == DisposalDecision.State.PROPOSED
    # The list is not destroyed before the decision, by anyone.
    with pytest.raises(Refused) as refused:
        disposal_execute(actor=cast.leader, decision=decision)
    assert refused.value.code == RecordsError.DISPOSAL_NOT_DECIDED
    with pytest.raises(Forbidden):
        disposal_execute(actor=cast.specialist, decision=decision)
    record.refresh_from_db()
    assert record.state == RecordFile.State.ARCHIVED


def test_another_organization_s_record_cannot_be_listed(cast):
    other = make_cast("SNV")
    theirs = make_record(other, files=False)
    with pytest.raises(NotFound):
        disposal_propose(actor=cast.archivist, organization=cast.org, records=[theirs])
    assert not DisposalDecision.objects.exists()


def test_the_decision_needs_a_number_a_past_date_a_reason_and_a_leader_as_signer(cast):
    record = make_record(cast, files=False)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    cases = [({"number": " "}, RecordsError.DISPOSAL_NUMBER_REQUIRED),
             ({"signed_on": None}, RecordsError.DISPOSAL_NUMBER_REQUIRED),
             ({"signed_on": _today() + dt.timedelta(days=3)}, RecordsError.DISPOSAL_DATE_FUTURE),
             ({"reason": ""}, RecordsError.DISPOSAL_REASON_REQUIRED),
             ({"signer": cast.archivist}, RecordsError.DISPOSAL_SIGNER)]
    for kw, code in cases:
        args = {"number": "5/QĐ-UBND", "signed_on": _today(), "reason": "Hội đồng thống nhất hủy", **kw}
        with pytest.raises(Refused) as refused:
            disposal_decide(actor=cast.leader, decision=decision, **args)
        assert refused.value.code == code
    decision.refresh_from_db()
    assert decision.state == DisposalDecision.State.PROPOSED and decision.number == ""


def test_execution_destroys_the_bytes_keeps_an_audited_tombstone_and_the_chain_verifies(
        cast, django_capture_on_commit_callbacks):
    record = make_record(cast)
    doc_files, other_files = _files_of(record)
    assert len(doc_files) == 2 and len(other_files) == 1
    paths = [f.file.path for f in doc_files] + [i.file.path for i in other_files]
    import os
    assert all(os.path.exists(p) for p in paths)

    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_decide(actor=cast.leader, decision=decision, number="5/QĐ-UBND", signed_on=_today(),
                    reason="Hội đồng xác định giá trị tài liệu thống nhất hủy")
    with django_capture_on_commit_callbacks(execute=True):
        disposal_execute(actor=cast.leader, decision=decision)

    decision.refresh_from_db()
    record.refresh_from_db()
    assert decision.state == DisposalDecision.State.EXECUTED and decision.blobs == DisposalDecision.Blobs.DONE
    assert record.state == RecordFile.State.DISPOSED
    assert not any(os.path.exists(p) for p in paths)
    doc_files, other_files = _files_of(record)  # the rows stay, marked
    assert all(f.destroyed_at and f.destruction_id == decision.pk for f in doc_files + other_files)
    note = f"Đã hủy theo Quyết định số 5/QĐ-UBND ngày {_today():%d/%m/%Y}"
    assert doc_files[0].destroyed_note == note and other_files[0].destroyed_note == note

    tombstone = DisposalItem.objects.get(decision=decision).tombstone
    assert tombstone["record"]["code"] == record.code and tombstone["record"]["retention"] == "10 năm"
    [document] = tombstone["documents"]
    assert document["symbol"] == "807/UBND-VX" and document["subject"] == "Về việc thử nghiệm hủy"
    assert document["issuer"] == "UBND tỉnh" and document["date"] == "2010-06-30"
    assert {f["name"] for f in document["files"]} == {"807.pdf", "807-da-ky.pdf"}
    assert all(len(f["sha256"]) == 64 and f["size"] for f in document["files"])
    assert tombstone["files"][0]["name"] == "bien-ban.txt"
    assert tombstone["destruction"]["number"] == "5/QĐ-UBND" and tombstone["destruction"]["destroyed_by"] == cast.leader.username
    event = AuditEvent.objects.get(action=AuditAction.RECORD_DISPOSED.value, object_id=str(record.pk))
    assert event.data["record"]["code"] == record.code and event.data["documents"][0]["symbol"] == "807/UBND-VX"
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_DISPOSAL_BLOBS.value).exists()
    assert audit_verify() == []
    assert record not in disposal_review(user=cast.archivist)

    with pytest.raises(Refused) as refused:  # never twice
        disposal_execute(actor=cast.leader, decision=decision)
    assert refused.value.code == RecordsError.DISPOSAL_ALREADY_EXECUTED


def test_a_failed_file_delete_is_recorded_visibly_and_retried(cast, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.files.storage import FileSystemStorage

    record = make_record(cast)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_decide(actor=cast.leader, decision=decision, number="6/QĐ-UBND", signed_on=_today(), reason="Hết giá trị")
    real_delete = FileSystemStorage.delete
    calls = {"n": 0}

    def flaky(self, name):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk busy")
        return real_delete(self, name)

    monkeypatch.setattr(FileSystemStorage, "delete", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        disposal_execute(actor=cast.leader, decision=decision)
    decision.refresh_from_db()
    record.refresh_from_db()
    # The destruction is recorded whole; one file's bytes wait, and say so.
    assert record.state == RecordFile.State.DISPOSED
    assert decision.blobs == DisposalDecision.Blobs.FAILED and len(decision.blob_failures) == 1
    assert "disk busy" in decision.blob_failures[0]["error"]
    assert disposal_blobs_retry() == 1
    decision.refresh_from_db()
    assert decision.blobs == DisposalDecision.Blobs.DONE and decision.blob_failures == []
    disposal_blobs_destroy(decision_id=decision.pk)  # idempotent
    decision.refresh_from_db()
    assert decision.blobs == DisposalDecision.Blobs.DONE
    assert audit_verify() == []


def test_a_record_that_became_permanent_after_the_proposal_is_not_destroyed(cast):
    record = make_record(cast, files=False)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_decide(actor=cast.leader, decision=decision, number="7/QĐ-UBND", signed_on=_today(), reason="Hết giá trị")
    RecordFile.objects.filter(pk=record.pk).update(retention_years=0)
    with pytest.raises(Refused) as refused:
        disposal_execute(actor=cast.leader, decision=decision)
    assert refused.value.code == RecordsError.DISPOSAL_PERMANENT
    record.refresh_from_db()
    decision.refresh_from_db()
    assert record.state == RecordFile.State.ARCHIVED and decision.state == DisposalDecision.State.DECIDED


def test_a_leader_may_refuse_a_list(cast):
    record = make_record(cast, files=False)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_refuse(actor=cast.leader, decision=decision, reason="Còn giá trị tham khảo")
    decision.refresh_from_db()
    assert decision.state == DisposalDecision.State.REFUSED
    # The record may go on a new list later.
    assert disposal_propose(actor=cast.archivist, organization=cast.org, records=[record]).pk != decision.pk


# --- handover ------------------------------------------------------------------------------------

def test_the_unit_head_hands_a_leaving_colleague_s_records_over_within_the_unit(cast):
    held = [make_record(cast, state=s, files=False) for s in ("open", "closed", "returned", "kept")]
    archived = make_record(cast, state="archived", files=False)
    Membership.objects.filter(user=cast.specialist).update(is_active=False)  # retired
    holders = {h.user: h for h in handover_holders(user=cast.head)}
    assert holders[cast.specialist].count == 4 and holders[cast.specialist].inactive

    with pytest.raises(Refused) as refused:
        records_hand_over(actor=cast.head, from_user=cast.specialist, to_user=cast.outsider_specialist,
                          reason="Nghỉ hưu")
    assert refused.value.code == RecordsError.HANDOVER_OTHER_UNIT
    handover = records_hand_over(actor=cast.head, from_user=cast.specialist, to_user=cast.colleague, reason="Nghỉ hưu")
    assert {r.pk for r in handover.records.all()} == {r.pk for r in held}
    assert RecordFile.objects.filter(owner=cast.colleague).count() == 4
    archived.refresh_from_db()
    assert archived.owner == cast.specialist  # already with the archive
    assert [row["code"] for row in handover.listing] == sorted(r.code for r in held)
    for person in (cast.specialist, cast.colleague, cast.clerk):
        assert Notice.objects.filter(user=person, text__contains="bàn giao").exists()
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_HANDOVER.value).count() == 4
    assert audit_verify() == []


def test_handover_refusals_wrong_role_other_organization_bad_input(cast):
    record = make_record(cast, state="open", files=False)
    other = make_cast("SNV")
    for actor in (cast.colleague, cast.clerk, cast.archivist, other.leader):
        with pytest.raises((Forbidden, Refused)):
            records_hand_over(actor=actor, from_user=cast.specialist, to_user=cast.colleague, reason="Chuyển công tác")
    with pytest.raises(Refused) as refused:
        records_hand_over(actor=cast.leader, from_user=cast.specialist, to_user=other.specialist, reason="Chuyển")
    assert refused.value.code == RecordsError.HANDOVER_RECIPIENT
    with pytest.raises(Refused) as refused:
        records_hand_over(actor=cast.leader, from_user=cast.specialist, to_user=cast.colleague, reason=" ")
    assert refused.value.code == RecordsError.HANDOVER_REASON_REQUIRED
    with pytest.raises(Refused) as refused:
        records_hand_over(actor=cast.leader, from_user=cast.colleague, to_user=cast.head, reason="Đi học")
    assert refused.value.code == RecordsError.HANDOVER_NOTHING
    foreign = make_record(cast, owner=cast.colleague, state="open", files=False)
    with pytest.raises(Refused) as refused:
        records_hand_over(actor=cast.leader, from_user=cast.specialist, to_user=cast.head, records=[record, foreign],
                          reason="Đi học")
    assert refused.value.code == RecordsError.HANDOVER_RECORD_NOT_HELD
    record.refresh_from_db()
    assert record.owner == cast.specialist and not Handover.objects.exists()
    # A leader hands over across units.
    records_hand_over(actor=cast.leader, from_user=cast.specialist, to_user=cast.outsider_specialist,
                      records=[record], reason="Chuyển công tác")
    record.refresh_from_db()
    assert record.owner == cast.outsider_specialist


def test_a_person_hands_their_own_records_to_the_colleague_their_unit_head_named(cast):
    make_record(cast, state="closed", files=False)
    with pytest.raises(Refused) as refused:
        records_hand_over(actor=cast.specialist, from_user=cast.specialist, to_user=cast.colleague, reason="Đi học dài hạn")
    assert refused.value.code == RecordsError.HANDOVER_NOT_DESIGNATED
    with pytest.raises(Forbidden):
        handover_designate(actor=cast.colleague, from_user=cast.specialist, to_user=cast.colleague, organization=cast.org)
    handover_designate(actor=cast.head, from_user=cast.specialist, to_user=cast.colleague, organization=cast.org)
    handover = records_hand_over(actor=cast.specialist, from_user=cast.specialist, to_user=cast.colleague,
                                 reason="Đi học dài hạn")
    assert handover.records.count() == 1 and handover.actor == cast.specialist
    # The designation is spent.
    make_record(cast, state="open", files=False)
    with pytest.raises(Refused):
        records_hand_over(actor=cast.specialist, from_user=cast.specialist, to_user=cast.colleague, reason="Đi học")


def test_the_demo_data_is_idempotent_and_shows_each_state(settings):
    from django.core.management import call_command

    from qlvb.demo.records_disposal import demo_disposal
    from qlvb.models import User

    call_command("seed_demo", stdout=__import__("io").StringIO())
    first = demo_disposal()
    again = demo_disposal()
    assert {k: r.pk for k, r in first.items()} == {k: r.pk for k, r in again.items()}
    archivist = User.objects.get(username="backan.luutru")
    review = disposal_review(user=archivist)
    assert first["expired"] in review and first["short"] in review and first["due"] not in review
    assert KeepBack.objects.filter(record=first["due"], state=KeepBack.State.PENDING).count() == 1


def test_people_who_moved_to_another_unit_are_flagged_and_the_daily_task_runs(cast):
    make_record(cast, state="open", files=False)  # of VXNV, held by the specialist
    Membership.objects.filter(user=cast.specialist).update(unit=cast.other_unit)  # moved to KT
    [holder] = [h for h in handover_holders(user=cast.head) if h.user == cast.specialist]
    assert holder.left_unit and not holder.inactive
    assert [h.user for h in handover_holders(user=cast.leader)] == [cast.specialist]
    assert handover_holders(user=cast.colleague) == []

    from django.conf import settings

    from documents.tasks import task_records_care_daily

    assert settings.CELERY_BEAT_SCHEDULE["records-care-daily"]["task"] == task_records_care_daily.name
    assert task_records_care_daily() == {"keep_backs_ended": 0, "blob_retries": 0}


def test_a_document_still_filed_in_another_hồ_sơ_keeps_its_files(cast, django_capture_on_commit_callbacks):
    """Phụ lục VI III.4.e: a document may sit in several people's hồ sơ. Destroying one of them leaves the
    document's files to the others; the tombstone says where."""
    from django.db import connection

    with connection.cursor() as cursor:  # this branch still allows one hồ sơ per document; main does not
        cursor.execute("ALTER TABLE documents_recorditem DROP CONSTRAINT IF EXISTS record_item_document_in_one_file")
        cursor.execute("DROP INDEX IF EXISTS record_item_document_in_one_file")
    record = make_record(cast)
    keeper = make_record(cast, retention=0, files=False, code="HS-VINH-VIEN")
    shared = RecordItem.objects.get(record=record, document__isnull=False)
    RecordItem.objects.create(record=keeper, ordinal=1, document=shared.document, added_by=cast.specialist)
    decision = disposal_propose(actor=cast.archivist, organization=cast.org, records=[record])
    disposal_decide(actor=cast.leader, decision=decision, number="8/QĐ-UBND", signed_on=_today(), reason="Hết giá trị")
    with django_capture_on_commit_callbacks(execute=True):
        disposal_execute(actor=cast.leader, decision=decision)
    doc_files, other_files = _files_of(record)
    assert all(f.destroyed_at is None for f in doc_files)
    assert all(f.file.storage.exists(f.file.name) for f in doc_files)
    assert all(i.destroyed_at for i in other_files)  # the hồ sơ's own minute is gone
    [document] = DisposalItem.objects.get(decision=decision).tombstone["documents"]
    assert document["files_kept_in"] == ["HS-VINH-VIEN"]
    assert audit_verify() == []
