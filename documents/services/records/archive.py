"""The organization's archive (lưu trữ cơ quan, NĐ30 Điều 30–31, Phụ lục VI III.6.c).

- Submission (nộp lưu): the person who made a closed hồ sơ kept 5 years or more (or permanently),
  or the head of its unit, submits it — alone or with others, as one transfer (one biên bản).
- The archive staff check each hồ sơ and return it with a reason, or accept what is left of the
  transfer: that stores the mục lục and the biên bản giao nhận as PDFs (sha256) and asks for the
  long-term proof of the signatures (PAdES B-LTA) once the acceptance commits.
- An accepted hồ sơ never changes: `record_writable_or_refuse` is the guard every service that
  changes a hồ sơ, its items or its documents calls first. A hồ sơ locked on an authority's order
  (documents.services.records.freeze) is neither submitted, returned nor accepted.
- Reading an archived hồ sơ goes through a request approved by a leader of the organization, which
  names the person on the hồ sơ until the end of the day asked for (documents.services.records.access).
- The owners are told, once per hồ sơ and stage, when a hồ sơ is due within 30 days or late.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documents.errors import RecordsError
from documents.exports.records_archive import (
    CatalogueRow,
    TransferSheet,
    submission_catalogue_pdf,
    transfer_minutes_pdf,
)
from documents.models.notices import Notice
from documents.models.records import FileCatalogue, RecordFile, RecordItem
from documents.models.records_archive import (
    ArchiveDueNotice,
    ArchiveReadingRequest,
    ArchiveTransfer,
    ArchiveTransferItem,
)
from documents.selectors.records_archive import (
    DUE_SOON_DAYS,
    SUBMITTABLE,
    archive_due_on,
    due_candidates,
    may_submit,
    record_inspection,
    record_period,
)
from documents.services.notices import notice_send
from documents.services.records.access import record_access_grant
from documents.services.records.freeze import record_not_frozen_or_refuse
from qlvb.access import membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Membership, Role
from qlvb.services.audit import audit_record
from qlvb.services.enqueue import enqueue_on_commit

LONGTERM_PROOF_TASK = "documents.records_longterm_proof"
READING_MAX_DAYS = 365
State = RecordFile.State


# --- the guard: an archived hồ sơ never changes -------------------------------------------------


def record_writable_or_refuse(record: RecordFile) -> None:
    """Refuse (400) any change to a hồ sơ that is with the archive: submitted (until the archive
    returns it), archived or destroyed. Reads the state stored now, not the caller's copy."""
    state = RecordFile.objects.filter(pk=record.pk).values_list("state", flat=True).first() or record.state
    if state in (State.ARCHIVED, State.DISPOSED):
        raise Refused(RecordsError.RECORD_ARCHIVED)
    if state == State.SUBMITTED:
        raise Refused(RecordsError.RECORD_AT_ARCHIVE)


def document_in_archive(document) -> bool:
    """Whether the document belongs to a hồ sơ submitted to or kept in the archive: then neither
    the document nor its metadata may change."""
    return RecordItem.objects.filter(document_id=getattr(document, "pk", document),
                                     record__state__in=(State.SUBMITTED, State.ARCHIVED, State.DISPOSED)).exists()


# --- who ------------------------------------------------------------------------------------------


def _people_with_role(organization, role: str) -> list[int]:
    return list(Membership.objects.filter(organization=organization, is_active=True, user__is_active=True,
                                          roles__role=role).values_list("user_id", flat=True))


def archivists_of(organization) -> list[int]:
    return _people_with_role(organization, Role.ARCHIVIST)


def leaders_of(organization) -> list[int]:
    return _people_with_role(organization, Role.LEADER)


def is_archivist(actor, organization) -> bool:
    m = membership(actor, organization)
    return m is not None and Role.ARCHIVIST in m.role_set


def is_leader(actor, organization) -> bool:
    m = membership(actor, organization)
    return m is not None and Role.LEADER in m.role_set


def _title(m: Membership | None) -> str:
    if m is None:
        return ""
    if m.position_title:
        return m.position_title
    roles = m.role_set
    return next((label for value, label in Role.choices if value in roles), "")


# --- submission ------------------------------------------------------------------------------------


@transaction.atomic
def archive_submit(*, actor, records: list[RecordFile]) -> ArchiveTransfer:
    """Submit closed hồ sơ (one or several, one organization) to the archive as one transfer."""
    if not records:
        raise Refused(RecordsError.NOTHING_TO_SUBMIT)
    locked = list(RecordFile.objects.select_for_update(of=("self",)).filter(pk__in=[r.pk for r in records])
                  .select_related("organization", "unit").order_by("year", "code"))
    if len({r.organization_id for r in locked}) > 1:
        raise Refused(RecordsError.ONE_ORGANIZATION_PER_TRANSFER)
    for record in locked:
        if not may_submit(actor, record):
            raise Forbidden(RecordsError.NOT_RECORD_SUBMITTER)
        if not record.goes_to_archive:
            raise Refused(RecordsError.NOT_FOR_ARCHIVE, code=record.code)
        record_writable_or_refuse(record)
        record_not_frozen_or_refuse(record)
        if record.state not in SUBMITTABLE:
            raise Refused(RecordsError.NOT_CLOSED_FOR_SUBMISSION, code=record.code, state=record.get_state_display())
        if not record.items.exists():
            raise Refused(RecordsError.EMPTY_RECORD, code=record.code)
    organization = locked[0].organization
    m = membership(actor, organization)
    units = {r.unit_id for r in locked}
    transfer = ArchiveTransfer.objects.create(
        organization=organization, submitted_by=actor, submitted_by_title=_title(m),
        submitted_unit=locked[0].unit if len(units) == 1 and locked[0].unit_id else m.unit)
    now = timezone.now()
    for position, record in enumerate(locked, start=1):
        ArchiveTransferItem.objects.create(transfer=transfer, record=record, position=position)
        was = record.state
        record.state, record.submitted_at, record.state_reason = State.SUBMITTED, now, ""
        record.save(update_fields=["state", "submitted_at", "state_reason"])
        audit_record(action=AuditAction.RECORD_ARCHIVE_SUBMIT, actor=actor, organization=organization, obj=record,
                     data={"transfer": transfer.pk, "code": record.code, "from": was})
    codes = ", ".join(r.code for r in locked)
    notice_send(users=archivists_of(organization), kind=Notice.Kind.RECORDS, organization=organization,
                text=f"{actor} đã nộp lưu {len(locked)} hồ sơ ({codes}): chờ Lưu trữ kiểm tra, tiếp nhận.",
                url=reverse("records:archive-transfer", args=[transfer.pk]))
    return transfer


# --- the archive's decision ------------------------------------------------------------------------


def _require_archivist(actor, organization) -> Membership:
    m = membership(actor, organization)
    if m is None or Role.ARCHIVIST not in m.role_set:
        raise Forbidden(RecordsError.NOT_AN_ARCHIVIST)
    return m


def _close_if_decided(transfer: ArchiveTransfer) -> None:
    if transfer.items.filter(outcome=ArchiveTransferItem.Outcome.PENDING).exists():
        return
    if not transfer.items.filter(outcome=ArchiveTransferItem.Outcome.ACCEPTED).exists():
        transfer.state = ArchiveTransfer.State.RETURNED
        transfer.save(update_fields=["state"])


@transaction.atomic
def archive_return(*, actor, record: RecordFile, reason: str) -> RecordFile:
    """The archive gives a submitted hồ sơ back to its unit, with a reason: the owner fixes it and
    submits it again."""
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    _require_archivist(actor, record.organization_id)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(RecordsError.RETURN_REASON_REQUIRED)
    if record.state != State.SUBMITTED:
        raise Refused(RecordsError.NOT_SUBMITTED, code=record.code)
    record_not_frozen_or_refuse(record)
    item = (ArchiveTransferItem.objects.select_for_update(of=("self",)).select_related("transfer")
            .get(record=record, outcome=ArchiveTransferItem.Outcome.PENDING))
    now = timezone.now()
    item.outcome, item.reason, item.decided_by, item.decided_at = ArchiveTransferItem.Outcome.RETURNED, reason, actor, now
    item.save(update_fields=["outcome", "reason", "decided_by", "decided_at"])
    record.state, record.state_reason = State.RETURNED, reason
    record.save(update_fields=["state", "state_reason"])
    _close_if_decided(item.transfer)
    audit_record(action=AuditAction.RECORD_ARCHIVE_RETURN, actor=actor, organization=record.organization, obj=record,
                 data={"transfer": item.transfer_id, "code": record.code, "reason": reason})
    notice_send(users=[record.owner_id, item.transfer.submitted_by_id], kind=Notice.Kind.RECORDS,
                organization=record.organization, url=reverse("records:archive-record", args=[record.pk]),
                text=f"Lưu trữ trả lại hồ sơ {record.code}: {reason}")
    return record


def _sheet(transfer: ArchiveTransfer, records: list[RecordFile], inspections: dict, now: dt.datetime) -> TransferSheet:
    organization = transfer.organization
    years = sorted({year for r in records for year in record_period(r)})
    period = str(years[0]) if years[0] == years[-1] else f"Từ năm {years[0]} đến năm {years[-1]}"
    record_years = sorted({r.year for r in records})
    basis = "Danh mục hồ sơ năm " + ", ".join(str(y) for y in record_years) + f" của {organization.name}"
    approved = [c for c in FileCatalogue.objects.filter(organization=organization, year__in=record_years,
                                                        state=FileCatalogue.State.APPROVED).order_by("year")
                if c.decision]
    if approved:
        basis += " ban hành kèm theo " + ", ".join(
            f"Quyết định số {c.decision}" + (f" ngày {c.decision_date:%d/%m/%Y}" if c.decision_date else "")
            for c in approved)
    owner = transfer.submitted_unit.name if transfer.submitted_unit_id else str(transfer.submitted_by)
    rows = []
    for record in records:
        first, last = record_period(record)
        inspection = inspections[record.pk]
        rows.append(CatalogueRow(code=record.code, title=record.title,
                                 period=str(first) if first == last else f"{first} - {last}",
                                 retention=record.retention_label,
                                 pages=f"{inspection.page_count} trang" if inspection.page_count else "",
                                 notes=f"{inspection.file_count} tệp tin"))
    file_count = sum(inspections[r.pk].file_count for r in records)
    return TransferSheet(
        organization=organization.name, parent=organization.parent.name if organization.parent_id else "",
        place=organization.place_name,
        block_name=f"Hồ sơ, tài liệu của {owner}, năm {years[0]}" if years[0] == years[-1]
        else f"Hồ sơ, tài liệu của {owner}, từ năm {years[0]} đến năm {years[-1]}",
        year_label=f"Năm {record_years[-1]}" if len(record_years) == 1 else f"Năm {record_years[0]} - {record_years[-1]}",
        period=period, basis=basis, giver_name=str(transfer.submitted_by), giver_title=transfer.submitted_by_title,
        giver_unit=transfer.submitted_unit.name if transfer.submitted_unit_id else "",
        receiver_name=str(transfer.received_by), receiver_title=transfer.received_by_title,
        accepted_at=timezone.localtime(now), file_count=file_count, rows=rows,
        condition=f"Hồ sơ điện tử đầy đủ theo mục lục văn bản; {file_count} tệp tin toàn vẹn "
                  "(mã băm SHA-256 khớp với khi lưu).")


@transaction.atomic
def archive_accept(*, actor, transfer: ArchiveTransfer) -> ArchiveTransfer:
    """Accept every hồ sơ of the transfer not returned: each must be complete (every document has its
    files, intact; ordinals 1..n). Stores the mục lục and the biên bản (PDF, sha256), sets the hồ sơ
    archived, and asks for the long-term proof of their signatures once this commits."""
    transfer = (ArchiveTransfer.objects.select_for_update(of=("self",)).select_related("organization")
                .get(pk=transfer.pk))
    m = _require_archivist(actor, transfer.organization_id)
    if transfer.state != ArchiveTransfer.State.SUBMITTED:
        raise Refused(RecordsError.TRANSFER_DECIDED)
    items = list(transfer.items.select_for_update().filter(outcome=ArchiveTransferItem.Outcome.PENDING)
                 .order_by("position"))
    if not items:
        raise Refused(RecordsError.TRANSFER_DECIDED)
    records = list(RecordFile.objects.select_for_update().filter(pk__in=[i.record_id for i in items])
                   .order_by("year", "code"))
    inspections = {}
    for record in records:
        if record.state != State.SUBMITTED:
            raise Refused(RecordsError.NOT_SUBMITTED, code=record.code)
        record_not_frozen_or_refuse(record)
        inspection = record_inspection(record)
        if inspection.problems:
            raise Refused(RecordsError.RECORD_INCOMPLETE, code=record.code, problems="; ".join(inspection.problems))
        inspections[record.pk] = inspection
    now = timezone.now()
    transfer.received_by, transfer.received_by_title, transfer.accepted_at = actor, _title(m), now
    sheet = _sheet(transfer, records, inspections, now)
    catalogue, minutes = submission_catalogue_pdf(sheet), transfer_minutes_pdf(sheet)
    transfer.catalogue_pdf.save(f"muc-luc-nop-luu-{transfer.pk}.pdf", ContentFile(catalogue), save=False)
    transfer.minutes_pdf.save(f"bien-ban-giao-nhan-{transfer.pk}.pdf", ContentFile(minutes), save=False)
    transfer.catalogue_sha256 = hashlib.sha256(catalogue).hexdigest()
    transfer.minutes_sha256 = hashlib.sha256(minutes).hexdigest()
    transfer.state, transfer.block_name = ArchiveTransfer.State.ACCEPTED, sheet.block_name[:300]
    transfer.record_count, transfer.file_count = len(records), sheet.file_count
    transfer.save()
    ArchiveTransferItem.objects.filter(pk__in=[i.pk for i in items]).update(
        outcome=ArchiveTransferItem.Outcome.ACCEPTED, decided_by=actor, decided_at=now)
    for record in records:
        record.state, record.archived_at, record.archived_by, record.state_reason = State.ARCHIVED, now, actor, ""
        record.save(update_fields=["state", "archived_at", "archived_by", "state_reason"])
        audit_record(action=AuditAction.RECORD_ARCHIVE_ACCEPT, actor=actor, organization=transfer.organization,
                     obj=record, data={"transfer": transfer.pk, "code": record.code,
                                       "files": inspections[record.pk].file_count,
                                       "catalogue_sha256": transfer.catalogue_sha256,
                                       "minutes_sha256": transfer.minutes_sha256})
        enqueue_on_commit(LONGTERM_PROOF_TASK, record.pk, key=(LONGTERM_PROOF_TASK, record.pk))
    codes = ", ".join(r.code for r in records)
    notice_send(users=[transfer.submitted_by_id, *(r.owner_id for r in records)], kind=Notice.Kind.RECORDS,
                organization=transfer.organization, url=reverse("records:archive-transfer", args=[transfer.pk]),
                text=f"Lưu trữ cơ quan đã tiếp nhận {len(records)} hồ sơ ({codes}); biên bản giao nhận đã lập.")
    return transfer


# --- what is due and what is late -----------------------------------------------------------------


@transaction.atomic
def archive_due_notify(*, today: dt.date | None = None) -> int:
    """Tell owners, once per hồ sơ, stage and due date, that their hồ sơ is due at the archive within
    30 days, or late. Returns how many notices were left."""
    today = today or timezone.localdate()
    sent = 0
    for record in due_candidates(RecordFile.objects.all()):
        due = archive_due_on(record)
        if due is None or due > today + dt.timedelta(days=DUE_SOON_DAYS):
            continue
        stage = ArchiveDueNotice.Stage.LATE if due < today else ArchiveDueNotice.Stage.DUE_SOON
        _, created = ArchiveDueNotice.objects.get_or_create(record=record, stage=stage, due_on=due)
        if not created:
            continue
        if stage == ArchiveDueNotice.Stage.LATE:
            text = (f"Hồ sơ {record.code} đã quá hạn nộp lưu {(today - due).days} ngày "
                    f"(hạn {due:%d/%m/%Y}): hãy nộp vào Lưu trữ cơ quan.")
        else:
            text = f"Hồ sơ {record.code} đến hạn nộp lưu vào Lưu trữ cơ quan ngày {due:%d/%m/%Y}."
        sent += notice_send(users=[record.owner_id], kind=Notice.Kind.RECORDS, organization=record.organization,
                            text=text, url=reverse("records:archive-due"))
    return sent


# --- reading an archived hồ sơ (Phụ lục VI III.6.c) ------------------------------------------------


@transaction.atomic
def reading_request_create(*, actor, record: RecordFile, purpose: str, until: dt.date | None) -> ArchiveReadingRequest:
    """Ask to read an archived hồ sơ of one's organization until the end of `until`."""
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    if membership(actor, record.organization_id) is None:
        raise Forbidden(RecordsError.NOT_A_MEMBER_FOR_READING)
    if record.state != State.ARCHIVED:
        raise Refused(RecordsError.NOT_ARCHIVED_FOR_READING)
    purpose = (purpose or "").strip()
    if not purpose:
        raise Refused(RecordsError.READING_PURPOSE_REQUIRED)
    if until is None:
        raise Refused(RecordsError.READING_UNTIL_REQUIRED)
    today = timezone.localdate()
    if until < today:
        raise Refused(RecordsError.READING_UNTIL_IN_PAST)
    if until > today + dt.timedelta(days=READING_MAX_DAYS):
        raise Refused(RecordsError.READING_UNTIL_TOO_FAR, days=READING_MAX_DAYS)
    if ArchiveReadingRequest.objects.filter(record=record, requester=actor,
                                            state=ArchiveReadingRequest.State.PENDING).exists():
        raise Refused(RecordsError.READING_ALREADY_PENDING)
    request = ArchiveReadingRequest.objects.create(record=record, organization_id=record.organization_id,
                                                   requester=actor, purpose=purpose[:1000], until=until)
    audit_record(action=AuditAction.RECORD_READING_REQUEST, actor=actor, organization=record.organization,
                 obj=record, data={"request": request.pk, "purpose": purpose, "until": until})
    notice_send(users=leaders_of(record.organization_id), kind=Notice.Kind.RECORDS, organization=record.organization,
                url=reverse("records:archive-readings"),
                text=f"{actor} đề nghị đọc hồ sơ lưu trữ {record.code} đến ngày {until:%d/%m/%Y}: chờ phê duyệt.")
    return request


def reading_until(day: dt.date) -> dt.datetime:
    """The end of `day` (local time): when a reading grant runs out."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@transaction.atomic
def reading_request_decide(*, actor, request: ArchiveReadingRequest, approve: bool,
                           reason: str = "") -> ArchiveReadingRequest:
    """A leader of the organization approves (the person may read the hồ sơ until the end of the day
    asked for) or refuses with a reason."""
    request = (ArchiveReadingRequest.objects.select_for_update(of=("self",)).select_related("record", "requester")
               .get(pk=request.pk))
    if not is_leader(actor, request.organization_id):
        raise Forbidden(RecordsError.NOT_A_LEADER_FOR_READING)
    if request.state != ArchiveReadingRequest.State.PENDING:
        raise Refused(RecordsError.READING_DECIDED)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise Refused(RecordsError.REFUSAL_REASON_REQUIRED)
    record = request.record
    request.decided_by, request.decided_at, request.decision_reason = actor, timezone.now(), reason
    if approve:
        if request.until < timezone.localdate():
            raise Refused(RecordsError.READING_UNTIL_IN_PAST)
        request.state = ArchiveReadingRequest.State.APPROVED
        record_access_grant(actor=actor, record=record, user=request.requester, until=reading_until(request.until),
                            reason=f"Đề nghị đọc hồ sơ lưu trữ số {request.pk}")
        action = AuditAction.RECORD_READING_APPROVE
    else:
        request.state = ArchiveReadingRequest.State.REFUSED
        action = AuditAction.RECORD_READING_REFUSE
        notice_send(users=[request.requester_id], kind=Notice.Kind.RECORDS, organization=record.organization,
                    url=reverse("records:archive-readings"),
                    text=f"{actor} từ chối đề nghị đọc hồ sơ lưu trữ {record.code}: {reason}")
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    audit_record(action=action, actor=actor, organization=record.organization, obj=record,
                 data={"request": request.pk, "user": request.requester.username, "until": request.until,
                       "reason": reason})
    return request
