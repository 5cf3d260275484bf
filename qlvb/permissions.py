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

from qlvb.access import memberships

from .models import Delegation, Role
from .models.delegation import DelegationScope

NOT_SECRET = Q(secrecy=0)


def document_visibility_q(user) -> Q:
    """A Q over documents.Document that matches exactly what `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    from documents.models import DocumentAccess  # the core stays importable without the documents app

    delegators = Delegation.objects.in_force(scope=DelegationScope.HANDLING).filter(delegate=user).values("delegator")
    q = Q(Exists(DocumentAccess.objects.filter(document=OuterRef("pk"), user=user)))
    q |= Q(Exists(DocumentAccess.objects.filter(document=OuterRef("pk"), user__in=delegators)))
    for m in memberships(user):
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
