"""Nộp lưu into the organization's archive (NĐ30 Điều 30–31): who submits what, the archive's check,
return and acceptance, the read-only rule afterwards, the due and late lists and their notices, and
reading an archived hồ sơ through a leader's approval (Phụ lục VI III.6.c)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from documents.models import DocumentFile, FileCatalogue, Notice, RecordFile, RecordFileAccess, RecordItem
from documents.models.records_archive import (
    ArchiveDueNotice,
    ArchiveReadingRequest,
    ArchiveTransfer,
    ArchiveTransferItem,
)
from documents.selectors.records_archive import archive_due_on, due_records, record_inspection
from documents.services.records.archive import (
    archive_accept,
    archive_due_notify,
    archive_return,
    archive_submit,
    document_in_archive,
    reading_request_create,
    reading_request_decide,
    record_writable_or_refuse,
)
from qlvb.errors import Forbidden, Refused
from qlvb.models import AuditEvent
from tests.documents.records.archive_helpers import (  # noqa: F401 - fixtures
    enqueued_fixture,
    make_office,
    make_record,
    media_fixture,
)

pytestmark = pytest.mark.django_db
State = RecordFile.State


def _code(exc) -> str:
    return exc.value.code.value


def _state(record) -> str:
    record.refresh_from_db()
    return record.state


# --- submission ---------------------------------------------------------------------------------------


def test_the_owner_submits_a_closed_hồ_sơ_kept_five_years_or_more(media):
    office = make_office()
    record = make_record(office, retention=5)
    transfer = archive_submit(actor=office.owner, records=[record])
    record.refresh_from_db()
    assert record.state == State.SUBMITTED and record.submitted_at is not None
    assert transfer.state == ArchiveTransfer.State.SUBMITTED and list(transfer.records.all()) == [record]
    assert transfer.submitted_by == office.owner and transfer.submitted_unit == office.unit
    notice = Notice.objects.get(user=office.archivist)
    assert "01.VX" in notice.text and notice.url == f"/ho-so/luu-tru/lan/{transfer.pk}/"
    assert AuditEvent.objects.filter(action="record.archive.submit", object_id=str(record.pk)).exists()


def test_permanent_hồ_sơ_go_to_the_archive_too_and_several_make_one_transfer(media):
    office = make_office()
    first, second = make_record(office, code="01.VX", retention=0), make_record(office, code="02.VX", retention=20)
    transfer = archive_submit(actor=office.owner, records=[second, first])
    assert list(transfer.items.order_by("position").values_list("record__code", flat=True)) == ["01.VX", "02.VX"]
    assert {_state(first), _state(second)} == {State.SUBMITTED}


def test_a_hồ_sơ_kept_under_five_years_stays_at_the_unit(media):
    office = make_office()
    record = make_record(office, retention=3)
    with pytest.raises(Refused) as refused:
        archive_submit(actor=office.owner, records=[record])
    assert _code(refused) == "not_for_archive"
    assert "stays at its unit" in refused.value.text("en") and "lưu tại đơn vị" in refused.value.text("vi")
    assert _state(record) == State.CLOSED and not ArchiveTransfer.objects.exists()


@pytest.mark.parametrize("state, code", [(State.OPEN, "not_closed_for_submission"),
                                         (State.SUBMITTED, "record_at_archive"), (State.ARCHIVED, "record_archived"),
                                         (State.DISPOSED, "record_archived")])
def test_only_a_closed_or_returned_hồ_sơ_is_submitted(media, state, code):
    office = make_office()
    record = make_record(office, state=state)
    with pytest.raises(Refused) as refused:
        archive_submit(actor=office.owner, records=[record])
    assert _code(refused) == code
    assert _state(record) == state and not ArchiveTransfer.objects.exists()


def test_a_hồ_sơ_kept_back_at_the_unit_is_submitted_when_its_time_comes(media):
    office = make_office()
    record = make_record(office)
    RecordFile.objects.filter(pk=record.pk).update(state=State.KEPT, kept_until=timezone.localdate())
    archive_submit(actor=office.owner, records=[record])
    assert _state(record) == State.SUBMITTED


def test_a_locked_hồ_sơ_is_neither_submitted_nor_accepted(media, enqueued):
    office = make_office()
    record, waiting = make_record(office, code="01.VX"), make_record(office, code="02.VX")
    transfer = archive_submit(actor=office.owner, records=[waiting])
    now = timezone.now()
    RecordFile.objects.filter(pk__in=[record.pk, waiting.pk]).update(frozen_at=now, frozen_reason="Thanh tra tỉnh")
    for call in (lambda: archive_submit(actor=office.owner, records=[record]),
                 lambda: archive_accept(actor=office.archivist, transfer=transfer),
                 lambda: archive_return(actor=office.archivist, record=waiting, reason="Trả lại.")):
        with pytest.raises(Refused) as refused:
            call()
        assert _code(refused) == "record_frozen"
    assert _state(record) == State.CLOSED and _state(waiting) == State.SUBMITTED and not enqueued


def test_the_unit_head_submits_the_unit_s_hồ_sơ_a_colleague_may_not(media):
    office = make_office()
    record = make_record(office)
    with pytest.raises(Forbidden) as refused:
        archive_submit(actor=office.colleague, records=[record])
    assert _code(refused) == "not_record_submitter"
    with pytest.raises(Forbidden):
        archive_submit(actor=office.archivist, records=[record])
    archive_submit(actor=office.head, records=[record])
    assert _state(record) == State.SUBMITTED


def test_one_bad_hồ_sơ_in_a_transfer_leaves_nothing_half_written(media):
    office = make_office()
    good, empty = make_record(office, code="01.VX"), make_record(office, code="02.VX", documents=0)
    with pytest.raises(Refused) as refused:
        archive_submit(actor=office.owner, records=[good, empty])
    assert _code(refused) == "empty_record"
    assert _state(good) == State.CLOSED and not ArchiveTransfer.objects.exists() and not Notice.objects.exists()
    with pytest.raises(Refused) as refused:
        archive_submit(actor=office.owner, records=[])
    assert _code(refused) == "nothing_to_submit"


def test_hồ_sơ_of_two_organizations_are_never_one_transfer(media):
    office, other = make_office("A"), make_office("B")
    with pytest.raises(Refused) as refused:
        archive_submit(actor=office.owner, records=[make_record(office), make_record(other)])
    assert _code(refused) == "one_organization_per_transfer"


# --- the archive's check, return and acceptance ----------------------------------------------------------


def test_the_archivist_returns_with_a_reason_and_the_owner_resubmits(media):
    office = make_office()
    record = make_record(office)
    transfer = archive_submit(actor=office.owner, records=[record])
    with pytest.raises(Refused) as refused:
        archive_return(actor=office.archivist, record=record, reason="   ")
    assert _code(refused) == "return_reason_required" and _state(record) == State.SUBMITTED
    archive_return(actor=office.archivist, record=record, reason="Thiếu văn bản trả lời 814.")
    record.refresh_from_db()
    assert record.state == State.RETURNED and record.state_reason == "Thiếu văn bản trả lời 814."
    transfer.refresh_from_db()
    assert transfer.state == ArchiveTransfer.State.RETURNED
    assert Notice.objects.filter(user=office.owner, text__contains="Thiếu văn bản trả lời 814").exists()
    assert AuditEvent.objects.filter(action="record.archive.return", object_id=str(record.pk)).exists()
    again = archive_submit(actor=office.owner, records=[record])
    assert again.pk != transfer.pk and _state(record) == State.SUBMITTED


def test_acceptance_archives_stores_the_papers_and_asks_for_the_long_term_proof(media, enqueued):
    office = make_office()
    kept, returned = make_record(office, code="01.VX"), make_record(office, code="02.VX")
    transfer = archive_submit(actor=office.owner, records=[kept, returned])
    archive_return(actor=office.archivist, record=returned, reason="Sai thời hạn bảo quản.")
    archive_accept(actor=office.archivist, transfer=transfer)
    transfer.refresh_from_db()
    kept.refresh_from_db()
    assert kept.state == State.ARCHIVED and kept.archived_by == office.archivist and kept.archived_at
    assert _state(returned) == State.RETURNED
    assert transfer.state == ArchiveTransfer.State.ACCEPTED and transfer.received_by == office.archivist
    assert transfer.record_count == 1 and transfer.file_count == 2
    import hashlib

    for field, digest in ((transfer.minutes_pdf, transfer.minutes_sha256),
                          (transfer.catalogue_pdf, transfer.catalogue_sha256)):
        with field.open("rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == digest
    assert enqueued == [("documents.records_longterm_proof", kept.pk)]
    assert list(transfer.items.values_list("record__code", "outcome").order_by("position")) == [
        ("01.VX", ArchiveTransferItem.Outcome.ACCEPTED), ("02.VX", ArchiveTransferItem.Outcome.RETURNED)]
    event = AuditEvent.objects.get(action="record.archive.accept", object_id=str(kept.pk))
    assert event.data["minutes_sha256"] == transfer.minutes_sha256
    with pytest.raises(Refused) as refused:
        archive_accept(actor=office.archivist, transfer=transfer)
    assert _code(refused) == "transfer_decided"


def test_an_incomplete_hồ_sơ_is_not_accepted_and_nothing_changes(media, enqueued):
    office = make_office()
    record = make_record(office)
    transfer = archive_submit(actor=office.owner, records=[record])
    DocumentFile.objects.filter(document__record_items__record=record, document__record_items__ordinal=2).delete()
    RecordItem.objects.filter(record=record, ordinal=2).update(ordinal=3)
    problems = record_inspection(record).problems
    assert any("số thứ tự không liên tục" in p for p in problems) and any("chưa có tệp" in p for p in problems)
    with pytest.raises(Refused) as refused:
        archive_accept(actor=office.archivist, transfer=transfer)
    assert _code(refused) == "record_incomplete"
    transfer.refresh_from_db()
    assert _state(record) == State.SUBMITTED and transfer.state == ArchiveTransfer.State.SUBMITTED
    assert not transfer.minutes_pdf and not enqueued


def test_a_tampered_file_is_caught_by_the_check(media):
    office = make_office()
    record = make_record(office, documents=1)
    stored = DocumentFile.objects.get(document__record_items__record=record)
    with open(stored.file.path, "ab") as fh:
        fh.write(b"% changed")
    assert any("không khớp mã băm" in p for p in record_inspection(record).problems)


def test_only_the_organization_s_archivist_returns_or_accepts(media, enqueued):
    office, other = make_office("A"), make_office("B")
    record = make_record(office)
    transfer = archive_submit(actor=office.owner, records=[record])
    for actor in (office.leader, office.owner, office.clerk, other.archivist):
        with pytest.raises(Forbidden) as refused:
            archive_accept(actor=actor, transfer=transfer)
        assert _code(refused) == "not_an_archivist"
        with pytest.raises(Forbidden):
            archive_return(actor=actor, record=record, reason="Không đúng.")
    assert _state(record) == State.SUBMITTED and not enqueued


# --- read-only after acceptance --------------------------------------------------------------------------


def test_a_hồ_sơ_with_the_archive_is_read_only(media, enqueued):
    office = make_office()
    record = make_record(office)
    record_writable_or_refuse(record)  # closed: the guard lets its owner's services through
    document = record.items.first().document
    assert not document_in_archive(document)
    transfer = archive_submit(actor=office.owner, records=[record])
    with pytest.raises(Refused) as refused:
        record_writable_or_refuse(record)
    assert _code(refused) == "record_at_archive"
    assert document_in_archive(document)
    archive_accept(actor=office.archivist, transfer=transfer)
    stale = RecordFile.objects.get(pk=record.pk)
    stale.state = State.CLOSED  # a caller's stale copy does not fool the guard
    with pytest.raises(Refused) as refused:
        record_writable_or_refuse(stale)
    assert _code(refused) == "record_archived"
    assert document_in_archive(document) and document_in_archive(document.pk)
    for call in (lambda: archive_submit(actor=office.owner, records=[record]),
                 lambda: archive_return(actor=office.archivist, record=record, reason="Trả lại.")):
        with pytest.raises(Refused):
            call()
    assert _state(record) == State.ARCHIVED


# --- what is due and late --------------------------------------------------------------------------------


def test_due_and_late_lists_follow_the_legal_date_and_keeping_back(media):
    office = make_office()
    today = timezone.localdate()
    late = make_record(office, code="01.VX", ended_on=today - dt.timedelta(days=375))  # due 10 days ago
    soon = make_record(office, code="02.VX", ended_on=today - dt.timedelta(days=345))  # due in 20 days
    later = make_record(office, code="03.VX", ended_on=today - dt.timedelta(days=100))
    short = make_record(office, code="04.VX", retention=2, ended_on=today - dt.timedelta(days=400))
    kept = make_record(office, code="05.VX", ended_on=today - dt.timedelta(days=500))
    RecordFile.objects.filter(pk=kept.pk).update(state=State.KEPT, kept_until=today + dt.timedelta(days=300))
    kept.refresh_from_db()
    assert archive_due_on(kept) == today + dt.timedelta(days=300)
    assert archive_due_on(short) is None

    owners = due_records(user=office.owner, today=today)
    assert [(r.record.code, r.days) for r in owners.late] == [("01.VX", late.submission_due_on and 10)]
    assert [r.record.code for r in owners.soon] == ["02.VX"]
    assert [r.record.code for r in owners.later] == ["03.VX", "05.VX"]
    assert owners.late[0].may_submit and owners.late[0].may_open
    # the unit head and the leader see the unit's; a colleague and another organization see none
    assert due_records(user=office.head, today=today).total == 4
    assert due_records(user=office.leader, today=today).total == 4
    assert due_records(user=office.colleague, today=today).total == 0
    assert due_records(user=make_office("B").leader, today=today).total == 0
    assert soon.pk and later.pk


def test_the_daily_notice_tells_owners_once_per_hồ_sơ_and_stage(media):
    office = make_office()
    today = timezone.localdate()
    late = make_record(office, code="01.VX", ended_on=today - dt.timedelta(days=375))
    soon = make_record(office, code="02.VX", ended_on=today - dt.timedelta(days=345))
    make_record(office, code="03.VX", ended_on=today - dt.timedelta(days=100))
    assert archive_due_notify(today=today) == 2
    assert archive_due_notify(today=today) == 0  # not daily spam
    texts = sorted(Notice.objects.filter(user=office.owner).values_list("text", flat=True))
    assert "quá hạn nộp lưu 10 ngày" in texts[0] and "02.VX" in texts[1]
    # the hồ sơ due soon becomes late: one more notice, for the new stage
    assert archive_due_notify(today=today + dt.timedelta(days=21)) == 1
    assert ArchiveDueNotice.objects.filter(record=soon, stage="late").exists()
    assert ArchiveDueNotice.objects.filter(record=late).count() == 1


def test_the_beat_runs_the_due_notices_daily(settings):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "documents.task_archive_due_notify")
    assert entry["schedule"] == 24 * 3600.0
    from documents.tasks import task_archive_due_notify

    assert task_archive_due_notify.name == "documents.task_archive_due_notify"


# --- reading an archived hồ sơ ---------------------------------------------------------------------------


@pytest.fixture
def archived(media, enqueued):
    office = make_office()
    record = make_record(office)
    archive_accept(actor=office.archivist, transfer=archive_submit(actor=office.owner, records=[record]))
    record.refresh_from_db()
    return office, record


def test_the_owner_reads_an_archived_hồ_sơ_only_after_a_leader_approves(archived):
    office, record = archived
    assert not RecordFile.objects.visible_to(office.owner).filter(pk=record.pk).exists()
    until = timezone.localdate() + dt.timedelta(days=7)
    request = reading_request_create(actor=office.owner, record=record, purpose="Tra cứu để trả lời 807.", until=until)
    assert Notice.objects.filter(user=office.leader, text__contains="đề nghị đọc").exists()
    with pytest.raises(Refused) as refused:
        reading_request_create(actor=office.owner, record=record, purpose="Lần nữa.", until=until)
    assert _code(refused) == "reading_already_pending"
    reading_request_decide(actor=office.leader, request=request, approve=True)
    request.refresh_from_db()
    assert request.state == ArchiveReadingRequest.State.APPROVED and request.decided_by == office.leader
    grant = RecordFileAccess.objects.get(record=record, user=office.owner)
    assert timezone.localtime(grant.until).date() == until + dt.timedelta(days=1)
    assert RecordFile.objects.visible_to(office.owner).filter(pk=record.pk).exists()
    actions = set(AuditEvent.objects.filter(object_id=str(record.pk)).values_list("action", flat=True))
    assert {"record.reading.request", "record.reading.approve", "record.access.grant"} <= actions


def test_reading_grants_expire(archived):
    office, record = archived
    request = reading_request_create(actor=office.colleague, record=record, purpose="Đối chiếu số liệu.",
                                     until=timezone.localdate())
    reading_request_decide(actor=office.leader, request=request, approve=True)
    assert RecordFile.objects.visible_to(office.colleague).filter(pk=record.pk).exists()
    RecordFileAccess.objects.filter(record=record, user=office.colleague).update(
        until=timezone.now() - dt.timedelta(seconds=1))  # the end of the day has passed
    assert not RecordFile.objects.visible_to(office.colleague).filter(pk=record.pk).exists()


def test_a_refusal_needs_a_reason_and_grants_nothing(archived):
    office, record = archived
    request = reading_request_create(actor=office.owner, record=record, purpose="Tham khảo.",
                                     until=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(Refused) as refused:
        reading_request_decide(actor=office.leader, request=request, approve=False, reason=" ")
    assert _code(refused) == "refusal_reason_required"
    reading_request_decide(actor=office.leader, request=request, approve=False, reason="Hồ sơ có thông tin mật.")
    request.refresh_from_db()
    assert request.state == ArchiveReadingRequest.State.REFUSED
    assert not RecordFileAccess.objects.filter(record=record, user=office.owner).exists()
    assert Notice.objects.filter(user=office.owner, text__contains="Hồ sơ có thông tin mật").exists()
    assert AuditEvent.objects.filter(action="record.reading.refuse", object_id=str(record.pk)).exists()
    with pytest.raises(Refused) as refused:
        reading_request_decide(actor=office.leader, request=request, approve=True)
    assert _code(refused) == "reading_decided"


def test_only_a_leader_of_the_organization_decides(archived):
    office, record = archived
    other = make_office("B")
    request = reading_request_create(actor=office.owner, record=record, purpose="Tham khảo.",
                                     until=timezone.localdate() + dt.timedelta(days=1))
    for actor in (office.archivist, office.head, office.owner, other.leader):
        with pytest.raises(Forbidden) as refused:
            reading_request_decide(actor=actor, request=request, approve=True)
        assert _code(refused) == "not_a_leader_for_reading"
    # an archivist who is also a leader may
    from qlvb.services.people import person_upsert

    person_upsert(username=office.archivist.username, full_name=str(office.archivist), organization=office.org,
                  roles=["archivist", "leader"])
    reading_request_decide(actor=office.archivist, request=request, approve=True)
    request.refresh_from_db()
    assert request.state == ArchiveReadingRequest.State.APPROVED


def test_bad_reading_requests_are_refused(archived):
    office, record = archived
    today = timezone.localdate()
    cases = [("", today, "reading_purpose_required"), ("Tham khảo.", None, "reading_until_required"),
             ("Tham khảo.", today - dt.timedelta(days=1), "reading_until_in_past"),
             ("Tham khảo.", today + dt.timedelta(days=400), "reading_until_too_far")]
    for purpose, until, code in cases:
        with pytest.raises(Refused) as refused:
            reading_request_create(actor=office.owner, record=record, purpose=purpose, until=until)
        assert _code(refused) == code
    with pytest.raises(Forbidden) as refused:
        reading_request_create(actor=make_office("B").owner, record=record, purpose="Tham khảo.", until=today)
    assert _code(refused) == "not_a_member_for_reading"
    not_archived = make_record(office, code="09.VX")
    with pytest.raises(Refused) as refused:
        reading_request_create(actor=office.owner, record=not_archived, purpose="Tham khảo.", until=today)
    assert _code(refused) == "not_archived_for_reading"
    assert not ArchiveReadingRequest.objects.exists()


# --- the papers ------------------------------------------------------------------------------------------


def _pdf_text(field) -> str:
    with field.open("rb") as fh:
        data = fh.read()
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_mục_lục_and_the_biên_bản_say_what_the_forms_ask(media, enqueued):
    office = make_office()
    first = make_record(office, code="01.VX", retention=0, documents=2)
    second = make_record(office, code="02.VX", retention=10, documents=1, title="Hồ sơ tập huấn văn thư")
    FileCatalogue.objects.create(organization=office.org, year=first.year, state=FileCatalogue.State.APPROVED,
                                 decision="12/QĐ-UBND", decision_date=dt.date(first.year, 1, 5))
    transfer = archive_submit(actor=office.owner, records=[first, second])
    archive_accept(actor=office.archivist, transfer=transfer)
    transfer.refresh_from_db()
    catalogue = " ".join(_pdf_text(transfer.catalogue_pdf).split())
    for text in ("MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", office.org.name.upper(),
                 "01.VX", "02.VX", "Vĩnh viễn", "10 năm", "Hồ sơ tập huấn văn thư", "Phòng Văn xã",
                 "Mục lục này gồm: 2 hồ sơ (đơn vị bảo quản)", "Viết bằng chữ: hai hồ sơ", "3 trang"):
        assert text in catalogue, text
    minutes = " ".join(_pdf_text(transfer.minutes_pdf).split())
    for text in ("BIÊN BẢN", "Giao nhận hồ sơ, tài liệu", "Căn cứ Nghị định số 30/2020/NĐ-CP",
                 f"Căn cứ Danh mục hồ sơ năm {first.year} của {office.org.name} ban hành kèm theo Quyết định số "
                 f"12/QĐ-UBND ngày 05/01/{first.year}",
                 "BÊN GIAO", "Ông (bà): Nông Thị Mai", "Chức vụ công tác: Chuyên viên",
                 "BÊN NHẬN", "Ông (bà): Lâm Thị Thu", "Chức vụ công tác: Lưu trữ cơ quan",
                 "1. Tên khối tài liệu giao nộp: Hồ sơ, tài liệu của Phòng Văn xã",
                 "2. Thời gian của hồ sơ, tài liệu", "Tổng số hồ sơ: 2 (hai) hồ sơ",
                 "Tổng số tệp tin trong hồ sơ: 3 (ba) tệp tin", "4. Tình trạng tài liệu giao nộp",
                 "5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo", "ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN",
                 "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU"):
        assert text in minutes, text


def test_numbers_in_words():
    from documents.exports.records_archive import number_in_words

    assert [number_in_words(n) for n in (1, 10, 11, 15, 21, 25, 105, 110, 1000, 2024)] == [
        "một", "mười", "mười một", "mười lăm", "hai mươi mốt", "hai mươi lăm", "một trăm linh năm",
        "một trăm mười", "một nghìn", "hai nghìn không trăm hai mươi bốn"]
