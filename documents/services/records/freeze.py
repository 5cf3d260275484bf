"""Locking a hồ sơ on the order of someone with authority (Phụ lục VI IV.1.g): an inspection, a
complaint, a court. While locked, nothing in it may be moved, changed or destroyed — the services of
filing, archiving and disposal call `record_not_frozen_or_refuse`. Only the organization's leaders
lock and unlock; both are audited and the owner, the archive and the clerks are told."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documents.errors import RecordsError
from documents.models.notices import Notice
from documents.models.records import RecordFile
from documents.services.notices import clerks_of, notice_send
from qlvb.access import membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Membership, Role
from qlvb.services.audit import audit_record


def record_not_frozen_or_refuse(record: RecordFile) -> None:
    if record.is_frozen:
        raise Refused(RecordsError.RECORD_FROZEN, reason=record.frozen_reason)


def may_freeze_record(actor, record: RecordFile) -> bool:
    m = membership(actor, record.organization_id)
    return m is not None and Role.LEADER in m.role_set and record.state != RecordFile.State.DISPOSED


def _leader_or_refuse(actor, record: RecordFile) -> None:
    if not may_freeze_record(actor, record):
        raise Forbidden(RecordsError.NOT_A_LEADER_TO_FREEZE)


def _tell(record: RecordFile, text: str) -> None:
    archivists = Membership.objects.filter(organization_id=record.organization_id, is_active=True,
                                           roles__role=Role.ARCHIVIST).values_list("user_id", flat=True)
    notice_send(users=[record.owner_id, *archivists, *clerks_of(record.organization_id)], kind=Notice.Kind.RECORDS,
                text=text, url=reverse("records:detail", args=[record.pk]), organization=record.organization)


@transaction.atomic
def record_freeze(*, actor, record: RecordFile, reason: str) -> RecordFile:
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    _leader_or_refuse(actor, record)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(RecordsError.FREEZE_REASON_REQUIRED)
    if record.is_frozen:
        return record
    record.frozen_at, record.frozen_by, record.frozen_reason = timezone.now(), actor, reason[:1000]
    record.save(update_fields=["frozen_at", "frozen_by", "frozen_reason"])
    audit_record(action=AuditAction.RECORD_FREEZE, actor=actor, organization=record.organization, obj=record,
                 data={"reason": reason})
    _tell(record, f"{actor} đã khóa hồ sơ {record.code}: {reason}")
    return record


@transaction.atomic
def record_unfreeze(*, actor, record: RecordFile, reason: str = "") -> RecordFile:
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    _leader_or_refuse(actor, record)
    if not record.is_frozen:
        return record
    audit_record(action=AuditAction.RECORD_UNFREEZE, actor=actor, organization=record.organization, obj=record,
                 data={"reason": reason, "frozen_reason": record.frozen_reason, "frozen_at": record.frozen_at})
    record.frozen_at, record.frozen_by, record.frozen_reason = None, None, ""
    record.save(update_fields=["frozen_at", "frozen_by", "frozen_reason"])
    _tell(record, f"{actor} đã mở khóa hồ sơ {record.code}." + (f" {reason}" if reason else ""))
    return record
