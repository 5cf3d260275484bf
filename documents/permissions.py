"""Rules about acting on a document, built on qlvb.access (memberships, roles, delegations in force):
acting as a leader, reviewing a draft."""

from __future__ import annotations

from documents.errors import DocumentError
from documents.models import Document, ReviewStep
from qlvb.access import delegation_in_force, has_role, memberships
from qlvb.errors import Forbidden
from qlvb.models import Membership, Role


def acting_leader(user, organization, *, scope: str, on_behalf_of=None):
    """The leader `user` acts as: themself, or the delegator of an active delegation.

    Returns (leader, delegation or None); raises Forbidden if `user` may not act as a leader.
    """
    if on_behalf_of is not None and on_behalf_of != user:
        delegation = delegation_in_force(delegate=user, delegator=on_behalf_of, scope=scope)
        if delegation is None or delegation.organization_id != organization.pk:
            raise Forbidden(DocumentError.NO_DELEGATION)
        return on_behalf_of, delegation
    if not has_role(user, organization, Role.LEADER):
        raise Forbidden(DocumentError.LEADER_ONLY)
    return user, None


def content_reviewer_role(document: Document) -> str:
    """Who checks a draft's content (kiểm tra nội dung): the heads of its drafting unit; when the
    draft has no unit (drafted by someone outside the units, e.g. a clerk or the office) or its unit
    has no active head (for a secret draft: none with the secret clearance), the organization's
    leaders (lãnh đạo, chánh văn phòng), who see all of its documents: the reviewer is always
    someone `Document.objects.visible_to` lets open the draft."""
    heads = Membership.objects.filter(organization_id=document.organization_id, unit_id=document.unit_id,
                                      is_active=True, user__is_active=True, roles__role=Role.UNIT_HEAD)
    if document.secrecy:
        heads = heads.filter(secret_clearance=True)  # a secret draft only to a head who may read it
    if document.unit_id and heads.exists():
        return Role.UNIT_HEAD
    return Role.LEADER


def may_review(user, document: Document, step: ReviewStep) -> bool:
    """A review step of a draft is decided by a unit head of the drafting unit, or a leader when
    there is none (content: `content_reviewer_role`), or a clerk (format) of the document's
    organization."""
    if step.kind == ReviewStep.Kind.CONTENT:
        role = content_reviewer_role(document)
    else:
        role = Role.CLERK
    qs = memberships(user).filter(organization_id=document.organization_id, roles__role=role)
    if role == Role.UNIT_HEAD:
        qs = qs.filter(unit_id=document.unit_id)
    # Never a reviewer who cannot open the draft (e.g. a secret one without the clearance).
    return qs.exists() and Document.objects.visible_to(user).filter(pk=document.pk).exists()


# Correcting a document's metadata after entry (Phụ lục VI III.7.c; services.records.metadata):
# - incoming documents, in any state: the organization's clerks (văn thư) and leaders (lãnh đạo);
# - outgoing documents once issued (chờ phát hành, đã phát hành): the same; before that the draft is
#   edited in drafting (author, unit head, clerk), not here;
# - only leaders change the secrecy (độ mật);
# - never a recalled (frozen) document, nor one in a hồ sơ kept by the archive (archived, disposed);
# - always someone `Document.objects.visible_to` lets open the document (a secret one needs the clearance).
METADATA_EDITOR_ROLES = (Role.CLERK, Role.LEADER)
METADATA_OUTGOING_STATES = (Document.State.ISSUED, Document.State.DISPATCHED)


def may_edit_metadata(user, document: Document) -> bool:
    """Whether `user` holds a role that corrects `document`'s metadata (the state is the service's to check)."""
    return (has_role(user, document.organization_id, *METADATA_EDITOR_ROLES)
            and Document.objects.visible_to(user).filter(pk=document.pk).exists())


def may_change_secrecy(user, document: Document) -> bool:
    return has_role(user, document.organization_id, Role.LEADER)
def may_see_access_history(user, document: Document) -> bool:
    """Who sees who opened a document's files (its access history): whoever may read the document
    (`Document.objects.visible_to`) and is a clerk or a leader of its organization, or created it.

    Not the specialists and unit heads it was handed to: they read it, but do not watch who else
    did. Not the organization's admins alone: the admin role shows no document content."""
    if not Document.objects.visible_to(user).filter(pk=document.pk).exists():
        return False
    return document.created_by_id == user.pk or has_role(user, document.organization, Role.CLERK, Role.LEADER)


def may_see_access_reports(user, organization) -> bool:
    """The access reports of an organization (counts per document, person, day): its clerks and leaders."""
    return has_role(user, organization, Role.CLERK, Role.LEADER)
