"""Who may read a hồ sơ beyond the rule's defaults: its access mode and the people named on it
(RecordFileAccess). Every change is audited, and the person concerned, the hồ sơ's owner and the
organization's clerks are told (Phụ lục VI III.6.l).

Who may change them:
- while the hồ sơ is being made (open, closed, returned): its owner and the organization's leaders;
- once it is with the archive: the organization's leaders and archive staff (reading rights on an
  archived hồ sơ are given through reading requests, which end here).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from documents.errors import RecordsError
from documents.models.notices import Notice
from documents.models.records import RecordFile, RecordFileAccess
from documents.services.notices import clerks_of, notice_send
from qlvb.access import membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Role
from qlvb.services.audit import audit_record

MAKING = {RecordFile.State.OPEN, RecordFile.State.CLOSED, RecordFile.State.RETURNED}


def may_manage_record_access(actor, record: RecordFile) -> bool:
    m = membership(actor, record.organization_id)
    if m is None:
        return False
    roles = m.role_set
    if Role.LEADER in roles:
        return True
    if record.state in MAKING:
        return record.owner_id == actor.pk
    return Role.ARCHIVIST in roles


def _locked(actor, record: RecordFile) -> RecordFile:
    record = RecordFile.objects.select_for_update().get(pk=record.pk)
    if not may_manage_record_access(actor, record):
        raise Forbidden(RecordsError.NOT_RECORD_ACCESS_MANAGER)
    if record.state == RecordFile.State.DISPOSED:
        raise Refused(RecordsError.RECORD_DISPOSED)
    return record


def _tell(record: RecordFile, *, actor, affected: list[int], text: str) -> None:
    notice_send(users=[*affected, record.owner_id, *clerks_of(record.organization_id)],
                kind=Notice.Kind.RIGHTS_CHANGED, text=text, url=reverse("records:detail", args=[record.pk]), organization=record.organization)


@transaction.atomic
def record_access_grant(*, actor, record: RecordFile, user, until: dt.datetime | None = None,
                        reason: str = "") -> RecordFileAccess:
    """Name `user` on the hồ sơ (until `until`, if given). The user must work in its organization."""
    record = _locked(actor, record)
    if membership(user, record.organization_id) is None:
        raise Refused(RecordsError.GRANTEE_NOT_A_MEMBER)
    grant, created = RecordFileAccess.objects.update_or_create(
        record=record, user=user, defaults={"granted_by": actor, "until": until, "reason": reason[:200]})
    audit_record(action=AuditAction.RECORD_ACCESS_GRANT, actor=actor, organization=record.organization,
                 obj=record, data={"user": user.username, "until": until, "reason": reason, "new": created})
    when = f" đến {until:%d/%m/%Y %H:%M}" if until else ""
    _tell(record, actor=actor, affected=[user.pk],
          text=f"{actor} đã cấp quyền xem hồ sơ {record.code} cho {user}{when}.")
    return grant


@transaction.atomic
def record_access_revoke(*, actor, record: RecordFile, user, reason: str = "") -> bool:
    record = _locked(actor, record)
    deleted, _ = RecordFileAccess.objects.filter(record=record, user=user).delete()
    if not deleted:
        return False
    audit_record(action=AuditAction.RECORD_ACCESS_REVOKE, actor=actor, organization=record.organization,
                 obj=record, data={"user": user.username, "reason": reason})
    _tell(record, actor=actor, affected=[user.pk],
          text=f"{actor} đã thu hồi quyền xem hồ sơ {record.code} của {user}.")
    return True


@transaction.atomic
def record_access_mode_set(*, actor, record: RecordFile, mode: str) -> RecordFile:
    record = _locked(actor, record)
    if mode not in RecordFile.Access.values:
        raise Refused(RecordsError.BAD_ACCESS_MODE)
    if mode == record.access:
        return record
    old = record.access
    record.access = mode
    record.save(update_fields=["access"])
    audit_record(action=AuditAction.RECORD_ACCESS_MODE, actor=actor, organization=record.organization,
                 obj=record, data={"from": old, "to": mode})
    _tell(record, actor=actor, affected=list(record.access_grants.values_list("user_id", flat=True)),
          text=f"{actor} đã đổi quyền xem hồ sơ {record.code}: {record.get_access_display()}.")
    return record
