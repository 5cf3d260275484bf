"""How a document signed under a delegation shows both people (Nghị định 30, Phụ lục I mục 7.b):
the authority line "TUQ. PHÓ CHỦ TỊCH / TRƯỞNG PHÒNG" above the delegate's name, and the delegation
it was signed under (period, reason) for the document's page."""

from __future__ import annotations

from django.db.models import Q

from documents.models import Document
from qlvb.access import membership
from qlvb.models import Delegation
from qlvb.models.delegation import DelegationScope

SIGNING_VERBS = {"KT": "ký thay", "TUQ": "ký thừa ủy quyền", "TL": "ký thừa lệnh", "TM": "ký thay mặt"}


def signature_caption(document: Document) -> str:
    """"TUQ. PHÓ CHỦ TỊCH / TRƯỞNG PHÒNG" for a document signed for someone else; "" otherwise."""
    if not document.signing_form or not document.signed_on_behalf_of_id:
        return ""
    head = membership(document.signed_on_behalf_of, document.organization_id)
    head_title = (head.position_title if head else "") or str(document.signed_on_behalf_of)
    caption = f"{document.signing_form}. {head_title.upper()}"
    return f"{caption} / {document.signer_title.upper()}" if document.signer_title else caption


def signing_delegation(document: Document) -> Delegation | None:
    """The delegation in force when the document was signed for someone else (revoked since or not)."""
    if not document.signed_on_behalf_of_id or not document.signed_by_id or document.signed_at is None:
        return None
    at = document.signed_at
    return (Delegation.objects.filter(delegate_id=document.signed_by_id, delegator_id=document.signed_on_behalf_of_id,
                                      organization_id=document.organization_id, starts_at__lte=at, ends_at__gt=at,
                                      scope__in=[DelegationScope.SIGNING, DelegationScope.ALL])
            .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)).order_by("-starts_at").first())


def signing_verb(document: Document) -> str:
    return SIGNING_VERBS.get(document.signing_form, "ký thay")
