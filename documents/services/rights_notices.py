"""Warnings when rights change (Phụ lục VI III.6.l): the person concerned and the organization's
clerks are told, by a notice on "Việc của tôi" (documents.services.notices), in the transaction of
the change.

- Rights to a document: an explicit grant (`DocumentAccess`) is given when a document is presented
  to a leader, assigned or redistributed (`document_access_grant`). Grants are never taken back by
  any service today; if one comes, it tells the same people here.
- Rights in general: memberships, roles, units, secret clearance, activity and delegations, changed
  in qlvb (the admin, `person_upsert`, the delegation services), which calls `person_rights_notify`
  through `qlvb.services.rights.rights_listener_register` (registered in documents.apps).
- Rights to a hồ sơ: documents.services.records.access.
"""

from __future__ import annotations

from django.urls import reverse

from documents.models import Document, DocumentAccess
from documents.models.notices import Notice
from documents.services.notices import clerks_of, notice_send

REASONS = {"presented": "được trình", "assigned:lead": "được giao chủ trì",
           "assigned:coordinate": "được giao phối hợp", "assigned:inform": "được gửi để biết"}


def _document_url(document: Document) -> str:
    name = "outgoing:detail" if document.direction == "out" else "documents:detail"
    return reverse(name, args=[document.pk])


def document_access_grant(*, document: Document, users, reason: str, actor=None) -> list[int]:
    """Give `users` an explicit grant on `document`; those who did not have one, and the
    organization's clerks (not the actor), are told. Returns the ids of the new grantees."""
    users = [u for u in users if u is not None]
    had = set(DocumentAccess.objects.filter(document=document, user__in=users).values_list("user_id", flat=True))
    DocumentAccess.objects.bulk_create(
        [DocumentAccess(document=document, user=u, reason=reason) for u in users], ignore_conflicts=True)
    new = [u for u in dict.fromkeys(users) if u.pk not in had]
    clerks = [pk for pk in clerks_of(document.organization_id) if pk != getattr(actor, "pk", None)]
    why = REASONS.get(reason, reason)
    by = f" (bởi {actor})" if actor is not None else ""
    for user in new:
        notice_send(users=[user.pk, *clerks], kind=Notice.Kind.RIGHTS_CHANGED, organization=document.organization,
                    text=f"{user} được quyền xem văn bản {document.symbol or '(chưa có số)'}: {why}{by}.",
                    url=_document_url(document))
    return [u.pk for u in new]


def document_access_revoke(*, document: Document, users, actor=None, reason: str = "") -> list[int]:
    """Take back `users`' explicit grants on `document`; they and the clerks are told."""
    users = [u for u in users if u is not None]
    gone = list(DocumentAccess.objects.filter(document=document, user__in=users).values_list("user_id", flat=True))
    DocumentAccess.objects.filter(document=document, user_id__in=gone).delete()
    clerks = [pk for pk in clerks_of(document.organization_id) if pk != getattr(actor, "pk", None)]
    by = f" (bởi {actor})" if actor is not None else ""
    for user in (u for u in users if u.pk in gone):
        notice_send(users=[user.pk, *clerks], kind=Notice.Kind.RIGHTS_CHANGED, organization=document.organization,
                    text=f"{user} không còn quyền xem văn bản {document.symbol or '(chưa có số)'}{by}."
                         + (f" Lý do: {reason}" if reason else ""),
                    url=_document_url(document))
    return gone


def person_rights_notify(*, actor, user, organization, changes: list[str], also=()) -> None:
    """The listener of qlvb.services.rights: tell the person (and `also`) and the organization's clerks."""
    by = f" (bởi {actor})" if actor is not None else ""
    notice_send(users=[user.pk, *(getattr(p, "pk", p) for p in also), *clerks_of(organization)], kind=Notice.Kind.RIGHTS_CHANGED, organization=organization,
                text=f"Quyền của {user} tại {organization.short_name or organization.name} thay đổi{by}: "
                     + "; ".join(changes) + ".",
                url=reverse("my-work"))
