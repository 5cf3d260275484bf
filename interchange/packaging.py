"""Map between our documents and edXML messages (the Django side of interchange.edxml)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from interchange import edxml
from interchange.receivers import registered_receiver


def _org(org) -> edxml.Organization:
    return edxml.Organization(
        organ_id=org.organ_id,
        organ_name=org.name,
        organization_in_charge=org.organization_in_charge or None,
        organ_add=org.address or None,
        email=org.email or None,
        telephone=org.telephone or None,
        fax=org.fax or None,
        website=org.website or None,
    )


def split_symbol(symbol: str) -> tuple[str, str]:
    """'807/VPCP-KSTT' → ('807', 'VPCP-KSTT'); a legal '30/2020/NĐ-CP' → ('30', '2020/NĐ-CP')."""
    number, _, notation = symbol.partition("/")
    return number, notation


def document_external_id(document) -> str:
    if document.external_id:
        return document.external_id
    number, notation = split_symbol(document.symbol)
    return edxml.compose_document_id(document.organization.organ_id, document.issued_on, number, notation)


def edoc_from_document(document, recipients, *, business: edxml.Business | None = None) -> edxml.EdocMessage:
    """The edXML message for an outgoing document to `recipients` (organizations)."""
    number, notation = split_symbol(document.symbol)
    now = timezone.localtime()
    attachments = tuple(
        edxml.Attachment.from_path(f.file.path, name=f.name, content_id=str(uuid.uuid4()),
                                   description=f.get_role_display())
        for f in registered_receiver().outgoing_files(document)
    )
    return edxml.EdocMessage(
        sender=_org(document.organization),
        recipients=tuple(_org(r) for r in recipients),
        document_id=document_external_id(document),
        code=edxml.Code(number=number, notation=notation),
        promulgation=edxml.PromulgationInfo(date=document.issued_on, place=document.organization.place_name or None),
        document_type=edxml.DocumentType(type_code=1, type_name=document.document_type.name),
        subject=document.subject,
        signer=edxml.SignerInfo(position=document.signer_title or None, full_name=document.signer_name or None)
        if document.signer_name else None,
        due_date=document.due_date,
        other_info=edxml.OtherInfo(priority=document.urgency),
        trace_headers=(edxml.TraceHeader(organ_id=document.organization.organ_id,
                                         timestamp=now.replace(tzinfo=None, microsecond=0)),),
        business=business or edxml.Business(doc_type=0, paper=0),
        attachments=attachments,
    )


def status_message(
    *, sender, code: str, response_for_organ_id: str, response_for_code: str,
    response_for_date: dt.date | None, response_for_document_id: str, description: str = "",
    staff: str = "", department: str = "",
) -> edxml.StatusMessage:
    return edxml.StatusMessage(
        sender=_org(sender),
        response_for=edxml.ResponseFor(
            organ_id=response_for_organ_id, code=response_for_code or None,
            promulgation_date=response_for_date, document_id=response_for_document_id,
        ),
        status_code=code,
        timestamp=timezone.localtime().replace(tzinfo=None, microsecond=0),
        description=description or edxml.STATUS_LABELS.get(code),
        staff_info=edxml.StaffInfo(department=department or None, staff=staff or None) if (staff or department) else None,
    )
