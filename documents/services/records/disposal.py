"""Keeping a due hồ sơ back at the unit (Điều 31.3.d), and destroying hồ sơ whose retention has ended
(disposal) — only by a decision of the head, never automatically.

Keeping back:
- the person who made the hồ sơ, or the head of its unit, asks to keep a closed hồ sơ that is due
  (or due within KEEP_BACK_NOTICE_DAYS) at the archive, with a reason and a date at most
  KEEP_BACK_MAX_YEARS past the due date;
- a leader approves it with the approving document's number and date ("đồng ý bằng văn bản"), or
  refuses it; approval sets `kept_until` and the state "kept";
- when `kept_until` has passed the hồ sơ is due again (state back to "closed"): `keep_backs_end`,
  run daily.

Disposal:
- archive staff propose a list of hồ sơ whose retention has ended (`RecordFile.retention_ends_on`
  before today): archived ones, and closed ones kept at their unit (retention under 5 years).
  A permanent hồ sơ never goes on a list;
- a leader records the decision (number, date, signer, the reason and the appraisal council's
  opinion), or refuses the list;
- then the decision is executed, once: in one transaction each hồ sơ becomes "disposed", its files
  (the documents' files, every version, and its other files) are marked destroyed, and an audited
  tombstone keeps the metadata and the fact of destruction. The bytes are deleted after the commit,
  idempotently; files that could not be deleted are recorded on the decision and retried.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from documents.errors import RecordsError
from documents.models import Document, DocumentFile, SearchEntry
from documents.models.notices import Notice
from documents.models.records import KEEP_BACK_MAX_YEARS, RecordFile, RecordItem
from documents.models.records_disposal import DisposalDecision, DisposalItem, KeepBack
from documents.selectors.records_disposal import (  # noqa: F401 - the rules, also read by the pages
    KEEP_BACK_NOTICE_DAYS,
    disposal_refusal,
    is_archivist,
    is_leader,
    keep_back_latest,
    keep_back_open_to,
    may_request_keep_back,
    people_with_role,
)
from documents.selectors.search import search_text
from documents.services.indexing import metadata_text
from documents.services.notices import notice_send
from documents.services.records.freeze import record_not_frozen_or_refuse
from qlvb.access import membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, NotFound, Refused
from qlvb.models import Role
from qlvb.services.audit import audit_record

logger = logging.getLogger(__name__)

ACTIVE_LISTS = (DisposalDecision.State.PROPOSED, DisposalDecision.State.DECIDED)


# --- shared --------------------------------------------------------------------------------------

def record_url(record: RecordFile) -> str:
    """The hồ sơ page (records:detail) once it exists, else this part's own page of the hồ sơ."""
    try:
        return reverse("records:detail", args=[record.pk])
    except NoReverseMatch:
        return reverse("records:care", args=[record.pk])


def _tell(users, *, text: str, url: str, organization) -> None:
    notice_send(users=users, kind=Notice.Kind.RECORDS, text=text, url=url, organization=organization)


def _clean(text: str | None) -> str:
    return (text or "").strip()


# --- keeping back (Điều 31.3.d) ------------------------------------------------------------------

@transaction.atomic
def keep_back_request(*, actor, record: RecordFile, reason: str, until: dt.date) -> KeepBack:
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    if not may_request_keep_back(actor, record):
        raise Forbidden(RecordsError.NOT_KEEP_BACK_REQUESTER)
    today = timezone.localdate()
    if not keep_back_open_to(record, today=today):
        raise Refused(RecordsError.KEEP_BACK_NOT_DUE)
    reason = _clean(reason)
    if not reason:
        raise Refused(RecordsError.KEEP_BACK_REASON_REQUIRED)
    _check_until(record, until, today)
    if KeepBack.objects.filter(record=record, state=KeepBack.State.PENDING).exists():
        raise Refused(RecordsError.KEEP_BACK_PENDING)
    keep = KeepBack.objects.create(record=record, organization=record.organization, requested_by=actor,
                                   reason=reason, until=until, due_on=record.submission_due_on)
    audit_record(action=AuditAction.RECORD_KEEP_BACK_REQUEST, actor=actor, organization=record.organization,
                 obj=record, data={"keep_back": keep.pk, "until": until, "due_on": keep.due_on, "reason": reason})
    _tell(people_with_role(record.organization, Role.LEADER), organization=record.organization,
          url=reverse("records:keep-back-detail", args=[keep.pk]),
          text=f"{actor} đề nghị giữ lại hồ sơ {record.code} đến {until:%d/%m/%Y}: chờ lãnh đạo phê duyệt.")
    return keep


def _check_until(record: RecordFile, until: dt.date | None, today: dt.date) -> None:
    due = record.submission_due_on
    if until is None or until <= today or (due is not None and until <= due):
        raise Refused(RecordsError.KEEP_BACK_DATE_PAST)
    latest = keep_back_latest(record)
    if latest is not None and until > latest:
        raise Refused(RecordsError.KEEP_BACK_TOO_LONG, years=KEEP_BACK_MAX_YEARS, latest=f"{latest:%d/%m/%Y}")


def _pending(actor, keep: KeepBack) -> KeepBack:
    keep = KeepBack.objects.select_for_update().select_related("record").filter(pk=keep.pk).first()
    if keep is None:
        raise NotFound(RecordsError.KEEP_BACK_NOT_PENDING)
    if not is_leader(actor, keep.organization_id):
        raise Forbidden(RecordsError.NOT_RECORDS_LEADER)
    if keep.state != KeepBack.State.PENDING:
        raise Refused(RecordsError.KEEP_BACK_NOT_PENDING)
    return keep


@transaction.atomic
def keep_back_approve(*, actor, keep: KeepBack, approval_number: str, approval_date: dt.date | None,
                      note: str = "") -> KeepBack:
    """A leader agrees in writing: the approving document's number and date are recorded."""
    keep = _pending(actor, keep)
    approval_number = _clean(approval_number)
    if not approval_number or approval_date is None:
        raise Refused(RecordsError.APPROVAL_REFERENCE_REQUIRED)
    today = timezone.localdate()
    if approval_date > today:
        raise Refused(RecordsError.APPROVAL_DATE_FUTURE)
    record = RecordFile.objects.select_for_update().get(pk=keep.record_id)
    if record.state != RecordFile.State.CLOSED:
        raise Refused(RecordsError.KEEP_BACK_NOT_DUE)
    _check_until(record, keep.until, today)
    keep.state, keep.decided_by, keep.decided_at = KeepBack.State.APPROVED, actor, timezone.now()
    keep.approval_number, keep.approval_date, keep.decision_note = approval_number[:60], approval_date, _clean(note)
    keep.save()
    record.state, record.kept_until, record.state_reason = RecordFile.State.KEPT, keep.until, keep.reason
    record.save(update_fields=["state", "kept_until", "state_reason"])
    audit_record(action=AuditAction.RECORD_KEEP_BACK_APPROVE, actor=actor, organization=record.organization,
                 obj=record, data={"keep_back": keep.pk, "until": keep.until, "approval_number": approval_number,
                                   "approval_date": approval_date, "note": keep.decision_note})
    _tell([record.owner_id, keep.requested_by_id], organization=record.organization, url=record_url(record),
          text=f"{actor} đồng ý giữ lại hồ sơ {record.code} đến {keep.until:%d/%m/%Y} "
               f"({keep.approval_label}).")
    return keep


@transaction.atomic
def keep_back_refuse(*, actor, keep: KeepBack, note: str) -> KeepBack:
    keep = _pending(actor, keep)
    note = _clean(note)
    if not note:
        raise Refused(RecordsError.KEEP_BACK_REASON_REQUIRED)
    keep.state, keep.decided_by, keep.decided_at, keep.decision_note = (
        KeepBack.State.REFUSED, actor, timezone.now(), note)
    keep.save()
    record = keep.record
    audit_record(action=AuditAction.RECORD_KEEP_BACK_REFUSE, actor=actor, organization=record.organization,
                 obj=record, data={"keep_back": keep.pk, "note": note})
    _tell([record.owner_id, keep.requested_by_id], organization=record.organization, url=record_url(record),
          text=f"{actor} không đồng ý giữ lại hồ sơ {record.code}: {note}")
    return keep


def keep_backs_end(*, today: dt.date | None = None) -> int:
    """Hồ sơ kept back past their date are due at the archive again (state back to closed); their
    owners and the archive staff are told. Run daily; returns how many."""
    today = today or timezone.localdate()
    ended = 0
    ids = list(RecordFile.objects.filter(state=RecordFile.State.KEPT, kept_until__lt=today).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            record = RecordFile.objects.select_for_update().filter(
                pk=pk, state=RecordFile.State.KEPT, kept_until__lt=today).first()
            if record is None:
                continue
            record.state = RecordFile.State.CLOSED
            record.save(update_fields=["state"])
            KeepBack.objects.filter(record=record, state=KeepBack.State.APPROVED).update(
                state=KeepBack.State.ENDED, ended_at=timezone.now())
            audit_record(action=AuditAction.RECORD_KEEP_BACK_END, organization=record.organization, obj=record,
                         data={"kept_until": record.kept_until})
            text = (f"Hồ sơ {record.code} hết thời hạn giữ lại ({record.kept_until:%d/%m/%Y}): "
                    "cần nộp lưu vào lưu trữ cơ quan.")
            _tell([record.owner_id], organization=record.organization, url=record_url(record), text=text)
            # Archive staff read a hồ sơ once it is submitted: their link is the section's page.
            _tell(people_with_role(record.organization, Role.ARCHIVIST), organization=record.organization,
                  url=reverse("records:care-index"), text=text)
            ended += 1
    return ended


# --- retention and disposal ----------------------------------------------------------------------



def _check_disposable(records: list[RecordFile], *, organization, decision: DisposalDecision | None = None) -> None:
    if not records:
        raise Refused(RecordsError.DISPOSAL_EMPTY)
    for record in records:
        if record.organization_id != organization.pk:
            raise NotFound(RecordsError.DISPOSAL_NOT_ELIGIBLE, code=record.code)
        refusal = disposal_refusal(record)
        if refusal is not None:
            raise refusal
        record_not_frozen_or_refuse(record)  # locked on an authority's order: never destroyed
        others = DisposalItem.objects.filter(record=record, decision__state__in=ACTIVE_LISTS)
        if decision is not None:
            others = others.exclude(decision=decision)
        if others.exists():
            raise Refused(RecordsError.DISPOSAL_ALREADY_LISTED, code=record.code)


@transaction.atomic
def disposal_propose(*, actor, organization, records, note: str = "",
                     title: str = "") -> DisposalDecision:
    """Archive staff list hồ sơ past their retention for the head's decision."""
    if not is_archivist(actor, organization):
        raise Forbidden(RecordsError.NOT_DISPOSAL_PROPOSER)
    ids = sorted({getattr(r, "pk", r) for r in records or []})
    rows = list(RecordFile.objects.select_for_update().filter(pk__in=ids).order_by("year", "code"))
    if len(rows) != len(ids):
        raise Refused(RecordsError.DISPOSAL_EMPTY)
    _check_disposable(rows, organization=organization)
    decision = DisposalDecision.objects.create(organization=organization, proposed_by=actor,
                                               proposal_note=_clean(note),
                                               **({"title": _clean(title)[:300]} if _clean(title) else {}))
    DisposalItem.objects.bulk_create([DisposalItem(decision=decision, record=r, position=i)
                                      for i, r in enumerate(rows, start=1)])
    audit_record(action=AuditAction.RECORD_DISPOSAL_PROPOSE, actor=actor, organization=organization, obj=decision,
                 data={"records": [r.code for r in rows], "note": decision.proposal_note})
    _tell(people_with_role(organization, Role.LEADER), organization=organization,
          url=reverse("records:disposal-detail", args=[decision.pk]),
          text=f"{actor} đề nghị hủy {len(rows)} hồ sơ hết thời hạn bảo quản: chờ quyết định của lãnh đạo.")
    return decision


def _locked_decision(actor, decision: DisposalDecision, *, roles: set[str], code) -> DisposalDecision:
    decision = DisposalDecision.objects.select_for_update().filter(pk=decision.pk).first()
    if decision is None:
        raise NotFound(RecordsError.DISPOSAL_NOT_PROPOSED)
    m = membership(actor, decision.organization_id)
    if m is None or not (m.role_set & roles):
        raise Forbidden(code)
    return decision


@transaction.atomic
def disposal_decide(*, actor, decision: DisposalDecision, number: str, signed_on: dt.date | None,
                    reason: str, signer=None) -> DisposalDecision:
    """A leader records the head's decision on the list: number, date, signer, reason and the opinion of
    the appraisal council. Nothing is destroyed yet."""
    decision = _locked_decision(actor, decision, roles={Role.LEADER}, code=RecordsError.NOT_DISPOSAL_DECIDER)
    if decision.state == DisposalDecision.State.EXECUTED:
        raise Refused(RecordsError.DISPOSAL_ALREADY_EXECUTED)
    if decision.state != DisposalDecision.State.PROPOSED:
        raise Refused(RecordsError.DISPOSAL_NOT_PROPOSED)
    number, reason = _clean(number), _clean(reason)
    if not number or signed_on is None:
        raise Refused(RecordsError.DISPOSAL_NUMBER_REQUIRED)
    if signed_on > timezone.localdate():
        raise Refused(RecordsError.DISPOSAL_DATE_FUTURE)
    if not reason:
        raise Refused(RecordsError.DISPOSAL_REASON_REQUIRED)
    signer = signer or actor
    if not is_leader(signer, decision.organization_id):
        raise Refused(RecordsError.DISPOSAL_SIGNER)
    if DisposalDecision.objects.filter(organization_id=decision.organization_id, number=number[:60],
                                       signed_on=signed_on).exclude(pk=decision.pk).exists():
        raise Refused(RecordsError.DISPOSAL_NUMBER_TAKEN)
    records = list(RecordFile.objects.select_for_update().filter(disposal_items__decision=decision))
    _check_disposable(records, organization=decision.organization, decision=decision)
    decision.state = DisposalDecision.State.DECIDED
    decision.number, decision.signed_on, decision.signer, decision.reason = number[:60], signed_on, signer, reason
    decision.decided_by, decision.decided_at = actor, timezone.now()
    decision.save()
    audit_record(action=AuditAction.RECORD_DISPOSAL_DECIDE, actor=actor, organization=decision.organization,
                 obj=decision, data={"number": decision.number, "signed_on": signed_on, "signer": signer.username,
                                     "reason": reason, "records": sorted(r.code for r in records)})
    _tell([decision.proposed_by_id, *people_with_role(decision.organization, Role.ARCHIVIST)],
          organization=decision.organization, url=reverse("records:disposal-detail", args=[decision.pk]),
          text=f"Lãnh đạo đã ghi nhận {decision.reference} hủy {len(records)} hồ sơ hết giá trị.")
    return decision


@transaction.atomic
def disposal_refuse(*, actor, decision: DisposalDecision, reason: str) -> DisposalDecision:
    decision = _locked_decision(actor, decision, roles={Role.LEADER}, code=RecordsError.NOT_DISPOSAL_DECIDER)
    if decision.state != DisposalDecision.State.PROPOSED:
        raise Refused(RecordsError.DISPOSAL_NOT_PROPOSED)
    reason = _clean(reason)
    if not reason:
        raise Refused(RecordsError.DISPOSAL_REASON_REQUIRED)
    decision.state, decision.reason, decision.decided_by, decision.decided_at = (
        DisposalDecision.State.REFUSED, reason, actor, timezone.now())
    decision.save()
    audit_record(action=AuditAction.RECORD_DISPOSAL_REFUSE, actor=actor, organization=decision.organization,
                 obj=decision, data={"reason": reason})
    _tell([decision.proposed_by_id], organization=decision.organization,
          url=reverse("records:disposal-detail", args=[decision.pk]),
          text=f"Lãnh đạo không đồng ý hủy các hồ sơ trong danh mục đề nghị số {decision.pk}: {reason}")
    return decision


def _file_facts(f) -> dict:
    return {"id": f.pk, "name": getattr(f, "file_name", "") or getattr(f, "name", "") or f.file.name,
            "size": f.size, "sha256": f.sha256}


def _kept_elsewhere(document_ids, *, leaving: set[int]) -> dict[int, list[str]]:
    """{document id: codes of the other hồ sơ it still sits in} — a document filed in several hồ sơ
    (Phụ lục VI III.4.e) keeps its files while one of them, not destroyed with this list, holds it."""
    kept: dict[int, list[str]] = {}
    rows = (RecordItem.objects.filter(document_id__in=document_ids).exclude(record_id__in=leaving)
            .exclude(record__state=RecordFile.State.DISPOSED).values_list("document_id", "record__code"))
    for document_id, code in rows:
        kept.setdefault(document_id, []).append(code)
    return kept


def _tombstone(record: RecordFile, *, kept: dict[int, list[str]] | None = None) -> dict:
    """What is kept for ever of a destroyed hồ sơ: its fields, each document's reference, each file's
    name, size and hash (and, for a document still filed elsewhere, where: its files stay)."""
    kept = kept or {}
    items = list(RecordItem.objects.filter(record=record).select_related("document", "document__issuer")
                 .order_by("ordinal"))
    documents, others = [], []
    for item in items:
        if item.document_id:
            d = item.document
            documents.append({
                "ordinal": item.ordinal, "id": d.pk, "direction": d.direction,
                "number": d.register_number, "symbol": d.symbol,
                "date": d.issued_on, "subject": d.subject,
                "issuer": d.issuer_name or (d.issuer.name if d.issuer_id else ""),
                "files": [_file_facts(f) for f in DocumentFile.objects.filter(document=d).order_by("pk")],
                **({"files_kept_in": sorted(kept[d.pk])} if d.pk in kept else {}),
            })
        else:
            others.append({"ordinal": item.ordinal, "kind": item.kind, "title": item.title,
                           "name": item.file_name or item.file.name, "size": item.size, "sha256": item.sha256})
    return {
        "record": {
            "id": record.pk, "organization": record.organization.name, "year": record.year, "code": record.code,
            "title": record.title, "retention_years": record.retention_years, "retention": record.retention_label,
            "owner": str(record.owner), "owner_username": record.owner.username,
            "unit": record.unit.name if record.unit_id else "", "started_on": record.started_on,
            "ended_on": record.work_ended_on, "retention_ended_on": record.retention_ends_on,
            "state_before": record.state, "archived_at": record.archived_at, "language": record.language,
            "notes": record.notes, "items": len(items),
        },
        "documents": documents,
        "files": others,
    }


@transaction.atomic
def disposal_execute(*, actor, decision: DisposalDecision) -> DisposalDecision:
    """Carry out a recorded decision, once: every hồ sơ on the list is destroyed (state disposed, files
    marked, tombstone audited) in this transaction; the bytes go after the commit."""
    decision = _locked_decision(actor, decision, roles={Role.LEADER, Role.ARCHIVIST},
                                code=RecordsError.NOT_DISPOSAL_DECIDER)
    if decision.state == DisposalDecision.State.EXECUTED:
        raise Refused(RecordsError.DISPOSAL_ALREADY_EXECUTED)
    if decision.state != DisposalDecision.State.DECIDED or not decision.number:
        raise Refused(RecordsError.DISPOSAL_NOT_DECIDED)
    items = list(decision.items.select_for_update().order_by("position"))
    # Lock the hồ sơ and read them afresh: the checks below see their state as it is committed now.
    locked = RecordFile.objects.select_for_update(of=("self",)).filter(pk__in=[i.record_id for i in items]).select_related(
        "organization", "owner", "unit")
    locked = {r.pk: r for r in locked}
    for item in items:
        item.record = locked[item.record_id]
    records = [i.record for i in items]
    _check_disposable(records, organization=decision.organization, decision=decision)
    now = timezone.now()
    fact = {"decision": decision.pk, "number": decision.number, "signed_on": decision.signed_on,
            "signer": decision.signer.username if decision.signer_id else "", "reason": decision.reason,
            "destroyed_by": actor.username, "destroyed_at": now}
    leaving = {r.pk for r in records}
    for item in items:
        record = item.record
        document_ids = list(RecordItem.objects.filter(record=record, document__isnull=False)
                            .values_list("document_id", flat=True))
        kept = _kept_elsewhere(document_ids, leaving=leaving)
        tombstone = json.loads(json.dumps({**_tombstone(record, kept=kept), "destruction": fact},
                                          cls=DjangoJSONEncoder))
        document_ids = [d for d in document_ids if d not in kept]
        DocumentFile.objects.filter(document_id__in=document_ids, destroyed_at__isnull=True).update(
            destroyed_at=now, destruction=decision)
        RecordItem.objects.filter(record=record, document__isnull=True, destroyed_at__isnull=True).update(
            destroyed_at=now, destruction=decision)
        _forget_file_text(document_ids, note=decision.destroyed_note)
        record.state = RecordFile.State.DISPOSED
        record.state_reason = decision.destroyed_note
        record.save(update_fields=["state", "state_reason"])
        item.tombstone, item.disposed_at = tombstone, now
        item.save(update_fields=["tombstone", "disposed_at"])
        audit_record(action=AuditAction.RECORD_DISPOSED, actor=actor, organization=record.organization, obj=record,
                     data=tombstone)
    decision.state, decision.executed_by, decision.executed_at = DisposalDecision.State.EXECUTED, actor, now
    decision.blobs = DisposalDecision.Blobs.PENDING
    decision.save(update_fields=["state", "executed_by", "executed_at", "blobs"])
    audit_record(action=AuditAction.RECORD_DISPOSAL_EXECUTE, actor=actor, organization=decision.organization,
                 obj=decision, data={**fact, "records": [r.code for r in records]})
    staff = {*people_with_role(decision.organization, Role.ARCHIVIST),
             *people_with_role(decision.organization, Role.LEADER)}
    _tell(staff, organization=decision.organization, url=reverse("records:disposal-detail", args=[decision.pk]),
          text=f"{len(records)} hồ sơ đã được hủy theo {decision.reference}.")
    for record in records:  # the people who made them no longer read them: told, without a link
        if record.owner_id not in staff:
            _tell([record.owner_id], organization=decision.organization, url="",
                  text=f"Hồ sơ {record.code} đã được hủy theo {decision.reference}.")
    decision_id = decision.pk
    transaction.on_commit(lambda: disposal_blobs_destroy(decision_id=decision_id))
    return decision


def _forget_file_text(document_ids: list[int], *, note: str) -> None:
    """The search index keeps the documents' metadata but no longer the text of destroyed files."""
    for document in Document.objects.filter(pk__in=document_ids).select_related("document_type", "issuer"):
        SearchEntry.objects.filter(document=document).update(
            folded=search_text(metadata_text(document), ""), file_text="", error=note[:200])


def _storage_delete(field) -> str | None:
    """Delete a stored file's bytes; the error as text when they are still there."""
    name = field.name
    if not name:
        return None
    try:
        field.storage.delete(name)
        if field.storage.exists(name):
            return "still present after delete"
    except Exception as exc:  # noqa: BLE001 - storage backends raise their own errors; each is recorded
        return f"{exc.__class__.__name__}: {exc}"[:300]
    return None


def disposal_blobs_destroy(*, decision_id: int) -> DisposalDecision:
    """Delete the bytes of every file an executed decision destroyed. Idempotent (a file already gone
    is fine); what could not be deleted is recorded on the decision (blobs "failed") and audited, to be
    retried by `disposal_blobs_retry` or the daily task."""
    decision = DisposalDecision.objects.get(pk=decision_id)
    if decision.state != DisposalDecision.State.EXECUTED:
        return decision
    failures, deleted = [], 0
    for f in DocumentFile.objects.filter(destruction=decision).order_by("pk"):
        error = _storage_delete(f.file)
        if error:
            failures.append({"kind": "document_file", "id": f.pk, "name": f.name, "error": error})
        else:
            deleted += 1
    for item in RecordItem.objects.filter(destruction=decision).order_by("pk"):
        error = _storage_delete(item.file)
        if error:
            failures.append({"kind": "record_item", "id": item.pk, "name": item.file_name or item.file.name,
                             "error": error})
        else:
            deleted += 1
    with transaction.atomic():
        decision = DisposalDecision.objects.select_for_update().get(pk=decision_id)
        decision.blob_failures = failures
        decision.blobs = DisposalDecision.Blobs.FAILED if failures else DisposalDecision.Blobs.DONE
        decision.blobs_done_at = None if failures else timezone.now()
        decision.save(update_fields=["blob_failures", "blobs", "blobs_done_at"])
        audit_record(action=AuditAction.RECORD_DISPOSAL_BLOBS, organization=decision.organization, obj=decision,
                     data={"deleted": deleted, "failed": failures})
    if failures:
        logger.error("disposal decision %s: %d files could not be deleted", decision_id, len(failures))
    return decision


def disposal_blobs_retry(*, actor=None, decision: DisposalDecision | None = None) -> int:
    """Try again to delete the bytes of executed decisions whose deletion failed or never ran (one
    decision, or all of them). Returns how many decisions were tried."""
    qs = DisposalDecision.objects.filter(state=DisposalDecision.State.EXECUTED).filter(
        Q(blobs=DisposalDecision.Blobs.FAILED) | Q(blobs=DisposalDecision.Blobs.PENDING))
    if decision is not None:
        if actor is not None:
            m = membership(actor, decision.organization_id)
            if m is None or not (m.role_set & {Role.LEADER, Role.ARCHIVIST}):
                raise Forbidden(RecordsError.NOT_DISPOSAL_DECIDER)
        qs = qs.filter(pk=decision.pk)
    ids = list(qs.values_list("pk", flat=True))
    for pk in ids:
        disposal_blobs_destroy(decision_id=pk)
    return len(ids)


def records_care_daily() -> dict:
    """The daily task: kept-back hồ sơ past their date are due again; failed file deletions are retried."""
    return {"keep_backs_ended": keep_backs_end(), "blob_retries": disposal_blobs_retry()}
