"""Create organizations, units and people with their memberships and roles."""

from __future__ import annotations

from django.db import transaction

from qlvb.audit_actions import AuditAction

from ..models import Membership, MembershipRole, Organization, Unit, User
from .audit import audit_record
from .rights import rights_snapshot, rights_tell


@transaction.atomic
def organization_upsert(*, organ_id: str, name: str, short_name: str, actor=None, **fields) -> Organization:
    org = Organization.objects.filter(organ_id=organ_id).first()
    created = org is None
    org = org or Organization(organ_id=organ_id)
    org.name, org.short_name = name, short_name
    for key, value in fields.items():
        setattr(org, key, value)
    org.full_clean()
    org.save()
    audit_record(action=AuditAction.ORGANIZATION_CREATE if created else AuditAction.ORGANIZATION_UPDATE, actor=actor,
                 organization=org, obj=org, data={"organ_id": organ_id, "name": name})
    return org


@transaction.atomic
def unit_upsert(*, organization: Organization, abbreviation: str, name: str, actor=None) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        organization=organization, abbreviation=abbreviation, defaults={"name": name}
    )
    return unit


@transaction.atomic
def person_upsert(
    *,
    username: str,
    full_name: str,
    organization: Organization,
    roles: list[str],
    unit: Unit | None = None,
    position_title: str = "",
    email: str = "",
    password: str | None = None,
    secret_clearance: bool = False,
    actor=None,
) -> User:
    """Create or update a user with one membership in `organization` holding exactly `roles`."""
    user = User.objects.filter(username=username).first()
    created = user is None
    before = rights_snapshot(user) if user is not None else None
    user = user or User(username=username)
    user.full_name, user.email = full_name, email
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    membership, _ = Membership.objects.update_or_create(
        user=user, organization=organization,
        defaults={"unit": unit, "position_title": position_title, "secret_clearance": secret_clearance,
                  "is_active": True},
    )
    membership.roles.exclude(role__in=roles).delete()
    for role in roles:
        MembershipRole.objects.get_or_create(membership=membership, role=role)
    if before is not None:
        rights_tell(actor=actor, user=user, before=before)
    if created:
        audit_record(action=AuditAction.USER_CREATE, actor=actor, organization=organization, obj=user,
                     data={"username": username, "roles": sorted(roles)})
    return user
