"""Create, revoke and end delegations (ủy quyền); which one is in force is qlvb.access.delegation_in_force.

The rules (Nghị định 30/2020 Điều 13, Phụ lục I mục 7.b; seed 004 §1.b):
- a leader delegates, and only for a period that has not passed (while away: business trip, leave,
  illness, a meeting; another reason is written out);
- handling and signing go to a leader or the head of a unit, never to a specialist (seed 004 names
  delegating to specialists as the practice to stop);
- "ký thay" (KT.) is a deputy signing for the head: the delegate is a leader of the organization;
  "thừa ủy quyền" (TUQ.) and "thừa lệnh" (TL.) go to the head of a unit (or a leader); TUQ. is never
  passed on; "thay mặt" (TM.) signs for a collective leadership and is no delegation.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qlvb.access import has_role, works_in
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, QlvbError, Refused

from ..models import Delegation, Role, SigningForm
from ..models.delegation import ReasonKind
from .audit import audit_record
from .rights import rights_changed

DELEGATE_ROLES = (Role.LEADER, Role.UNIT_HEAD)


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def delegation_reason_text(delegation: Delegation) -> str:
    """"Đi công tác", or the free text for another reason, or both when both were given."""
    kind = delegation.get_reason_kind_display() if delegation.reason_kind else ""
    if delegation.reason_kind == ReasonKind.OTHER:
        return delegation.reason or kind
    return ", ".join(part for part in (kind, delegation.reason) if part)


def _check_roles(*, organization, delegator, delegate, signing_form: str) -> None:
    """Who may delegate to whom, and in which signing form (the module's rules)."""
    if signing_form == SigningForm.TM:
        raise Refused(QlvbError.DELEGATION_TM_NOT_DELEGATED)
    if not has_role(delegator, organization, Role.LEADER):
        raise Forbidden(QlvbError.DELEGATION_DELEGATOR_NOT_LEADER, organization=organization)
    if not has_role(delegate, organization, *DELEGATE_ROLES):
        raise Refused(QlvbError.DELEGATION_DELEGATE_ROLE, member=delegate)
    if signing_form == SigningForm.KT and not has_role(delegate, organization, Role.LEADER):
        raise Refused(QlvbError.DELEGATION_KT_NOT_DEPUTY, member=delegate)


@transaction.atomic
def delegation_create(
    *,
    actor,
    organization,
    delegator,
    delegate,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    scope: str,
    signing_form: str,
    reason: str = "",
    reason_kind: str = "",
    parent: Delegation | None = None,
    now: dt.datetime | None = None,
) -> Delegation:
    now = now or timezone.now()
    reason = reason.strip()
    if ends_at <= starts_at:
        raise Refused(QlvbError.DELEGATION_ENDS_BEFORE_START)
    if ends_at <= now:
        raise Refused(QlvbError.DELEGATION_PERIOD_PAST)
    if delegator == delegate:
        raise Refused(QlvbError.DELEGATION_TO_SELF)
    if reason_kind == ReasonKind.OTHER and not reason:
        raise Refused(QlvbError.DELEGATION_REASON_MISSING)
    if actor != delegator and not has_role(actor, organization, Role.ADMIN):
        raise Forbidden(QlvbError.DELEGATION_NOT_DELEGATOR)
    for person in (delegator, delegate):
        if not works_in(person, organization=organization):
            raise Refused(QlvbError.DELEGATION_NOT_MEMBER, member=person, organization=organization)
    if parent is None:
        _check_roles(organization=organization, delegator=delegator, delegate=delegate, signing_form=signing_form)
    else:
        if parent.signing_form == SigningForm.TUQ:
            raise Refused(QlvbError.DELEGATION_TUQ_REDELEGATED)
        if parent.delegate_id != delegator.pk:
            raise Refused(QlvbError.DELEGATION_NOT_DELEGATE)
        if starts_at < parent.starts_at or ends_at > parent.ends_at:
            raise Refused(QlvbError.DELEGATION_OUTSIDE_PARENT)
    delegation = Delegation.objects.create(
        organization=organization, delegator=delegator, delegate=delegate, starts_at=starts_at,
        ends_at=ends_at, scope=scope, signing_form=signing_form, reason=reason, reason_kind=reason_kind,
        parent=parent,
    )
    audit_record(
        action=AuditAction.DELEGATION_CREATE, actor=actor, organization=organization, obj=delegation,
        data={"delegator": delegator.pk, "delegate": delegate.pk, "scope": scope, "signing_form": signing_form,
              "starts_at": starts_at, "ends_at": ends_at, "reason_kind": reason_kind, "reason": reason},
    )
    rights_changed(actor=actor, user=delegate, organization=organization, changes=[
        f"nhận ủy quyền ({delegation.get_scope_display()}, {delegation.signing_form}.) của {delegator} "
        f"từ {_when(starts_at)} đến {_when(ends_at)}"])
    return delegation


def may_revoke(user, delegation: Delegation) -> bool:
    """The delegator, or an administrator of the delegation's organization."""
    return delegation.delegator_id == user.pk or has_role(user, delegation.organization_id, Role.ADMIN)


@transaction.atomic
def delegation_revoke(*, actor, delegation: Delegation, now: dt.datetime | None = None) -> Delegation:
    """Revoke (thu hồi) a delegation in force or cancel one not yet started; the delegate is told."""
    now = now or timezone.now()
    delegation = Delegation.objects.select_for_update().select_related("organization").get(pk=delegation.pk)
    if not may_revoke(actor, delegation):
        raise Forbidden(QlvbError.DELEGATION_NOT_REVOKER)
    if delegation.revoked_at is not None:
        return delegation
    if delegation.ends_at <= now:
        raise Refused(QlvbError.DELEGATION_ALREADY_ENDED)
    delegation.revoked_at = now
    delegation.save(update_fields=["revoked_at"])
    audit_record(action=AuditAction.DELEGATION_REVOKE, actor=actor, organization=delegation.organization, obj=delegation)
    rights_changed(actor=actor, user=delegation.delegate, organization=delegation.organization, changes=[
        f"ủy quyền ({delegation.get_scope_display()}) của {delegation.delegator} đã bị thu hồi"])
    return delegation


def delegations_end(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Record the end of the delegations whose period is over (not revoked): an audit event
    "delegation.end" and a notice to the delegate and the delegator, once each. Returns how many.

    The rule (Delegation.objects.in_force) already stops a delegation at its end; this only records it.
    Rows are claimed with SKIP LOCKED, so two runs at once never tell anyone twice."""
    now = now or timezone.now()
    ended = 0
    while ended < limit:
        with transaction.atomic():
            delegation = (Delegation.objects.select_for_update(skip_locked=True)
                          .filter(ends_at__lte=now, revoked_at__isnull=True, end_recorded_at__isnull=True)
                          .select_related("delegator", "delegate", "organization").order_by("ends_at", "pk").first())
            if delegation is None:
                break
            delegation.end_recorded_at = now
            delegation.save(update_fields=["end_recorded_at"])
            audit_record(action=AuditAction.DELEGATION_END, actor=None, organization=delegation.organization,
                         obj=delegation, data={"delegator": delegation.delegator_id, "delegate": delegation.delegate_id,
                                               "ends_at": delegation.ends_at})
            text = (f"ủy quyền ({delegation.get_scope_display()}, {delegation.signing_form}.) của "
                    f"{delegation.delegator} cho {delegation.delegate} đã hết hạn lúc {_when(delegation.ends_at)}")
            rights_changed(actor=None, user=delegation.delegate, organization=delegation.organization,
                           changes=[text], also=[delegation.delegator])
            ended += 1
    return ended
