"""Which copies a person sees: those of the documents they may read; the copies register of the
organizations where they are a clerk, a leader or an archivist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Document, DocumentCopy
from qlvb.access import memberships
from qlvb.models import Role

REGISTER_ROLES = (Role.CLERK, Role.LEADER, Role.ARCHIVIST)


def copy_list(*, user) -> QuerySet[DocumentCopy]:
    return (DocumentCopy.objects.filter(original__in=Document.objects.visible_to(user))
            .select_related("original", "organization", "requested_by", "signer"))


def copy_get(*, user, pk: int) -> DocumentCopy:
    return get_object_or_404(copy_list(user=user), pk=pk)


def copy_register_organizations(*, user) -> list:
    return [m.organization for m in memberships(user).filter(roles__role__in=REGISTER_ROLES).distinct()]


def copy_register_rows(*, organization, year: int) -> QuerySet[DocumentCopy]:
    """The copies register of ``organization`` for ``year``: numbered copies, in number order."""
    return (DocumentCopy.objects.filter(organization=organization, register__year=year, number__isnull=False)
            .select_related("original", "requested_by", "signer").order_by("number"))


def copies_waiting(*, organization) -> QuerySet[DocumentCopy]:
    """Copies of ``organization`` waiting for the leader's signature, the seal or the printing."""
    return (DocumentCopy.objects.filter(organization=organization,
                                        state__in=(DocumentCopy.State.REQUESTED, DocumentCopy.State.SIGNED))
            .select_related("original", "requested_by").order_by("requested_at"))
