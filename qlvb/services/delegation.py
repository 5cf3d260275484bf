"""Create, revoke and look up delegations (ủy quyền)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, QlvbError, Refused

from ..models import Delegation, Membership, Role, SigningForm
from ..models.delegation import DelegationScope
from .audit import audit_record


def _scope_q(scope: str) -> Q:
    return Q(scope=scope) | Q(scope=DelegationScope.ALL)


def delegation_active(*, delegate, delegator, scope: str, at: dt.datetime | None = None) -> Delegation | None:
    """The delegation under which `delegate` may act for `delegator` now, if any."""
    at = at or timezone.now()
    return (
        Delegation.objects.filter(
            _scope_q(scope), delegate=delegate, delegator=delegator,
            starts_at__lte=at, ends_at__gt=at, revoked_at__isnull=True,
        )
        .order_by("-starts_at")
        .first()
    )


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
    is_admin = Membership.objects.filter(
        user=actor, organization=organization, is_active=True, roles__role=Role.ADMIN
    ).exists()
    if actor != delegator and not is_admin:
        raise Forbidden(QlvbError.DELEGATION_NOT_DELEGATOR)
    for person in (delegator, delegate):
        if not Membership.objects.filter(user=person, organization=organization, is_active=True).exists():
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
    return delegation


@transaction.atomic
def delegation_revoke(*, actor, delegation: Delegation) -> Delegation:
    if delegation.revoked_at is not None:
        return delegation
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    audit_record(action=AuditAction.DELEGATION_REVOKE, actor=actor, organization=delegation.organization, obj=delegation)
    return delegation
