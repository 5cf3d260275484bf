"""Reads of the core: a person's roles and memberships."""

from __future__ import annotations

from .models import Membership


def membership_list(*, user):
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization", "unit")
        .prefetch_related("roles")
    )


def user_roles(*, user) -> set[str]:
    roles: set[str] = set()
    for m in membership_list(user=user):
        roles |= m.role_set
    return roles
