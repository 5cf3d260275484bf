"""Work files (hồ sơ công việc, NĐ30 Điều 29): opening one from the catalogue or outside it (29.2),
filing documents and other files in the order of the work (29.3), closing it after a review (29.4),
and reopening a closed one before it goes to the archive.

Who may do what:
- open: anyone handling documents in the organization (specialist, unit head, clerk, leader); the
  person opening is the owner (người lập hồ sơ) and the hồ sơ belongs to their unit, if any;
- fill, reorder, correct, close and reopen: the owner, while it is theirs (open or returned by the
  archive for filling; a closed one must be reopened first).
Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from documents.errors import RecordsError
from documents.models import Document
from documents.models.notices import Notice
from documents.models.records import PERMANENT, CatalogueEntry, FileCatalogue, RecordFile, RecordItem
from documents.selectors.records_workfiles import DRAFT_STATES
from documents.services.notices import notice_send
from documents.services.records.freeze import record_not_frozen_or_refuse
from qlvb.access import membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, NotFound, Refused
from qlvb.models import Membership, Role
from qlvb.services.audit import audit_record

HANDLING_ROLES = {Role.SPECIALIST, Role.UNIT_HEAD, Role.CLERK, Role.LEADER}
MAX_RETENTION_YEARS = 70
EDITABLE = {RecordFile.State.OPEN, RecordFile.State.RETURNED}
FILE_KINDS = {RecordItem.Kind.DRAFT, RecordItem.Kind.MINUTES, RecordItem.Kind.PHOTO, RecordItem.Kind.RECORDING,
              RecordItem.Kind.OTHER}


def upload_limit_bytes() -> int:
    return settings.QLVB_UPLOAD_MAX_MB * 1024 * 1024


def may_open_records(user, organization) -> bool:
    m = membership(user, organization)
    return m is not None and bool(m.role_set & HANDLING_ROLES)


def may_edit_record(user, record: RecordFile) -> bool:
    """The owner, while working in its organization and while the hồ sơ is being made."""
    return (record.owner_id == getattr(user, "pk", None) and record.state in EDITABLE
            and membership(user, record.organization_id) is not None)


def may_close_record(user, record: RecordFile) -> bool:
    return record.state == RecordFile.State.OPEN and may_edit_record(user, record)


def may_reopen_record(user, record: RecordFile) -> bool:
    return (record.state == RecordFile.State.CLOSED and record.owner_id == getattr(user, "pk", None)
            and membership(user, record.organization_id) is not None)


def clean_retention(value) -> int:
    """0 (vĩnh viễn) or a number of years from 1 to MAX_RETENTION_YEARS."""
    try:
        years = int(value)
    except (TypeError, ValueError):
        raise Refused(RecordsError.BAD_RETENTION, max=MAX_RETENTION_YEARS) from None
    if years != PERMANENT and not 1 <= years <= MAX_RETENTION_YEARS:
        raise Refused(RecordsError.BAD_RETENTION, max=MAX_RETENTION_YEARS)
    return years


def _clean_text(value: str, code: RecordsError, limit: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise Refused(code)
    return value[:limit]


def _locked(actor, record: RecordFile, *, state_check: bool = True) -> RecordFile:
    """The hồ sơ locked for the change, after checking the actor is its owner and it takes changes."""
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    if not RecordFile.objects.visible_to(actor).filter(pk=record.pk).exists():
        raise NotFound(RecordsError.RECORD_NOT_FOUND)
    if record.owner_id != actor.pk or membership(actor, record.organization_id) is None:
        raise Forbidden(RecordsError.NOT_RECORD_OWNER)
    if state_check and record.state not in EDITABLE:
        raise Refused(RecordsError.RECORD_READ_ONLY, state=record.get_state_display())
    record_not_frozen_or_refuse(record)
    return record


def _code_free(organization_id: int, year: int, code: str, *, exclude: int | None = None) -> None:
    qs = RecordFile.objects.filter(organization_id=organization_id, year=year, code__iexact=code)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise Refused(RecordsError.RECORD_CODE_TAKEN, code=code, year=year)


# --- opening (Điều 29.2) ------------------------------------------------------------------------


@transaction.atomic
def record_file_open(*, actor, organization, title: str = "", code: str = "", retention_years=None,
                     started_on: dt.date | None = None, catalogue_entry: CatalogueEntry | None = None,
                     notes: str = "") -> RecordFile:
    """Open a hồ sơ: from a file row of the organization's approved catalogue (its code, title and
    retention copied; each row opened once a year), or outside the catalogue (Điều 29.2.c) with a
    title, a code, a retention and a start date. The person opening is the owner."""
    m = membership(actor, organization)
    if m is None or not m.role_set & HANDLING_ROLES:
        raise Forbidden(RecordsError.NOT_A_RECORD_HANDLER)
    started_on = started_on or timezone.localdate()
    if catalogue_entry is not None:
        entry = (CatalogueEntry.objects.select_related("catalogue").select_for_update(of=("self",))
                 .filter(pk=catalogue_entry.pk, kind=CatalogueEntry.Kind.FILE,
                         catalogue__organization_id=m.organization_id,
                         catalogue__state=FileCatalogue.State.APPROVED).exclude(code="").first())
        if entry is None:
            raise Refused(RecordsError.CATALOGUE_ENTRY_NOT_OPENABLE)
        year = entry.catalogue.year
        opened = RecordFile.objects.filter(catalogue_entry=entry).first()
        if opened is not None:
            raise Refused(RecordsError.CATALOGUE_ENTRY_ALREADY_OPENED, code=opened.code)
        code, title = entry.code, entry.title
        retention = clean_retention(entry.retention_years if entry.retention_years is not None else retention_years)
    else:
        entry = None
        year = started_on.year
        title = _clean_text(title, RecordsError.RECORD_TITLE_REQUIRED, 1000)
        code = _clean_text(code, RecordsError.RECORD_CODE_REQUIRED, 60)
        retention = clean_retention(retention_years)
    _code_free(m.organization_id, year, code)
    try:
        with transaction.atomic():
            record = RecordFile.objects.create(
                organization_id=m.organization_id, year=year, catalogue_entry=entry, code=code, title=title,
                retention_years=retention, owner=actor, unit=m.unit, started_on=started_on, notes=notes)
    except IntegrityError:  # opened by someone else in the same moment
        raise Refused(RecordsError.RECORD_CODE_TAKEN, code=code, year=year) from None
    audit_record(action=AuditAction.RECORD_OPEN, actor=actor, organization=record.organization, obj=record,
                 data={"code": code, "year": year, "title": title, "retention_years": retention,
                       "catalogue_entry": entry.pk if entry else None})
    return record


# --- filing (Điều 29.3) -------------------------------------------------------------------------


def _next_ordinal(record: RecordFile) -> int:
    return (record.items.aggregate(n=Max("ordinal"))["n"] or 0) + 1


def _audit_item(action, actor, record, item: RecordItem, **data) -> None:
    audit_record(action=action, actor=actor, organization=record.organization, obj=record,
                 data={"item": item.pk, "ordinal": item.ordinal, "kind": item.kind,
                       "document": item.document_id, "title": item.title, **data})


@transaction.atomic
def record_document_add(*, actor, record: RecordFile, document: Document,
                        kind: str = RecordItem.Kind.DOCUMENT) -> RecordItem:
    """File a document the actor may see, at the end of the hồ sơ. A document is filed once per hồ sơ and
    once per person: several people may each file it in their own hồ sơ without copying it (Phụ lục VI
    III.4.e), each hồ sơ giving it its own code and ordinal."""
    record = _locked(actor, record)
    if kind not in (RecordItem.Kind.DOCUMENT, RecordItem.Kind.DRAFT):
        raise Refused(RecordsError.BAD_ITEM_KIND)
    if not Document.objects.visible_to(actor).filter(pk=document.pk).exists():
        raise NotFound(RecordsError.DOCUMENT_NOT_FOUND)
    if document.state in DRAFT_STATES:  # a draft that matters to the work is filed as a draft
        kind = RecordItem.Kind.DRAFT
    if document.organization_id != record.organization_id:
        raise Refused(RecordsError.DOCUMENT_OTHER_ORGANIZATION)
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one filing at a time
    _refuse_if_filed(actor, record, document)
    item = RecordItem.objects.create(record=record, ordinal=_next_ordinal(record), kind=kind, document=document,
                                     added_by=actor)
    _audit_item(AuditAction.RECORD_ITEM_ADD, actor, record, item, symbol=document.symbol)
    return item


def _refuse_if_filed(actor, record: RecordFile, document: Document) -> None:
    filed = (RecordItem.objects.filter(document=document)
             .filter(Q(record=record) | Q(record__owner_id=record.owner_id))
             .exclude(record__state=RecordFile.State.DISPOSED).select_related("record").first())
    if filed is None:
        return
    if RecordFile.objects.visible_to(actor).filter(pk=filed.record_id).exists():
        raise Refused(RecordsError.DOCUMENT_ALREADY_FILED, code=filed.record.code)
    raise Refused(RecordsError.DOCUMENT_ALREADY_FILED_ELSEWHERE)


@transaction.atomic
def record_file_attach(*, actor, record: RecordFile, kind: str, title: str, name: str, data: bytes,
                       content_type: str = "") -> RecordItem:
    """Add another file (biên bản, ảnh, ghi âm, a draft, other) at the end of the hồ sơ; stored
    immutable with its size and sha256."""
    record = _locked(actor, record)
    if kind not in FILE_KINDS:
        raise Refused(RecordsError.BAD_ITEM_KIND)
    title = _clean_text(title, RecordsError.ITEM_TITLE_REQUIRED, 500)
    if not data:
        raise Refused(RecordsError.UPLOAD_EMPTY)
    if len(data) > upload_limit_bytes():
        raise Refused(RecordsError.UPLOAD_TOO_LARGE, limit=settings.QLVB_UPLOAD_MAX_MB)
    name = os.path.basename((name or "").replace("\\", "/"))[:255] or "tep"
    item = RecordItem(record=record, ordinal=_next_ordinal(record), kind=kind, title=title, file_name=name,
                      content_type=(content_type or "")[:100], size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), added_by=actor)
    item.file.save(name[-100:], ContentFile(data), save=False)
    item.save()
    _audit_item(AuditAction.RECORD_ITEM_ADD, actor, record, item, sha256=item.sha256, size=item.size)
    return item


def _item(record: RecordFile, item_id: int) -> RecordItem:
    item = record.items.filter(pk=item_id).first()
    if item is None:
        raise NotFound(RecordsError.ITEM_NOT_FOUND)
    return item


def _renumber(record: RecordFile, order: list[int]) -> None:
    """Give the items of `order` (ids) the ordinals 1..n; shifted out of the way first, since the
    ordinals are unique."""
    offset = (record.items.aggregate(n=Max("ordinal"))["n"] or 0) + len(order) + 1
    record.items.update(ordinal=F("ordinal") + offset)
    for position, pk in enumerate(order, start=1):
        RecordItem.objects.filter(pk=pk).update(ordinal=position)


@transaction.atomic
def record_item_move(*, actor, record: RecordFile, item_id: int, up: bool) -> RecordItem:
    """Move an item one place up or down; the ordinals stay 1..n."""
    record = _locked(actor, record)
    item = _item(record, item_id)
    order = list(record.items.order_by("ordinal").values_list("pk", flat=True))
    at = order.index(item.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        _renumber(record, order)
        item.refresh_from_db()
        _audit_item(AuditAction.RECORD_ITEM_MOVE, actor, record, item, direction="up" if up else "down")
    return item


@transaction.atomic
def record_item_remove(*, actor, record: RecordFile, item_id: int, reason: str = "") -> None:
    """Take an item out of the hồ sơ; the ones after it move up. An uploaded file's content stays
    stored (files are never changed), only the item goes."""
    record = _locked(actor, record)
    item = _item(record, item_id)
    _audit_item(AuditAction.RECORD_ITEM_REMOVE, actor, record, item, reason=reason[:200])
    item.delete()
    _renumber(record, list(record.items.order_by("ordinal").values_list("pk", flat=True)))


# --- closing (Điều 29.4) ------------------------------------------------------------------------


def _ended_on(record: RecordFile) -> dt.date:
    latest = record.items.filter(document__isnull=False).aggregate(d=Max("document__issued_on"))["d"]
    return latest or timezone.localdate()


@transaction.atomic
def record_file_update(*, actor, record: RecordFile, title: str | None = None, code: str | None = None,
                       retention_years=None) -> RecordFile:
    """Correct the title, the code or the retention of a hồ sơ being made."""
    record = _locked(actor, record)
    changes = _apply_corrections(record, title=title, code=code, retention_years=retention_years)
    if changes:
        record.save(update_fields=list(changes))
        audit_record(action=AuditAction.RECORD_EDIT, actor=actor, organization=record.organization, obj=record,
                     data=changes)
    return record


def _apply_corrections(record: RecordFile, *, title, code, retention_years) -> dict:
    changes = {}
    if title is not None:
        title = _clean_text(title, RecordsError.RECORD_TITLE_REQUIRED, 1000)
        if title != record.title:
            changes["title"] = {"from": record.title, "to": title}
            record.title = title
    if code is not None:
        code = _clean_text(code, RecordsError.RECORD_CODE_REQUIRED, 60)
        if code != record.code:
            _code_free(record.organization_id, record.year, code, exclude=record.pk)
            changes["code"] = {"from": record.code, "to": code}
            record.code = code
    if retention_years is not None and retention_years != "":
        years = clean_retention(retention_years)
        if years != record.retention_years:
            changes["retention_years"] = {"from": record.retention_years, "to": years}
            record.retention_years = years
    return changes


@transaction.atomic
def record_file_close(*, actor, record: RecordFile, title: str | None = None, code: str | None = None,
                      retention_years=None) -> RecordFile:
    """Finish the review (Điều 29.4): apply the owner's corrections, then close the hồ sơ; its end
    date is the latest date of its documents, or today. The unit's head is told."""
    record = _locked(actor, record)
    if record.state != RecordFile.State.OPEN:
        raise Refused(RecordsError.RECORD_NOT_OPEN)
    if not record.items.exists():
        raise Refused(RecordsError.RECORD_EMPTY)
    changes = _apply_corrections(record, title=title, code=code, retention_years=retention_years)
    record.state = RecordFile.State.CLOSED
    record.closed_at = timezone.now()
    record.ended_on = max(_ended_on(record), record.started_on)
    record.save(update_fields=["state", "closed_at", "ended_on", *changes])
    audit_record(action=AuditAction.RECORD_CLOSE, actor=actor, organization=record.organization, obj=record,
                 data={"ended_on": record.ended_on, "items": record.items.count(), "corrections": changes})
    heads = _unit_heads(record)
    if heads:
        notice_send(users=[h for h in heads if h != actor.pk], kind=Notice.Kind.RECORDS,
                    text=f"{actor} đã kết thúc hồ sơ {record.code} — {record.title[:120]}.",
                    url=reverse("records:detail", args=[record.pk]), organization=record.organization)
    return record


def _unit_heads(record: RecordFile) -> list[int]:
    if not record.unit_id:
        return []
    return list(Membership.objects.filter(organization_id=record.organization_id, unit_id=record.unit_id,
                                          is_active=True, user__is_active=True, roles__role=Role.UNIT_HEAD)
                .values_list("user_id", flat=True))


@transaction.atomic
def record_file_reopen(*, actor, record: RecordFile, reason: str) -> RecordFile:
    """Open a closed hồ sơ again, before it is submitted to the archive (audited with the reason)."""
    record = _locked(actor, record, state_check=False)
    if record.state != RecordFile.State.CLOSED:
        raise Refused(RecordsError.RECORD_NOT_REOPENABLE)
    reason = _clean_text(reason, RecordsError.REOPEN_REASON_REQUIRED, 500)
    record.state = RecordFile.State.OPEN
    record.closed_at = None
    record.ended_on = None
    record.save(update_fields=["state", "closed_at", "ended_on"])
    audit_record(action=AuditAction.RECORD_REOPEN, actor=actor, organization=record.organization, obj=record,
                 data={"reason": reason})
    return record
