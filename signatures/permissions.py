"""Who may sign what: leaders (or their delegates) sign, clerks apply the organization's signature,
administrators manage the trust store and the keys."""

from django.core.exceptions import PermissionDenied

from qlvb import access
from qlvb.models import Delegation, Membership, Role

SIGNING_SCOPE = "signing"


def require_leader(*, actor, organization, on_behalf_of=None) -> tuple[Membership, Delegation | None]:
    """The actor's membership and, when signing for another leader, the delegation allowing it."""
    membership = access.membership(actor, organization)
    if membership is None:
        raise PermissionDenied(f"Bạn không thuộc {organization}.")
    if on_behalf_of is None or on_behalf_of == actor:
        if Role.LEADER not in membership.role_set:
            raise PermissionDenied("Chỉ lãnh đạo cơ quan (hoặc người được ủy quyền ký) mới được ký văn bản.")
        return membership, None
    leader = access.membership(on_behalf_of, organization)
    if leader is None or Role.LEADER not in leader.role_set:
        raise PermissionDenied(f"{on_behalf_of} không phải lãnh đạo của {organization}.")
    delegation = access.delegation_in_force(delegate=actor, delegator=on_behalf_of, scope=SIGNING_SCOPE)
    if delegation is None or delegation.organization_id != organization.pk:
        raise PermissionDenied(f"Bạn không có ủy quyền ký còn hiệu lực của {on_behalf_of}.")
    return membership, delegation


def require_clerk(*, actor, organization) -> Membership:
    membership = access.membership(actor, organization)
    if membership is None or Role.CLERK not in membership.role_set:
        raise PermissionDenied("Chỉ văn thư của cơ quan mới được ký số của cơ quan, tổ chức.")
    return membership


def require_admin_permission(actor, codename: str) -> None:
    """Trust-store and key administration; ``actor=None`` is the operator at the command line."""
    if actor is None:
        return
    if not (actor.is_active and actor.has_perm(f"signatures.{codename}")):
        raise PermissionDenied("Bạn không có quyền quản trị chứng thư số và khóa ký số.")
