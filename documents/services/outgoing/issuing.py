"""Sign (the system numbers at signing), seal, dispatch and recall outgoing documents.

The number is taken from the outgoing register inside the signing transaction and written into
the PDF just before the leader's signature covers it: if signing fails, the transaction rolls
back and the number is given again — no gaps, no duplicates.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentError
from documents.literals import Direction, Secrecy
from documents.models import Addressee, Document, DocumentFile, DocumentType
from documents.permissions import acting_leader
from documents.selectors.documents import document_current_files, document_main_file
from documents.services.files import file_read, file_store, issued_file_name
from documents.services.incoming.recall import incoming_recall_request
from documents.services.incoming.registration import internal_deliver
from documents.services.numbering import number_assign, register_for, symbol_compose
from documents.services.outgoing.frozen import refuse_if_recalled
from documents.services.outgoing.number_stamp import NumberPlaceNotFound, stamp_number_and_date
from documents.services.outgoing.review import route_for
from documents.services.signing import file_seal, file_sign_as_leader, file_stamp_attachment
from interchange import edxml
from interchange.models import Recipient
from interchange.packaging import document_external_id
from interchange.services.outbox import outbound_document_enqueue
from qlvb.access import membership, require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Message, Refused
from qlvb.models import Organization, Role
from qlvb.services.audit import audit_record
from qlvb.services.second_factor import SecondFactorRefused, second_factor_outcome
from qlvb.services.second_factor import second_factor_check as second_factor_verify
from signatures.errors import SignatureServiceError, WrongPinError
from signatures.selectors.verification import file_verification_latest
from signatures.services import file_verify
from signatures.services.custody import signing_key_wrong_pin

CLERK_ONLY = DocumentError.NOT_A_CLERK


class IssueError(Refused):
    """A refusal of signing, sealing or dispatch the user can act on."""


class Problems(list):
    """The reasons a document may not be dispatched (Messages); as a whole, in the language of the moment."""

    def __str__(self) -> str:
        return " ".join(problem.text() for problem in self)


def signature_error(exc, actor) -> IssueError:
    """The user's message; a wrong PIN still counts towards locking the key, though the signing
    transaction that saw it rolled back."""
    key_id = getattr(exc, "signing_key_id", None)
    if isinstance(exc, WrongPinError) and key_id:
        signing_key_wrong_pin(key_id=key_id, actor=actor)
    return IssueError(exc.code, **exc.params)


def second_factor_check(*, user, code: str | None) -> None:
    """The second factor of a signature or seal, when the organization requires one: the code is
    checked by the person's django-otp device (a code is accepted once; wrong codes are throttled).
    Callers run their transaction inside `second_factor_outcome()` so that a rollback keeps the
    code spent and a wrong code counted."""
    try:
        second_factor_verify(user=user, code=code)
    except SecondFactorRefused as exc:
        raise IssueError(exc.code, **exc.params) from exc


def signing_lock(*, actor, document: Document, on_behalf_of=None, totp_code: str | None = None):
    """Inside a transaction: lock an approved outgoing document for the leader's signature and check
    who signs (in person or by delegation) and their second factor. Returns (document, leader, delegation)."""
    document = Document.objects.select_for_update(of=("self",)).select_related(
        "organization", "unit", "document_type").get(pk=document.pk)
    if document.direction == Direction.OUTGOING and document.is_frozen:
        acting_leader(actor, document.organization, scope="signing", on_behalf_of=on_behalf_of)  # 403 first
        refuse_if_recalled(document)
    if document.direction != Direction.OUTGOING or document.state != Document.State.APPROVED:
        raise IssueError(DocumentError.NOT_APPROVED)
    leader, delegation = acting_leader(actor, document.organization, scope="signing", on_behalf_of=on_behalf_of)
    if route_for(document.organization).require_second_factor:
        second_factor_check(user=actor, code=totp_code)
    return document, leader, delegation


def document_symbol_for(document: Document, number: int, year: int) -> str:
    dtype: DocumentType = document.document_type
    return symbol_compose(
        number=number, organization_short=document.organization.short_name, type_abbreviation=dtype.abbreviation,
        unit_abbreviation=document.unit.abbreviation if document.unit_id else "",
        year=year if dtype.group == DocumentType.Group.LEGAL else None,
    )


def outgoing_sign(*, actor, document: Document, pin: str, on_behalf_of=None, totp_code: str | None = None,
                  placement=None) -> Document:
    """The leader signs: number and date are taken and written into the PDF, then the signature."""
    try:
        # Its own committed transaction: a wrong PIN is counted after the rollback (signature_error),
        # and so are a wrong or a spent second-factor code (second_factor_outcome).
        with second_factor_outcome(), transaction.atomic(durable=True):
            document, leader, delegation = signing_lock(actor=actor, document=document, on_behalf_of=on_behalf_of,
                                                        totp_code=totp_code)
            main = document_main_file(document)
            if main is None or main.content_type != "application/pdf":
                raise IssueError(DocumentError.NO_PDF_TO_SIGN)
            today = timezone.localdate()
            register = register_for(organization=document.organization, direction=Direction.OUTGOING,
                                    document_type=document.document_type, secret=document.secrecy > Secrecy.NONE)
            number = number_assign(register=register)
            symbol = document_symbol_for(document, number, today.year)
            numbered = stamp_number_and_date(file_read(main), symbol=symbol,
                                             place=document.organization.place_name, day=today)
            numbered_file = file_store(document=document, name=issued_file_name(symbol=symbol, original=main.name),
                                       data=numbered, role=main.role,
                                       content_type="application/pdf", replaces=main)
            # Numbered before the signature covers the text (the signing step checks it); a failure rolls both back.
            document.register, document.register_number, document.symbol = register, number, symbol
            document.issued_on = today
            document.save(update_fields=["register", "register_number", "symbol", "issued_on"])
            record = file_sign_as_leader(actor=actor, document_file=numbered_file, pin=pin, placement=placement,
                                         on_behalf_of=leader if delegation else None)
            document.state = Document.State.SIGNED
            document.signed_at = record.signing_time or timezone.now()
            document.signed_by = actor
            signer_membership = membership(actor, document.organization)
            document.signer_name = actor.full_name or actor.get_full_name()
            document.signer_title = signer_membership.position_title if signer_membership else ""
            document.signing_form = delegation.signing_form if delegation else ""
            document.signed_on_behalf_of = leader if delegation else None
            document.save()
            audit_record(action=AuditAction.OUTGOING_SIGN, actor=actor, on_behalf_of=document.signed_on_behalf_of,
                         organization=document.organization, obj=document,
                         data={"number": number, "symbol": symbol, "register": register.pk,
                               "signing_form": document.signing_form})
            return document
    except SignatureServiceError as exc:
        raise signature_error(exc, actor) from exc
    except NumberPlaceNotFound as exc:
        raise IssueError(DocumentError.NUMBER_PLACE_NOT_FOUND) from exc


def outgoing_seal(*, actor, document: Document, pin: str, totp_code: str | None = None) -> Document:
    """The clerk applies the organization's signature: the seal on the document, the text stamp on
    each appendix. The clerk's second factor too, when the organization requires it for signing."""
    try:
        # Its own committed transaction: a wrong PIN is counted after the rollback (signature_error),
        # and so are a wrong or a spent second-factor code (second_factor_outcome).
        with second_factor_outcome(), transaction.atomic(durable=True):
            document = Document.objects.select_for_update().get(pk=document.pk)
            require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
            refuse_if_recalled(document)
            if document.state != Document.State.SIGNED:
                raise IssueError(DocumentError.NOT_SIGNED_FOR_SEAL)
            if route_for(document.organization).require_second_factor:
                second_factor_check(user=actor, code=totp_code)
            for f in document_current_files(document):
                if f.role == DocumentFile.Role.MAIN:
                    file_seal(actor=actor, document_file=f, pin=pin)
                elif f.content_type == "application/pdf":
                    file_stamp_attachment(actor=actor, document_file=f, pin=pin, stamp_text=document.symbol)
            document.state = Document.State.ISSUED
            document.sealed_at = timezone.now()
            document.save(update_fields=["state", "sealed_at"])
            audit_record(action=AuditAction.OUTGOING_SEAL, actor=actor, organization=document.organization, obj=document)
            return document
    except SignatureServiceError as exc:
        raise signature_error(exc, actor) from exc


def dispatch_problems(document: Document) -> Problems:
    """Why the document may not be dispatched yet (each a Message with its code), or [] when it may."""
    problems = Problems()
    if not document.register_number or not document.symbol:
        problems.append(Message(DocumentError.NOT_NUMBERED))
    if document.signed_at is None:
        problems.append(Message(DocumentError.NOT_SIGNED))
    if document.sealed_at is None:
        problems.append(Message(DocumentError.NOT_SEALED))
    if document.dispatched_at is not None:
        problems.append(Message(DocumentError.ALREADY_DISPATCHED))
    addressees = list(document.addressees.all())
    if not addressees:
        problems.append(Message(DocumentError.NO_ADDRESSEES))
    if document.secrecy > Secrecy.NONE and any(a.channel == Addressee.Channel.AXIS for a in addressees):
        problems.append(Message(DocumentError.SECRET_OVER_AXIS))
    main = document_main_file(document)
    if main is not None and document.signed_at is not None:
        # A file version never changes, so an earlier result for it stands (revocation is checked
        # again by the periodic rules, not on every page view).
        verification = file_verification_latest(document_file=main) or file_verify(document_file=main)
        if not verification.valid:
            problems.append(Message(DocumentError.SIGNATURE_NOT_VALID, summary=verification.summary))
    return problems


@transaction.atomic
def outgoing_dispatch(*, actor, document: Document) -> Document:
    """Phát hành: one action sends to every addressee — here directly, over the axis, or on paper."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
    refuse_if_recalled(document)
    problems = dispatch_problems(document)
    if problems:
        raise IssueError(DocumentError.DISPATCH_REFUSED, problems=problems)
    addressees = list(document.addressees.select_related("organization"))
    internal = [a.organization for a in addressees if a.channel == Addressee.Channel.INTERNAL]
    axis = [a.organization for a in addressees if a.channel == Addressee.Channel.AXIS]
    if axis:  # first: the package is checked against the standard before anything is delivered
        outbound_document_enqueue(document=document, recipients=axis, actor=actor)
    if internal:
        internal_deliver(actor=actor, document=document, recipients=internal)
    Recipient.objects.bulk_create([
        Recipient(document=document, channel=Recipient.Channel.PAPER, name=a.name, state=Recipient.State.SENT,
                  reason="Gửi bản giấy", organ_id=a.organization.organ_id if a.organization_id else "",
                  paper_reason=a.paper_reason)
        for a in addressees if a.channel == Addressee.Channel.PAPER
    ])
    document.state = Document.State.DISPATCHED
    document.dispatched_at = timezone.now()
    document.save(update_fields=["state", "dispatched_at"])
    audit_record(action=AuditAction.OUTGOING_DISPATCH, actor=actor, organization=document.organization, obj=document,
                 data={"internal": len(internal), "axis": len(axis), "paper": len(addressees) - len(internal) - len(axis)})
    return document


@transaction.atomic
def outgoing_recall(*, actor, document: Document, reason: str) -> Document:
    """Thu hồi: ask every electronic recipient to take the document back (revoke over the axis,
    directly for recipients here). Their answers (15/16) come back as statuses."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, Role.LEADER, message=CLERK_ONLY)
    if document.is_frozen:
        raise IssueError(DocumentError.ALREADY_RECALLED)
    if document.dispatched_at is None:
        raise IssueError(DocumentError.NOT_DISPATCHED_NO_RECALL)
    if not reason.strip():
        raise IssueError(DocumentError.RECALL_REASON_REQUIRED)
    axis_ids = list(document.deliveries.filter(channel=Recipient.Channel.AXIS, outbound__business_type=0)
                    .values_list("organ_id", flat=True))
    if axis_ids:
        business = edxml.Business(doc_type=edxml.BusinessDocType.REVOKE, document_id=document_external_id(document),
                                  doc_reason=reason.strip(), paper=0)
        outbound_document_enqueue(document=document, recipients=list(Organization.objects.filter(organ_id__in=axis_ids)),
                                  actor=actor, business=business)
    for incoming in Document.objects.filter(delivery__document=document, direction=Direction.INCOMING):
        incoming_recall_request(document=incoming, reason=reason.strip())
    # Frozen from the request on (Phụ lục VI, III.8.a): whatever the recipients answer, it is not
    # edited, signed, sealed, dispatched or sent again.
    document.state, document.is_frozen = Document.State.RECALLED, True
    document.recall_requested_at, document.recall_note = timezone.now(), reason.strip()
    document.save(update_fields=["state", "is_frozen", "recall_requested_at", "recall_note"])
    audit_record(action=AuditAction.OUTGOING_RECALL, actor=actor, organization=document.organization, obj=document,
                 data={"reason": reason, "axis": len(axis_ids)})
    return document


def _axis_recipients(document: Document) -> list:
    organ_ids = (document.deliveries.filter(channel=Recipient.Channel.AXIS, outbound__business_type=0)
                 .values_list("organ_id", flat=True))
    return list(Organization.objects.filter(organ_id__in=list(organ_ids)))


@transaction.atomic
def outgoing_update_recipients(*, actor, document: Document, added: list, removed: list, reason: str = "") -> Document:
    """Cập nhật: tell the axis recipients that recipients were added or removed (business type 2).

    New recipients receive the document; all of them get the update message listing the change."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
    refuse_if_recalled(document)
    if document.dispatched_at is None:
        raise IssueError(DocumentError.NOT_DISPATCHED)
    if not added and not removed:
        raise IssueError(DocumentError.NO_RECIPIENT_CHANGE)
    info = edxml.BusinessDocumentInfo(document_info=0, document_receiver=1, receivers=tuple(
        [edxml.Receiver(organ_id=o.organ_id, receiver_type=edxml.ReceiverType.ADDED) for o in added]
        + [edxml.Receiver(organ_id=o.organ_id, receiver_type=edxml.ReceiverType.REMOVED) for o in removed]))
    business = edxml.Business(doc_type=edxml.BusinessDocType.UPDATE, document_id=document_external_id(document),
                              doc_reason=reason.strip() or None, paper=0, document_info=info)
    current = {o.pk: o for o in _axis_recipients(document)}
    audience = list({**current, **{o.pk: o for o in added}}.values())
    outbound_document_enqueue(document=document, recipients=audience, actor=actor, business=business)
    audit_record(action=AuditAction.OUTGOING_UPDATE_RECIPIENTS, actor=actor, organization=document.organization, obj=document,
                 data={"added": [o.organ_id for o in added], "removed": [o.organ_id for o in removed]})
    return document


@transaction.atomic
def outgoing_replace(*, actor, document: Document, replaced: Document) -> Document:
    """Thay thế: dispatch `document` (issued, sealed) as the replacement of `replaced` (business type 3)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
    refuse_if_recalled(document)
    refuse_if_recalled(replaced)  # its recipients deleted it: there is nothing left to replace
    if replaced.organization_id != document.organization_id or replaced.dispatched_at is None:
        raise IssueError(DocumentError.NOT_REPLACEABLE)
    problems = Problems(p for p in dispatch_problems(document) if p.code != DocumentError.NO_ADDRESSEES)
    if problems:
        raise IssueError(DocumentError.DISPATCH_REFUSED, problems=problems)
    recipients = _axis_recipients(replaced)
    if not recipients:
        raise IssueError(DocumentError.REPLACED_HAS_NO_AXIS_RECIPIENTS)
    # As the official builder writes a replacement: Bussiness/DocumentId is the replacing document's
    # own; the replaced one is named in ReplacementInfo (a package without it is refused before it leaves).
    business = edxml.Business(doc_type=edxml.BusinessDocType.REPLACE, paper=0,
                              document_id=document_external_id(document), replacements=(edxml.ReplacementInfo(
        document_id=document_external_id(replaced), organ_ids=tuple(o.organ_id for o in recipients)),))
    outbound_document_enqueue(document=document, recipients=recipients, actor=actor, business=business)
    document.state = Document.State.DISPATCHED
    document.dispatched_at = timezone.now()
    document.related_to, document.relation = replaced, "replace"
    document.save(update_fields=["state", "dispatched_at", "related_to", "relation"])
    audit_record(action=AuditAction.OUTGOING_REPLACE, actor=actor, organization=document.organization, obj=document,
                 data={"replaced": replaced.pk, "recipients": len(recipients)})
    return document
