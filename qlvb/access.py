"""Who a person is, written once: where they work and with which roles, whom they act for under a
delegation in force, and what a document's subject shows to a reader who may not read it.

Everything that decides on people reads this module: the documents' permission rule
(documents.access), the services checking an actor's role, the signature rules, the alerts' scopes,
the navigation.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from qlvb.errors import ErrorCode, Forbidden
from qlvb.models import Delegation, Membership, Organization, Role, User

# --- memberships and roles ----------------------------------------------------------------------


def _pk(obj) -> int | None:
    return getattr(obj, "pk", obj)


def memberships(user) -> QuerySet[Membership]:
    """The person's active memberships, with organization, unit and roles; none for an inactive or
    anonymous user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return (Membership.objects.filter(user=user, is_active=True)
            .select_related("organization", "unit").prefetch_related("roles"))


def membership(user, organization) -> Membership | None:
    """The person's active membership in `organization` (an Organization or its id), if any."""
    return memberships(user).filter(organization_id=_pk(organization)).first()


def organizations_of(user) -> list[Organization]:
    """The organizations the person works in, by name."""
    return list(Organization.objects.filter(pk__in=memberships(user).values("organization_id")).order_by("name"))


def roles_in(user, organization) -> set[str]:
    m = membership(user, organization)
    return m.role_set if m else set()


def user_roles(user) -> set[str]:
    """Every role the person holds, in any organization."""
    roles: set[str] = set()
    for m in memberships(user):
        roles |= m.role_set
    return roles


def has_role(user, organization, *roles: str) -> bool:
    return bool(roles_in(user, organization) & set(roles))


def require_role(user, organization, *roles: str, message: ErrorCode) -> Membership:
    """The person's membership in `organization` if it holds one of `roles`; Forbidden (with the
    refusal `message`, a code of the caller's app) otherwise."""
    m = membership(user, organization)
    if m is None or not (m.role_set & set(roles)):
        raise Forbidden(message)
    return m


def works_in(user, *, organization=None, unit=None) -> bool:
    """Whether the person is an active member of the organization (or of the unit)."""
    qs = memberships(user)
    if organization is not None:
        qs = qs.filter(organization_id=_pk(organization))
    if unit is not None:
        qs = qs.filter(unit_id=_pk(unit))
    return qs.exists()


def units_headed(user) -> QuerySet:
    """The ids of the units the person heads (lãnh đạo đơn vị), as a subquery."""
    return memberships(user).filter(roles__role=Role.UNIT_HEAD, unit__isnull=False).values("unit_id")


def heads_unit(user, unit) -> bool:
    return memberships(user).filter(roles__role=Role.UNIT_HEAD, unit_id=_pk(unit)).exists()


# --- delegation (ủy quyền) ----------------------------------------------------------------------

def delegation_in_force(*, delegate, delegator, scope: str, at: dt.datetime | None = None) -> Delegation | None:
    """The delegation under which `delegate` may act for `delegator` in `scope` at `at` (now), if any."""
    return (Delegation.objects.in_force(scope=scope, at=at).filter(delegate=delegate, delegator=delegator)
            .order_by("-starts_at").first())


def delegators_of(user, *, scope: str, organization=None) -> QuerySet[User]:
    """The people who let `user` act for them in `scope` now (in `organization`, if given), by name."""
    qs = Delegation.objects.in_force(scope=scope).filter(delegate=user)
    if organization is not None:
        qs = qs.filter(organization_id=_pk(organization))
    return User.objects.filter(pk__in=qs.values("delegator_id")).order_by("full_name")


# --- what a subject shows -----------------------------------------------------------------------

SECRET_SUBJECT = "(văn bản mật)"
HIDDEN_SUBJECT = "— (không có quyền xem trích yếu)"


def shown_subject(subject: str, *, secret: bool, readable: bool) -> str:
    """A document's subject (trích yếu) as shown outside the document's own pages (alerts, reports,
    e-mails): hidden from a reader the permission rule does not let read the document, and never
    written out for a secret document (độ mật), whoever reads."""
    if not readable:
        return HIDDEN_SUBJECT
    return SECRET_SUBJECT if secret else subject
