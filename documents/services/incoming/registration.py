"""Receiving and registering incoming documents (Điều 20–22): paper, internal delivery, register,
reject, and the duplicate check the clerk sees before registering."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from documents.errors import DocumentError
from documents.literals import Direction, Secrecy
from documents.models import Document, DocumentFile
from documents.selectors.documents import document_current_files
from documents.services.files import file_store, issued_file_name
from documents.services.incoming.arrival import arrival_followups
from documents.services.incoming.receive import answered_document_link
from documents.services.incoming.statuses import sender_status_send
from documents.services.numbering import number_assign, register_for
from documents.services.rights_notices import document_access_grant
from documents.services.scan.reading import scan_file_ocr_queue, scan_validate
from interchange.models import Recipient
from interchange.packaging import document_external_id, response_for
from qlvb.access import require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.models import Role
from qlvb.services.audit import audit_record

CLERK_ONLY = DocumentError.NOT_A_CLERK


def _ensure_not_frozen(document: Document) -> None:
    if document.is_frozen:
        raise Refused(DocumentError.DOCUMENT_FROZEN)


def incoming_duplicates(*, document: Document) -> QuerySet[Document]:
    """Earlier incoming documents of the same organization that look like this one:
    the same DocumentId, or the same số, ký hiệu and issuing organization."""
    same = Q()
    if document.external_id:
        same |= Q(external_id=document.external_id)
    if document.symbol:
        issuer = Q(issuer_id=document.issuer_id) if document.issuer_id else Q(issuer_name__iexact=document.issuer_name)
        same |= Q(symbol__iexact=document.symbol) & issuer
    if not same:
        return Document.objects.none()
    return (
        Document.objects.filter(same, organization=document.organization, direction=Direction.INCOMING)
        .exclude(pk=document.pk)
        .exclude(state__in=[Document.State.REJECTED])
        .order_by("created_at")
    )


@transaction.atomic
def incoming_create_paper(
    *, actor, organization, document_type, symbol: str, subject: str, issued_on, issuer=None, issuer_name: str = "",
    urgency: int = 0, secrecy: int = 0, due_date=None, scan: tuple[str, bytes] | None = None,
    attachments: list[tuple[str, bytes]] = (), signer_name: str = "", signer_title: str = "",
) -> Document:
    """A paper document: the clerk uploads the scan (PDF or image) and types or confirms the fields;
    it arrives now. A scan without a text layer is OCR'd in a worker to become searchable."""
    require_role(actor, organization, Role.CLERK, message=CLERK_ONLY)
    scan_type = scan_validate(data=scan[1]) if scan is not None else ""
    document = Document.objects.create(
        organization=organization, direction=Direction.INCOMING, source=Document.Source.PAPER,
        state=Document.State.ARRIVED, document_type=document_type, symbol=symbol.strip(), subject=subject.strip(),
        issued_on=issued_on, issuer=issuer, issuer_name=issuer_name or (issuer.name if issuer else ""),
        urgency=urgency, secrecy=secrecy, due_date=due_date, received_at=timezone.now(), created_by=actor,
        signer_name=signer_name.strip()[:150], signer_title=signer_title.strip()[:150],
    )
    if scan is not None:
        stored = file_store(document=document, name=scan[0], data=scan[1], content_type=scan_type,
                            role=DocumentFile.Role.MAIN)
        scan_file_ocr_queue(stored=stored, data=scan[1])
    for name, data in attachments:
        file_store(document=document, name=name, data=data, content_type="", role=DocumentFile.Role.APPENDIX)
    audit_record(action=AuditAction.INCOMING_ARRIVED, actor=actor, organization=organization, obj=document,
                 data={"source": "paper", "symbol": document.symbol})
    arrival_followups(document)
    return document


@transaction.atomic
def incoming_register(*, actor, document: Document, allow_duplicate: bool = False) -> Document:
    """Vào sổ: the next number of the incoming (or secret) register, the arrival date; status 03."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
    _ensure_not_frozen(document)
    if document.state != Document.State.ARRIVED:
        raise Refused(DocumentError.NOT_AWAITING_REGISTRATION, state=document.get_state_display())
    earlier = incoming_duplicates(document=document).first()
    if earlier is not None and not allow_duplicate:
        raise Refused(DocumentError.POSSIBLE_DUPLICATE, number=earlier.register_number or "—", symbol=earlier.symbol)
    register = register_for(organization=document.organization, direction=Direction.INCOMING,
                            document_type=document.document_type, secret=document.secrecy > Secrecy.NONE)
    document.register = register
    document.register_number = number_assign(register=register)
    document.registered_at = timezone.now()
    document.state = Document.State.REGISTERED
    document.save(update_fields=["register", "register_number", "registered_at", "state"])
    audit_record(action=AuditAction.INCOMING_REGISTER, actor=actor, organization=document.organization, obj=document,
                 data={"register": register.pk, "number": document.register_number,
                       "duplicate_of": earlier.pk if earlier else None})
    sender_status_send(document=document, code="03", actor=actor)
    return document


@transaction.atomic
def incoming_reject(*, actor, document: Document, reason: str) -> Document:
    """Từ chối tiếp nhận (misaddressed, invalid signature…): status 02 with the reason."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
    _ensure_not_frozen(document)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(DocumentError.REJECTION_REASON_REQUIRED)
    if document.state != Document.State.ARRIVED:
        raise Refused(DocumentError.NOT_REJECTABLE)
    document.state = Document.State.REJECTED
    document.rejection_reason = reason
    document.save(update_fields=["state", "rejection_reason"])
    audit_record(action=AuditAction.INCOMING_REJECT, actor=actor, organization=document.organization, obj=document,
                 data={"reason": reason})
    sender_status_send(document=document, code="02", description=reason, actor=actor)
    return document


@transaction.atomic
def internal_deliver(*, actor, document: Document, recipients) -> list[Document]:
    """Deliver an issued document to organizations in this deployment, without the axis.

    Each recipient gets its own incoming document in state "arrived", linked to the sender's
    delivery row, which its statuses then update.
    """
    if document.direction != Direction.OUTGOING:
        raise Refused(DocumentError.NOT_OUTGOING)
    if document.is_frozen:  # recalled: never delivered again (a resend from an alert included)
        raise Refused(DocumentError.OUTGOING_RECALLED)
    current = document_current_files(document)
    external_id = document_external_id(document)
    # What the package over the axis would carry as ResponseFor: the document this one answers.
    answered_reference = response_for(document.reply_to) if document.reply_to_id else None
    answering = (answered_reference,) if answered_reference is not None else ()
    delivered = []
    for org in recipients:
        if not org.hosted:
            raise Refused(DocumentError.RECIPIENT_NOT_HOSTED, organization=org.name)
        recipient = Recipient.objects.create(document=document, channel=Recipient.Channel.INTERNAL,
                                             organ_id=org.organ_id, name=org.name, state=Recipient.State.SENT)
        incoming = Document.objects.create(
            organization=org, direction=Direction.INCOMING, source=Document.Source.INTERNAL,
            state=Document.State.ARRIVED, document_type=document.document_type, symbol=document.symbol,
            subject=document.subject, issued_on=document.issued_on, issuer=document.organization,
            issuer_name=document.organization.name, urgency=document.urgency, secrecy=document.secrecy,
            external_id=external_id, signer_name=document.signer_name, signer_title=document.signer_title,
            due_date=document.due_date, received_at=timezone.now(), delivery=recipient,
        )
        appendices = 0
        for f in current:
            appendices += f.role != DocumentFile.Role.MAIN
            with f.file.open("rb") as fh:
                name = issued_file_name(symbol=incoming.symbol, original=f.name,
                                        appendix=None if f.role == DocumentFile.Role.MAIN else appendices)
                file_store(document=incoming, name=name, data=fh.read(), content_type=f.content_type, role=f.role)
        answered = answered_document_link(document=incoming, response_for=answering) if answering else None
        audit_record(action=AuditAction.INCOMING_ARRIVED, actor=actor, organization=org, obj=incoming,
                     data={"source": "internal", "from": document.organization.organ_id, "external_id": external_id,
                           "answers": answered.pk if answered else None})
        sender_status_send(document=incoming, code="01")
        arrival_followups(incoming)
        delivered.append(incoming)
    return delivered


def grant(document: Document, users, reason: str, *, actor=None) -> None:
    """Explicit grants; the new grantees and the clerks are told (documents.services.rights_notices)."""
    document_access_grant(document=document, users=users, reason=reason, actor=actor)

