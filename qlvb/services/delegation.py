"""Create and revoke delegations (ủy quyền); which one is in force is qlvb.access.delegation_in_force."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qlvb.access import has_role, works_in
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, QlvbError, Refused

from ..models import Delegation, Role, SigningForm
from .audit import audit_record
from .rights import rights_changed


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
    parent: Delegation | None = None,
) -> Delegation:
    if ends_at <= starts_at:
        raise Refused(QlvbError.DELEGATION_ENDS_BEFORE_START)
    if delegator == delegate:
        raise Refused(QlvbError.DELEGATION_TO_SELF)
    if actor != delegator and not has_role(actor, organization, Role.ADMIN):
        raise Forbidden(QlvbError.DELEGATION_NOT_DELEGATOR)
    for person in (delegator, delegate):
        if not works_in(person, organization=organization):
            raise Refused(QlvbError.DELEGATION_NOT_MEMBER, member=person, organization=organization)
    if parent is not None:
        if parent.signing_form == SigningForm.TUQ:
            raise Refused(QlvbError.DELEGATION_TUQ_REDELEGATED)
        if parent.delegate_id != delegator.pk:
            raise Refused(QlvbError.DELEGATION_NOT_DELEGATE)
        if starts_at < parent.starts_at or ends_at > parent.ends_at:
            raise Refused(QlvbError.DELEGATION_OUTSIDE_PARENT)
    delegation = Delegation.objects.create(
        organization=organization, delegator=delegator, delegate=delegate, starts_at=starts_at,
        ends_at=ends_at, scope=scope, signing_form=signing_form, reason=reason, parent=parent,
    )
    audit_record(
        action=AuditAction.DELEGATION_CREATE, actor=actor, organization=organization, obj=delegation,
        data={"delegator": delegator.pk, "delegate": delegate.pk, "scope": scope, "signing_form": signing_form,
              "starts_at": starts_at, "ends_at": ends_at},
    )
    rights_changed(actor=actor, user=delegate, organization=organization, changes=[
        f"nhận ủy quyền ({delegation.get_scope_display()}) của {delegator} "
        f"từ {timezone.localtime(starts_at):%d/%m/%Y %H:%M} đến {timezone.localtime(ends_at):%d/%m/%Y %H:%M}"])
    return delegation


@transaction.atomic
def delegation_revoke(*, actor, delegation: Delegation) -> Delegation:
    if delegation.revoked_at is not None:
        return delegation
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    audit_record(action=AuditAction.DELEGATION_REVOKE, actor=actor, organization=delegation.organization, obj=delegation)
    rights_changed(actor=actor, user=delegation.delegate, organization=delegation.organization, changes=[
        f"ủy quyền ({delegation.get_scope_display()}) của {delegation.delegator} đã bị thu hồi"])
    return delegation
