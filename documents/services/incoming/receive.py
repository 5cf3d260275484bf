"""Incoming documents (văn bản đến): how they arrive."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.literals import Direction, Urgency
from documents.models import Document, DocumentFile, DocumentType
from documents.services.files import file_store, issued_file_name
from documents.services.incoming.arrival import arrival_followups
from interchange import edxml
from interchange.services.outbox import outbound_status_enqueue
from qlvb.audit_actions import AuditAction
from qlvb.models import Organization
from qlvb.services.audit import audit_record


def document_type_for(type_name: str | None) -> DocumentType:
    """Our catalog entry for an edXML TypeName ("Công văn", "Quyết định"…); công văn if unknown."""
    name = (type_name or "").strip().lower()
    fallback = None
    for dt_ in DocumentType.objects.filter(is_active=True).order_by("group", "order").only("pk", "name", "code"):
        label = dt_.name.lower()
        if name and (label == name or label.startswith(name + " (")):
            return dt_
        if dt_.code == "cong-van":
            fallback = dt_
    return fallback or DocumentType.objects.get(code="cong-van")


def issuer_for(org: edxml.Organization) -> Organization | None:
    """The issuing organization, added to the directory when it is not there yet."""
    if not org.organ_id:
        return None
    existing = Organization.objects.filter(organ_id=org.organ_id).first()
    if existing is not None:
        return existing
    try:
        issuer = Organization(organ_id=org.organ_id, name=(org.organ_name or org.organ_id)[:200],
                              short_name="", hosted=False)
        issuer.full_clean(exclude=["short_name"], validate_unique=False)
    except ValidationError:  # an organ id we cannot file: keep the name on the document only
        return None
    try:
        with transaction.atomic():
            issuer.save()
    except IntegrityError:  # another worker added the same sender a moment ago
        return Organization.objects.get(organ_id=org.organ_id)
    return issuer


@transaction.atomic(savepoint=False)  # part of the inbox's transaction: all of it commits, or none
def incoming_receive_from_axis(*, inbound, message: edxml.EdocMessage) -> Document:
    """A document received over the axis becomes an incoming document in state "arrived".

    Status 01 (Đã đến) goes back to the sender in the same transaction, so it is sent the same day.
    """
    organization = Organization.objects.get(organ_id=inbound.to_organ_id) if inbound.to_organ_id else None
    if organization is None:
        organization = Organization.objects.get(organ_id=message.recipients[0].organ_id, hosted=True)
    code = message.code
    symbol = "/".join(p for p in (code.number, code.notation) if p) if code else ""
    priority = message.other_info.priority if message.other_info and message.other_info.priority else 0
    document = Document.objects.create(
        organization=organization, direction=Direction.INCOMING, source=Document.Source.AXIS,
        state=Document.State.ARRIVED, document_type=document_type_for(message.document_type.type_name
                                                                      if message.document_type else None),
        symbol=symbol[:60], subject=(message.subject or "")[:500],
        issued_on=message.promulgation.date if message.promulgation else None,
        issuer=issuer_for(message.sender), issuer_name=(message.sender.organ_name or "")[:200],
        urgency=priority if priority in Urgency.values else Urgency.NORMAL,
        external_id=message.document_id or "",
        signer_name=(message.signer.full_name or "")[:150] if message.signer else "",
        signer_title=(message.signer.position or "")[:150] if message.signer else "",
        due_date=message.due_date, received_at=timezone.now(),
    )
    for index, attachment in enumerate(message.attachments):
        if attachment.data is None:
            continue
        file_store(document=document, data=attachment.data,
                   name=issued_file_name(symbol=document.symbol, original=attachment.name,
                                         appendix=index if index else None),
                   role=DocumentFile.Role.MAIN if index == 0 else DocumentFile.Role.APPENDIX,
                   content_type=attachment.content_type or "")
    answered = answered_document_link(document=document, response_for=message.response_for)
    status = outbound_status_enqueue(document=document, code="01", audit=False, connection=inbound.connection)
    audit_record(action=AuditAction.INCOMING_ARRIVED, organization=organization, obj=document,
                 data={"source": "axis", "external_id": document.external_id, "inbound": inbound.pk,
                       "status_01": status.pk if status else None, "answers": answered.pk if answered else None})
    arrival_followups(document)
    return document


def answered_document_link(*, document: Document, response_for) -> Document | None:
    """A reply arrived (edXML ResponseFor): note which document it answers, and link it to that
    document when it is one of ours (an outgoing document of the receiving organization, matched by
    its number/notation and date). Returns our document, or None when it is not ours or unknown.

    `response_for` is a sequence of edxml.ResponseFor; the first with a Code is the one shown."""
    response = next((r for r in response_for if r.code), None)
    if response is None:
        return None
    organ = Organization.objects.filter(organ_id=response.organ_id).only("name").first() if response.organ_id else None
    code, organ_name = response.code.strip()[:60], ((organ.name if organ else "") or response.organ_id or "")[:200]
    ours = None
    if response.organ_id and response.organ_id == document.organization.organ_id:
        candidates = Document.objects.filter(organization=document.organization, direction=Direction.OUTGOING,
                                             symbol=code, dispatched_at__isnull=False)
        if response.promulgation_date is not None:
            candidates = candidates.filter(issued_on=response.promulgation_date)
        ours = candidates.order_by("-dispatched_at").first()
    Document.objects.filter(pk=document.pk).update(reply_to_code=code, reply_to_organ=organ_name, reply_to=ours)
    document.reply_to_code, document.reply_to_organ, document.reply_to = code, organ_name, ours
    return ours
