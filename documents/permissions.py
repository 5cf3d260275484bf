"""Who may act on a document: roles within the document's organization, and delegation."""

from __future__ import annotations

from documents.errors import DocumentError
from qlvb.errors import ErrorCode, Forbidden
from qlvb.models import Membership, Role
from qlvb.services.delegation import delegation_active


def membership(user, organization) -> Membership | None:
    return (
        Membership.objects.filter(user=user, organization=organization, is_active=True)
        .prefetch_related("roles")
        .first()
    )


def has_role(user, organization, *roles: str) -> bool:
    m = membership(user, organization)
    return m is not None and bool(m.role_set & set(roles))


def require_role(user, organization, *roles: str, message: ErrorCode) -> Membership:
    m = membership(user, organization)
    if m is None or not (m.role_set & set(roles)):
        raise Forbidden(message)
    return m


def acting_leader(user, organization, *, scope: str, on_behalf_of=None):
    """The leader `user` acts as: themself, or the delegator of an active delegation.

    Returns (leader, delegation or None); raises PermissionDenied if `user` may not act as a leader.
    """
    if on_behalf_of is not None and on_behalf_of != user:
        delegation = delegation_active(delegate=user, delegator=on_behalf_of, scope=scope)
        if delegation is None or delegation.organization_id != organization.pk:
            raise Forbidden(DocumentError.NO_DELEGATION)
        return on_behalf_of, delegation
    if not has_role(user, organization, Role.LEADER):
        raise Forbidden(DocumentError.LEADER_ONLY)
    return user, None
