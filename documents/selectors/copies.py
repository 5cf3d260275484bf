"""Which copies a person sees: those of the documents they may read (Document.objects.visible_to),
in lists, on a document's page and in the copies register of each organization they belong to."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from documents.models import Document, DocumentCopy
from qlvb.access import memberships


def copy_list(*, user) -> QuerySet[DocumentCopy]:
    return (DocumentCopy.objects.filter(original__in=Document.objects.visible_to(user))
            .select_related("original", "organization", "requested_by", "signer"))


def copy_get(*, user, pk: int) -> DocumentCopy:
    return get_object_or_404(copy_list(user=user), pk=pk)


def copy_register_organizations(*, user) -> list:
    return [m.organization for m in memberships(user)]


def copy_register_rows(*, user, organization, year: int) -> QuerySet[DocumentCopy]:
    """The copies register of ``organization`` for ``year``: numbered copies, in number order (those of
    documents ``user`` may read: for its clerks and leaders, all of them)."""
    return (copy_list(user=user).filter(organization=organization, register__year=year, number__isnull=False)
            .order_by("number"))


def copies_waiting(*, user, organization) -> QuerySet[DocumentCopy]:
    """Copies of ``organization`` waiting for the leader's signature, the seal or the printing."""
    return (copy_list(user=user).filter(organization=organization,
                                        state__in=(DocumentCopy.State.REQUESTED, DocumentCopy.State.SIGNED))
            .order_by("requested_at"))
