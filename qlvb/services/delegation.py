"""Create and revoke delegations (ủy quyền); which one is in force is qlvb.access.delegation_in_force."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from qlvb.access import has_role, works_in

from ..models import Delegation, Role, SigningForm
from .audit import audit_record


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
        raise ValidationError("Thời gian kết thúc ủy quyền phải sau thời gian bắt đầu.")
    if delegator == delegate:
        raise ValidationError("Không thể tự ủy quyền cho chính mình.")
    if actor != delegator and not has_role(actor, organization, Role.ADMIN):
        raise PermissionDenied("Chỉ người ủy quyền hoặc quản trị mới được tạo ủy quyền.")
    for person in (delegator, delegate):
        if not works_in(person, organization=organization):
            raise ValidationError(f"{person} không thuộc {organization}.")
    if parent is not None:
        if parent.signing_form == SigningForm.TUQ:
            raise ValidationError("Văn bản ký thừa ủy quyền (TUQ.) không được ủy quyền lại.")
        if parent.delegate_id != delegator.pk:
            raise ValidationError("Chỉ người được ủy quyền mới được giao lại ủy quyền đó.")
        if starts_at < parent.starts_at or ends_at > parent.ends_at:
            raise ValidationError("Thời hạn ủy quyền lại phải nằm trong thời hạn ủy quyền gốc.")
    delegation = Delegation.objects.create(
        organization=organization, delegator=delegator, delegate=delegate, starts_at=starts_at,
        ends_at=ends_at, scope=scope, signing_form=signing_form, reason=reason, parent=parent,
    )
    audit_record(
        action="delegation.create", actor=actor, organization=organization, obj=delegation,
        data={"delegator": delegator.pk, "delegate": delegate.pk, "scope": scope, "signing_form": signing_form,
              "starts_at": starts_at, "ends_at": ends_at},
    )
    return delegation


@transaction.atomic
def delegation_revoke(*, actor, delegation: Delegation) -> Delegation:
    if delegation.revoked_at is not None:
        return delegation
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    audit_record(action="delegation.revoke", actor=actor, organization=delegation.organization, obj=delegation)
    return delegation
