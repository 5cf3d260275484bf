"""The one permission rule for documents: `Document.objects.visible_to(user)`.

Who sees a document of an organization:
- anyone it was explicitly given to (a grant: assignment, presentation, delivery), and the
  people a grantee has delegated handling to, while the delegation lasts;
- the organization's clerks and leaders: all its documents;
- a unit head: the documents of the unit, and those they created;
- a specialist: those they created.
Secret documents (độ mật) additionally need the membership's secret clearance, unless granted.
Admins manage the system; the admin role alone shows no document content.

Every reader of documents starts here: the lists, pages, API, search, exports and registers, and
the alerts' pages, reports and e-mails, which show operational facts (numbers, states, organ ids)
to the organization's admins but a document's subject only to those this rule lets read it
(`subjects_for`). Memberships, roles and delegations are read through qlvb.access.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from documents.literals import Secrecy
from qlvb.access import memberships, shown_subject
from qlvb.models import Delegation, Role
from qlvb.models.delegation import DelegationScope


class DocumentQuerySet(QuerySet):
    def visible_to(self, user) -> DocumentQuerySet:
        """The documents `user` may see (none for an inactive or anonymous user)."""
        return self.filter(self._visibility_q(user))

    def subjects_for(self, user) -> dict[int, str]:
        """{document id: the subject as `user` may see it} for these documents, to show next to the
        operational facts: the subject where the rule lets `user` read the document, a placeholder
        otherwise, and never a secret document's."""
        readable = set(self.visible_to(user).values_list("pk", flat=True))
        return {pk: shown_subject(subject, secret=secrecy != Secrecy.NONE, readable=pk in readable)
                for pk, subject, secrecy in self.values_list("pk", "subject", "secrecy")}

    def _visibility_q(self, user) -> Q:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return Q(pk__in=[])
        grants = self.model._meta.get_field("access_grants").related_model.objects
        delegators = Delegation.objects.in_force(scope=DelegationScope.HANDLING).filter(delegate=user)
        q = Q(Exists(grants.filter(document=OuterRef("pk"), user=user)))
        q |= Q(Exists(grants.filter(document=OuterRef("pk"), user__in=delegators.values("delegator"))))
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
                scope &= Q(secrecy=Secrecy.NONE)
            q |= scope
        return q
