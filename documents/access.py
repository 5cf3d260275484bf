"""The one permission rule for documents: `Document.objects.visible_to(user)`.

Who sees a document of an organization:
- anyone it was explicitly given to (a grant: assignment, presentation, delivery), and the
  people a grantee has delegated handling to, while the delegation lasts;
- a delegate for signing: the organization's outgoing drafts waiting for signature (approved),
  while the delegation lasts; whoever signed a document: that document;
- the organization's clerks and leaders: all its documents;
- a unit head: the documents of the unit, and those they created;
- a specialist: those they created;
- archive staff: the documents of the hồ sơ submitted to, kept in or returned by their archive.
Secret documents (độ mật) additionally need the membership's secret clearance, unless granted.
Admins manage the system; the admin role alone shows no document content.

Every reader of documents starts here: the lists, pages, API, search, exports and registers, and
the alerts' pages, reports and e-mails, which show operational facts (numbers, states, organ ids)
to the organization's admins but a document's subject only to those this rule lets read it
(`subjects_for`). Memberships, roles and delegations are read through qlvb.access.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from documents.literals import Direction, Secrecy
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
        # A reader given a hồ sơ (restricted access, or an approved archive reading request) reads its documents.
        record_items = self.model._meta.get_field("record_items").related_model.objects
        q |= Q(Exists(record_items.filter(document=OuterRef("pk"),
                                          record__in=RecordFileQuerySet.granted_ids(user))))
        q |= Q(Exists(grants.filter(document=OuterRef("pk"), user__in=delegators.values("delegator"))))
        # A delegate for signing sees the drafts waiting for the delegators' signature (approved,
        # outgoing) while the delegation lasts; a signer always sees what they signed.
        signing_orgs = Delegation.objects.in_force(scope=DelegationScope.SIGNING).filter(
            delegate=user).values("organization_id")
        for m in memberships(user):
            roles = m.role_set
            own = Q(organization_id=m.organization_id)
            to_sign = own & Q(organization_id__in=signing_orgs, direction=Direction.OUTGOING, state="approved")
            q |= own & Q(signed_by=user)
            q |= to_sign if m.secret_clearance else to_sign & Q(secrecy=Secrecy.NONE)
            if Role.ARCHIVIST in roles:
                # Archive staff read the documents of the hồ sơ submitted to, kept in or returned by
                # their archive (they check them before accepting, and keep them).
                in_archive = own & Q(Exists(record_items.filter(
                    document=OuterRef("pk"), record__organization_id=m.organization_id,
                    record__state__in=RecordFileQuerySet.IN_ARCHIVE)))
                q |= in_archive if m.secret_clearance else in_archive & Q(secrecy=Secrecy.NONE)
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


class RecordFileQuerySet(QuerySet):
    """The one permission rule for hồ sơ: `RecordFile.objects.visible_to(user)`.

    - the person who opened it (người lập hồ sơ), while it is theirs to fill and submit;
    - anyone named on it with an unexpired grant (restricted access, approved reading request);
    - the organization's leaders: every hồ sơ;
    - clerks: every hồ sơ not restricted;
    - a unit head: the unit's hồ sơ not restricted;
    - everyone in the organization: hồ sơ whose access is "organization";
    - archive staff (lưu trữ cơ quan): hồ sơ submitted to, kept in or returned by the archive.
    Once archived, a hồ sơ is read through the archive: its owner, clerks, unit heads and colleagues
    need an approved reading request (Phụ lục VI III.6.c); leaders and archive staff keep access.
    """

    IN_ARCHIVE = ("submitted", "returned", "archived", "kept", "disposed")
    ARCHIVED = ("archived", "disposed")

    @staticmethod
    def granted_ids(user) -> QuerySet:
        from documents.models.records import RecordFileAccess

        now = timezone.now()
        return (RecordFileAccess.objects.filter(user=user).filter(Q(until__isnull=True) | Q(until__gt=now))
                .values("record_id"))

    def visible_to(self, user) -> RecordFileQuerySet:
        return self.filter(self._visibility_q(user))

    def _visibility_q(self, user) -> Q:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return Q(pk__in=[])
        q = Q(pk__in=self.granted_ids(user))
        not_archived = ~Q(state__in=self.ARCHIVED)
        q |= Q(owner=user) & not_archived
        for m in memberships(user):
            roles = m.role_set
            own = Q(organization_id=m.organization_id)
            if Role.LEADER in roles:
                q |= own
                continue
            if Role.ARCHIVIST in roles:
                q |= own & Q(state__in=self.IN_ARCHIVE)
            open_to_org = own & not_archived & ~Q(access="restricted")
            if Role.CLERK in roles:
                q |= open_to_org
            elif Role.UNIT_HEAD in roles and m.unit_id:
                q |= open_to_org & Q(unit_id=m.unit_id)
            if roles - {Role.ADMIN}:  # the admin role alone shows no document content
                q |= own & not_archived & Q(access="organization")
        return q
