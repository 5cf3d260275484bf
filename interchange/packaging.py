"""Map between our documents and edXML messages (the Django side of interchange.edxml)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.utils import timezone
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from interchange import edxml
from interchange.edxml.validate import ORGAN_ID
from interchange.receivers import registered_receiver

log = logging.getLogger(__name__)


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


def pdf_page_count(path) -> int | None:
    """The number of pages of the PDF at `path`, or None when it cannot be read as a PDF."""
    try:
        with open(path, "rb") as stream:
            reader = PdfFileReader(stream, strict=False)
            return int(reader.root["/Pages"]["/Count"])
    except (OSError, PdfError, KeyError, TypeError, ValueError) as exc:
        log.warning("could not count the pages of %s: %s", path, exc)
        return None


def response_for(answered) -> edxml.ResponseFor | None:
    """ResponseFor naming `answered`, the document a reply answers (documents.reply_to): its sender's
    OrganId, its number/notation, its date and its DocumentId. None when we do not know whom it came
    from (a paper letter from an organization outside the directory): the element needs an OrganId."""
    if answered is None:
        return None
    if answered.direction == "out":
        organ_id = answered.organization.organ_id  # a reply to one of our own outgoing documents
    else:
        organ_id = answered.issuer.organ_id if answered.issuer_id else ""
    if not organ_id or not ORGAN_ID.match(organ_id) or not answered.symbol:
        return None
    document_id = answered.external_id
    if not document_id and answered.issued_on:
        number, notation = split_symbol(answered.symbol)
        document_id = edxml.compose_document_id(organ_id, answered.issued_on, number, notation)
    return edxml.ResponseFor(organ_id=organ_id, code=answered.symbol, promulgation_date=answered.issued_on,
                             document_id=document_id or None)


def edoc_from_document(document, recipients, *, business: edxml.Business | None = None) -> edxml.EdocMessage:
    """The edXML message for an outgoing document to `recipients` (organizations).

    PageAmount is the page count of the main PDF; ResponseFor names the document it answers."""
    number, notation = split_symbol(document.symbol)
    now = timezone.localtime()
    files = list(registered_receiver().outgoing_files(document))
    attachments = tuple(
        edxml.Attachment.from_path(f.file.path, name=f.name, content_id=str(uuid.uuid4()),
                                   description=f.get_role_display())
        for f in files
    )
    main = next((f for f in files if f.role == "main" and f.content_type == "application/pdf"), None)
    pages = pdf_page_count(main.file.path) if main is not None else None
    answered = response_for(document.reply_to) if document.reply_to_id else None
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
        other_info=edxml.OtherInfo(priority=document.urgency, page_amount=pages or 0),
        response_for=(answered,) if answered is not None else (),
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
