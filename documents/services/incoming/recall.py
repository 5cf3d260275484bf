"""When the sender takes a document back (status 13, business type revoke) or sends an update
or a replacement: the clerk agrees (15) or refuses (16); an agreed recall freezes the document."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import Document
from documents.services.incoming.statuses import sender_status_send
from qlvb.access import require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.models import Role
from qlvb.services.audit import audit_record


def incoming_for_sender_document(*, organization_organ_id: str, external_id: str) -> Document | None:
    """Our incoming copy of a sender's document (by its DocumentId), for the organization it came to."""
    if not external_id:
        return None
    qs = Document.objects.filter(direction="in", external_id=external_id, related_to__isnull=True)
    if organization_organ_id:
        qs = qs.filter(organization__organ_id=organization_organ_id)
    return qs.order_by("created_at").first()


@transaction.atomic
def incoming_recall_request(*, document: Document, reason: str = "") -> Document:
    """The sender asks to take the document back; the clerk has to answer."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_frozen:
        return document
    document.recall_requested_at = timezone.now()
    document.recall_reason = reason
    document.save(update_fields=["recall_requested_at", "recall_reason"])
    audit_record(action=AuditAction.INCOMING_RECALL_REQUESTED, organization=document.organization, obj=document,
                 data={"reason": reason})
    return document


@transaction.atomic
def incoming_recall_answer(*, actor, document: Document, agree: bool, note: str = "") -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=DocumentError.NOT_A_CLERK_FOR_RECALL)
    if document.recall_requested_at is None:
        raise Refused(DocumentError.RECALL_NOT_REQUESTED)
    if document.is_frozen:
        raise Refused(DocumentError.ALREADY_RECALLED)
    if agree:
        document.state = Document.State.RECALLED
        document.is_frozen = True
        document.recall_note = (note or f"Thu hồi theo đề nghị của {document.issuer_name}: "
                                        f"{document.recall_reason}").strip()
        document.save(update_fields=["state", "is_frozen", "recall_note"])
    else:
        document.recall_requested_at = None
        document.save(update_fields=["recall_requested_at"])
    audit_record(action=AuditAction.INCOMING_RECALL_AGREE if agree else AuditAction.INCOMING_RECALL_REFUSE, actor=actor,
                 organization=document.organization, obj=document, data={"note": note})
    sender_status_send(document=document, code="15" if agree else "16", description=note, actor=actor)
    return document


def link_to_original(*, document: Document, original_external_id: str, relation: str) -> Document | None:
    """An update or a replacement from the sender points at the document it changes."""
    original = incoming_for_sender_document(organization_organ_id=document.organization.organ_id,
                                            external_id=original_external_id)
    if original is not None and original.pk != document.pk:
        Document.objects.filter(pk=document.pk).update(related_to=original, relation=relation)
        audit_record(action=AuditAction(f"incoming.{relation}"), organization=document.organization, obj=document,
                     data={"original": original.pk})
    return original
