"""Rules about acting on a document, built on qlvb.access (memberships, roles, delegations in force):
acting as a leader, reviewing a draft."""

from __future__ import annotations

from documents.errors import DocumentError
from documents.models import Document, ReviewStep
from qlvb.access import delegation_in_force, has_role, memberships
from qlvb.errors import Forbidden
from qlvb.models import Role


def acting_leader(user, organization, *, scope: str, on_behalf_of=None):
    """The leader `user` acts as: themself, or the delegator of an active delegation.

    Returns (leader, delegation or None); raises Forbidden if `user` may not act as a leader.
    """
    if on_behalf_of is not None and on_behalf_of != user:
        delegation = delegation_in_force(delegate=user, delegator=on_behalf_of, scope=scope)
        if delegation is None or delegation.organization_id != organization.pk:
            raise Forbidden(DocumentError.NO_DELEGATION)
        return on_behalf_of, delegation
    if not has_role(user, organization, Role.LEADER):
        raise Forbidden(DocumentError.LEADER_ONLY)
    return user, None


def may_review(user, document: Document, step: ReviewStep) -> bool:
    """A review step of a draft is decided by a unit head of the drafting unit (content) or a clerk
    (format) of the document's organization."""
    role = Role.UNIT_HEAD if step.kind == ReviewStep.Kind.CONTENT else Role.CLERK
    qs = memberships(user).filter(organization_id=document.organization_id, roles__role=role)
    if step.kind == ReviewStep.Kind.CONTENT and document.unit_id:
        qs = qs.filter(unit_id=document.unit_id)
    return qs.exists()
