"""Signing an outgoing document with a key the server never holds (USB token agent, remote signing).

These two functions are services (keyword-only, transactional, permission-checked, audited), the
device counterpart of `outgoing_sign` (documents.services.outgoing.issuing).

Two phases cannot share one transaction, so the number is taken at `prepare` and kept on the
document (register, number, symbol, date) while it waits for the signature: a second prepare
after an expired session reuses it, so abandoning a session never leaves a gap in the register.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentError
from documents.literals import Direction, Secrecy
from documents.models import Document, DocumentType
from documents.selectors.documents import document_main_file
from documents.services.files import file_read, file_store, issued_file_name
from documents.services.numbering import number_assign, register_for, symbol_compose
from documents.services.outgoing.frozen import refuse_if_recalled
from documents.services.outgoing.issuing import IssueError, signing_lock
from documents.services.outgoing.number_stamp import NumberPlaceNotFound, stamp_number_and_date
from documents.services.signing import external_complete, external_prepare
from qlvb.access import delegation_in_force
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from qlvb.services.second_factor import second_factor_outcome
from signatures.errors import SignatureServiceError
from signatures.models import ExternalSigningSession


def _signature_error(exc) -> IssueError:
    return IssueError(exc.code, **exc.params)


def _number_reserve(document: Document, actor):
    """Number the draft now and write the number and date into a new PDF version."""
    main = document_main_file(document)
    if main is None or main.content_type != "application/pdf":
        raise IssueError(DocumentError.NO_PDF_TO_SIGN)
    today = timezone.localdate()
    dtype = document.document_type
    register = register_for(organization=document.organization, direction=Direction.OUTGOING,
                            document_type=dtype, secret=document.secrecy > Secrecy.NONE)
    number = number_assign(register=register)
    symbol = symbol_compose(
        number=number, organization_short=document.organization.short_name, type_abbreviation=dtype.abbreviation,
        unit_abbreviation=document.unit.abbreviation if document.unit_id else "",
        year=today.year if dtype.group == DocumentType.Group.LEGAL else None,
    )
    try:
        numbered = stamp_number_and_date(file_read(main), symbol=symbol, place=document.organization.place_name,
                                         day=today)
    except NumberPlaceNotFound as exc:
        raise IssueError(DocumentError.NUMBER_PLACE_NOT_FOUND) from exc
    main = file_store(document=document, name=issued_file_name(symbol=symbol, original=main.name), data=numbered,
                      role=main.role,
                      content_type="application/pdf", replaces=main)
    document.register, document.register_number, document.symbol, document.issued_on = register, number, symbol, today
    document.save(update_fields=["register", "register_number", "symbol", "issued_on"])
    audit_record(action=AuditAction.OUTGOING_NUMBER_RESERVED, actor=actor, organization=document.organization, obj=document,
                 data={"number": number, "symbol": symbol, "register": register.pk})
    return main


def outgoing_external_prepare(*, actor, document: Document, on_behalf_of=None, totp_code: str | None = None):
    """Number the document (or reuse the number it already holds) and prepare the leader's
    signature for the actor's external key. Returns the ExternalSigningSession; its `digest` is
    what the signing agent signs."""
    try:
        # The number and the session wait, committed, for the agent; a wrong or spent second-factor
        # code stays counted if this rolls back (second_factor_outcome).
        with second_factor_outcome(), transaction.atomic(durable=True):
            document, leader, delegation = signing_lock(actor=actor, document=document, on_behalf_of=on_behalf_of,
                                                        totp_code=totp_code)
            main = document_main_file(document) if document.register_number else _number_reserve(document, actor)
            return external_prepare(actor=actor, document_file=main,
                                    on_behalf_of=leader if delegation else None)
    except SignatureServiceError as exc:
        raise _signature_error(exc) from exc


def outgoing_external_complete(*, actor, document: Document, session_id, signature_b64: str) -> Document:
    """Embed the agent's signature: the document is signed with the number it was given at prepare."""
    try:
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=document.pk)
            refuse_if_recalled(document)
            if document.state != Document.State.APPROVED or not document.register_number:
                raise IssueError(DocumentError.NOT_AWAITING_EXTERNAL_SIGNATURE)
            session = ExternalSigningSession.objects.filter(pk=session_id, source_file__document=document).first()
            if session is None:
                raise IssueError(DocumentError.NO_SIGNING_SESSION)
            record = external_complete(actor=actor, session_id=session.pk, signature_b64=signature_b64)
            delegation = (delegation_in_force(delegate=actor, delegator=record.on_behalf_of, scope="signing")
                          if record.on_behalf_of_id else None)
            document.state = Document.State.SIGNED
            document.signed_at = record.signing_time or timezone.now()
            document.signed_by = actor
            document.signing_form = delegation.signing_form if delegation else ""
            document.signed_on_behalf_of = record.on_behalf_of
            document.save(update_fields=["state", "signed_at", "signed_by", "signing_form", "signed_on_behalf_of"])
            audit_record(action=AuditAction.OUTGOING_SIGN, actor=actor, on_behalf_of=document.signed_on_behalf_of,
                         organization=document.organization, obj=document,
                         data={"number": document.register_number, "symbol": document.symbol,
                               "register": document.register_id, "signing_form": document.signing_form,
                               "external": True})
            return document
    except SignatureServiceError as exc:
        raise _signature_error(exc) from exc
