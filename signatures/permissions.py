"""Who may sign what: leaders (or their delegates) sign, clerks apply the organization's signature,
administrators manage the trust store and the keys."""


from qlvb import access
from qlvb.errors import Forbidden
from qlvb.models import Delegation, Membership, Role
from signatures.errors import SignatureError

SIGNING_SCOPE = "signing"


def require_leader(*, actor, organization, on_behalf_of=None) -> tuple[Membership, Delegation | None]:
    """The actor's membership and, when signing for another leader, the delegation allowing it."""
    membership = access.membership(actor, organization)
    if membership is None:
        raise Forbidden(SignatureError.NOT_A_MEMBER_OF, organization=organization)
    if on_behalf_of is None or on_behalf_of == actor:
        if Role.LEADER not in membership.role_set:
            raise Forbidden(SignatureError.LEADER_ONLY_SIGNS)
        return membership, None
    leader = access.membership(on_behalf_of, organization)
    if leader is None or Role.LEADER not in leader.role_set:
        raise Forbidden(SignatureError.NOT_A_LEADER, person=on_behalf_of, organization=organization)
    delegation = access.delegation_in_force(delegate=actor, delegator=on_behalf_of, scope=SIGNING_SCOPE)
    if delegation is None or delegation.organization_id != organization.pk:
        raise Forbidden(SignatureError.NO_SIGNING_DELEGATION, leader=on_behalf_of)
    return membership, delegation


def require_clerk(*, actor, organization) -> Membership:
    membership = access.membership(actor, organization)
    if membership is None or Role.CLERK not in membership.role_set:
        raise Forbidden(SignatureError.CLERK_ONLY_SEALS)
    return membership


def require_admin_permission(actor, codename: str) -> None:
    """Trust-store and key administration; ``actor=None`` is the operator at the command line."""
    if actor is None:
        return
    if not (actor.is_active and actor.has_perm(f"signatures.{codename}")):
        raise Forbidden(SignatureError.NOT_KEY_ADMINISTRATOR)
