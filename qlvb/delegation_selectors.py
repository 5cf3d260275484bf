"""Reads for the delegation pages (ủy quyền): a person's delegations given and received, in force,
upcoming and past; the people a leader may delegate to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from qlvb.access import memberships
from qlvb.models import Delegation, Membership, Role, User

DELEGATE_ROLES = (Role.LEADER, Role.UNIT_HEAD)


@dataclass
class DelegationLists:
    in_force: list[Delegation] = field(default_factory=list)
    upcoming: list[Delegation] = field(default_factory=list)
    past: list[Delegation] = field(default_factory=list)


def delegations_of(user, *, now: dt.datetime | None = None, past_limit: int = 20) -> DelegationLists:
    """The delegations `user` gave or received, in the organizations they work in: in force (soonest
    to end first), upcoming (soonest first), past or revoked (latest first)."""
    now = now or timezone.now()
    orgs = memberships(user).values("organization_id")
    qs = (Delegation.objects.filter(Q(delegator=user) | Q(delegate=user), organization_id__in=orgs)
          .select_related("delegator", "delegate", "organization"))
    return DelegationLists(
        in_force=list(qs.in_force(at=now).order_by("ends_at", "pk")),
        upcoming=list(qs.filter(starts_at__gt=now, revoked_at__isnull=True).order_by("starts_at", "pk")),
        past=list(qs.filter(Q(ends_at__lte=now) | Q(revoked_at__isnull=False)).order_by("-ends_at", "-pk")[:past_limit]),
    )


def delegations_received_in_force(user, *, now: dt.datetime | None = None) -> QuerySet[Delegation]:
    """What the person may do for others right now (the banner on "Việc của tôi")."""
    orgs = memberships(user).values("organization_id")
    return (Delegation.objects.in_force(at=now).filter(delegate=user, organization_id__in=orgs)
            .select_related("delegator", "organization").order_by("ends_at", "pk"))


def delegation_visible(user, pk: int) -> Delegation | None:
    """A delegation the person gave or received, or one of an organization they administer; None otherwise."""
    admin_orgs = memberships(user).filter(roles__role=Role.ADMIN).values("organization_id")
    return (Delegation.objects.filter(pk=pk).filter(Q(delegator=user) | Q(delegate=user)
                                                    | Q(organization_id__in=admin_orgs))
            .select_related("delegator", "delegate", "organization").first())


def delegating_organizations(user) -> list:
    """The organizations where the person is a leader, so may delegate."""
    return [m.organization for m in memberships(user) if Role.LEADER in m.role_set]


def delegate_candidates(user, organizations) -> QuerySet[User]:
    """The active leaders and heads of units of `organizations`, not the person themself, by name."""
    members = Membership.objects.filter(organization__in=organizations, is_active=True,
                                        roles__role__in=DELEGATE_ROLES)
    return (User.objects.filter(is_active=True, pk__in=members.values("user_id")).exclude(pk=user.pk)
            .order_by("full_name", "username"))
