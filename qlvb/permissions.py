"""The one permission filter every read of documents goes through.

Who sees a document of an organization:
- anyone it was explicitly given to (a grant: assignment, presentation, delivery), and the
  people a grantee has delegated handling to, while the delegation lasts;
- the organization's clerks and leaders: all its documents;
- a unit head: the documents of the unit, and those they created;
- a specialist: those they created.
Secret documents (độ mật) additionally need the membership's secret clearance, unless granted.
Admins manage the system; the admin role alone shows no document content.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Delegation, Membership, Role
from .models.delegation import DelegationScope

NOT_SECRET = Q(secrecy=0)


def document_visibility_q(user) -> Q:
    """A Q over documents.Document that matches exactly what `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    from documents.models import DocumentAccess  # the core stays importable without the documents app

    now = timezone.now()
    delegators = Delegation.objects.filter(
        delegate=user, starts_at__lte=now, ends_at__gt=now, revoked_at__isnull=True,
        scope__in=[DelegationScope.HANDLING, DelegationScope.ALL],
    ).values("delegator")
    q = Q(Exists(DocumentAccess.objects.filter(document=OuterRef("pk"), user=user)))
    q |= Q(Exists(DocumentAccess.objects.filter(document=OuterRef("pk"), user__in=delegators)))
    memberships = Membership.objects.filter(user=user, is_active=True).prefetch_related("roles")
    for m in memberships:
        roles = m.role_set
        own = Q(organization_id=m.organization_id)
        if roles & {Role.CLERK, Role.LEADER}:
            scope = own
        elif Role.UNIT_HEAD in roles and m.unit_id:
            scope = own & (Q(unit_id=m.unit_id) | Q(created_by=user))
        elif roles & {Role.SPECIALIST, Role.UNIT_HEAD}:
            scope = own & Q(created_by=user)
        else:
            continue
        if not m.secret_clearance:
            scope &= NOT_SECRET
        q |= scope
    return q


def visible_documents(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(document_visibility_q(user))
