"""Outgoing documents signed by hand on paper (văn bản đi ký tay).

The clerk registers the signed paper: its scan (a PDF, or images made into one) and its fields. It
takes its number from the same register as electronic outgoing documents (Nghị định 30, Điều 15.2):
one series, one counter, number and symbol unique in the year. The document keeps the contract of
issue 16: direction "out", source "paper", no digital signing time, the signer's name and title (and
the leader's account when chosen).

It is dispatched in one action: electronic recipients (here or over the axis) get the digitized copy
(bản sao y từ giấy sang điện tử, Điều 25.1.c) once the clerk has put the organization's digital
signature on it (Phụ lục I, Phần II, mục I.3: no image, "SAO Y; <organization>; <time>" at the top
right of page 1); paper recipients are entered in the post register (Phụ lục IV, mẫu III).
"""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageSequence, UnidentifiedImageError

from documents.errors import DocumentError
from documents.literals import Direction, Secrecy
from documents.models import Addressee, Document, DocumentFile, DocumentType, PostRegisterEntry
from documents.selectors.documents import document_main_file
from documents.services.files import file_store, issued_file_name
from documents.services.incoming.registration import internal_deliver
from documents.services.numbering import number_assign, register_for
from documents.services.outgoing.drafting import addressees_from
from documents.services.outgoing.frozen import refuse_if_recalled
from documents.services.outgoing.issuing import (
    CLERK_ONLY,
    IssueError,
    document_symbol_for,
    second_factor_check,
    signature_error,
)
from documents.services.outgoing.review import route_for
from documents.services.signing import file_stamp_attachment
from interchange.models import Recipient
from interchange.services.outbox import outbound_document_enqueue
from qlvb.access import has_role, membership, require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Organization, Role, Unit, User
from qlvb.services.audit import audit_record
from qlvb.services.second_factor import second_factor_outcome
from signatures.errors import SignatureServiceError

PDF = "application/pdf"
SCAN_DPI = 200  # Phụ lục I, Phần II, mục I.2: at least 200 dpi
COPY_FORM = "SAO Y"
ELECTRONIC = (Addressee.Channel.INTERNAL, Addressee.Channel.AXIS)


def scan_as_pdf(*, name: str, data: bytes) -> bytes:
    """The scan as a PDF: a PDF as it is (if it opens), an image (every page of a TIFF) made into one
    in colour. Anything else is refused with SCAN_NOT_PDF_OR_IMAGE."""
    if data.startswith(b"%PDF-"):
        try:
            with pikepdf.open(io.BytesIO(data)) as pdf:
                if len(pdf.pages) < 1:
                    raise Refused(DocumentError.SCAN_NOT_PDF_OR_IMAGE, name=name)
        except pikepdf.PdfError as exc:
            raise Refused(DocumentError.SCAN_NOT_PDF_OR_IMAGE, name=name) from exc
        return data
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        pages = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Refused(DocumentError.SCAN_NOT_PDF_OR_IMAGE, name=name) from exc
    dpi = image.info.get("dpi") or (SCAN_DPI, SCAN_DPI)
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=float(dpi[0]) or SCAN_DPI, save_all=True, append_images=pages[1:])
    return out.getvalue()


def _pdf_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'ban-quet'}.pdf"


@transaction.atomic
def handsigned_register(
    *, actor, organization: Organization, document_type: DocumentType, subject: str, scan: tuple[str, bytes] | None,
    signer_name: str, signer_title: str, signed_on: dt.date, signed_by: User | None = None, unit: Unit | None = None,
    urgency: int = 0, secrecy: int = 0, recipients: list[Organization] = (), paper_recipients: list[str] = (),
) -> Document:
    """Vào sổ a document a leader signed on paper: checked whole first, then numbered from the
    outgoing register in this transaction (a refusal or a rollback gives the number back)."""
    require_role(actor, organization, Role.CLERK, message=CLERK_ONLY)
    if document_type.group == DocumentType.Group.COPY:
        raise Refused(DocumentError.TYPE_NOT_OUTGOING, document_type=document_type.name)
    if not subject.strip():
        raise Refused(DocumentError.SUBJECT_REQUIRED)
    if signed_by is not None:
        if not has_role(signed_by, organization, Role.LEADER):
            raise Refused(DocumentError.NOT_A_LEADER, person=str(signed_by), organization=organization.name)
        signer_name = signer_name.strip() or signed_by.full_name or signed_by.get_full_name()
        leader_membership = membership(signed_by, organization)
        signer_title = signer_title.strip() or (leader_membership.position_title if leader_membership else "")
    if not (signer_name.strip() and signer_title.strip()):
        raise Refused(DocumentError.SIGNER_NAME_REQUIRED)
    if signed_on > timezone.localdate():
        raise Refused(DocumentError.SIGNED_ON_IN_FUTURE)
    if unit is not None and unit.organization_id != organization.pk:
        raise Refused(DocumentError.UNIT_OF_ANOTHER_ORGANIZATION)
    if not scan or not scan[1]:
        raise Refused(DocumentError.SCAN_REQUIRED)
    pdf = scan_as_pdf(name=scan[0], data=scan[1])
    addressees = addressees_from(organization=organization, recipients=list(recipients), paper=list(paper_recipients))
    if not addressees:
        raise Refused(DocumentError.NO_ADDRESSEES)
    if secrecy > Secrecy.NONE and any(a.channel == Addressee.Channel.AXIS for a in addressees):
        raise Refused(DocumentError.SECRET_OVER_AXIS)

    document = Document.objects.create(
        organization=organization, direction=Direction.OUTGOING, source=Document.Source.PAPER,
        state=Document.State.SIGNED, document_type=document_type, subject=subject.strip(), urgency=urgency,
        secrecy=secrecy, unit=unit, created_by=actor, issued_on=signed_on, signed_at=None, signed_by=signed_by,
        signer_name=signer_name.strip()[:150], signer_title=signer_title.strip()[:150],
    )
    # The same series as the electronic documents of this type: one register, one counter.
    register = register_for(organization=organization, direction=Direction.OUTGOING, document_type=document_type,
                            secret=secrecy > Secrecy.NONE)
    number = number_assign(register=register)
    symbol = document_symbol_for(document, number, register.year)
    document.register, document.register_number, document.symbol = register, number, symbol
    document.save(update_fields=["register", "register_number", "symbol"])
    file_store(document=document, name=issued_file_name(symbol=symbol, original=_pdf_name(scan[0])), data=pdf,
               role=DocumentFile.Role.MAIN, content_type=PDF)
    for row in addressees:
        row.document = document
    Addressee.objects.bulk_create(addressees)
    audit_record(action=AuditAction.HANDSIGNED_REGISTER, actor=actor, organization=organization, obj=document,
                 data={"number": number, "symbol": symbol, "register": register.pk, "signer": document.signer_name,
                       "signed_by": getattr(signed_by, "pk", None), "addressees": len(addressees),
                       "scan": scan[0]})
    return document


def _lock_handsigned(document: Document, actor) -> Document:
    document = Document.objects.select_for_update(of=("self",)).select_related("organization").get(pk=document.pk)
    require_role(actor, document.organization, Role.CLERK, message=CLERK_ONLY)
    if document.direction != Direction.OUTGOING or document.source != Document.Source.PAPER:
        raise Refused(DocumentError.NOT_HANDSIGNED)
    refuse_if_recalled(document)
    return document


def copy_stamp_text(organization: Organization) -> str:
    """What the organization's signature on the digitized copy says, before its signing time."""
    return f"{COPY_FORM}; {organization.name}"


def handsigned_seal(*, actor, document: Document, pin: str, totp_code: str | None = None) -> Document:
    """The organization's digital signature on the digitized copy, with the organization's own key
    through the signing service (the same key and path as the seal of electronic documents)."""
    try:
        with second_factor_outcome(), transaction.atomic(durable=True):
            document = _lock_handsigned(document, actor)
            if document.state != Document.State.SIGNED or document.sealed_at is not None:
                raise Refused(DocumentError.COPY_ALREADY_SEALED)
            if route_for(document.organization).require_second_factor:
                second_factor_check(user=actor, code=totp_code)
            main = document_main_file(document)
            record = file_stamp_attachment(actor=actor, document_file=main, pin=pin,
                                           stamp_text=copy_stamp_text(document.organization))
            document.state, document.sealed_at = Document.State.ISSUED, record.signing_time or timezone.now()
            document.save(update_fields=["state", "sealed_at"])
            audit_record(action=AuditAction.HANDSIGNED_SEAL, actor=actor, organization=document.organization,
                         obj=document, data={"file": record.signed_file_id, "record": record.pk})
            return document
    except SignatureServiceError as exc:
        raise signature_error(exc, actor) from exc


@transaction.atomic
def handsigned_dispatch(*, actor, document: Document, envelopes: dict[int, int] | None = None, note: str = "",
                        sent_on: dt.date | None = None) -> Document:
    """Phát hành: the sealed digitized copy to the electronic addressees, through the same delivery
    as electronic documents; a post-register row and a paper delivery for each paper addressee."""
    document = _lock_handsigned(document, actor)
    if document.dispatched_at is not None:
        raise IssueError(DocumentError.ALREADY_DISPATCHED)
    addressees = list(document.addressees.select_related("organization"))
    if not addressees:
        raise IssueError(DocumentError.NO_ADDRESSEES)
    electronic = [a for a in addressees if a.channel in ELECTRONIC]
    paper = [a for a in addressees if a.channel == Addressee.Channel.PAPER]
    if electronic and document.sealed_at is None:
        raise IssueError(DocumentError.COPY_NOT_SEALED)
    if document.secrecy > Secrecy.NONE and any(a.channel == Addressee.Channel.AXIS for a in addressees):
        raise IssueError(DocumentError.SECRET_OVER_AXIS)
    envelopes = envelopes or {}
    counts = {a.pk: int(envelopes.get(a.pk, 1)) for a in paper}
    if any(not 1 <= n <= 99 for n in counts.values()):
        raise IssueError(DocumentError.ENVELOPES_INVALID)

    axis = [a.organization for a in electronic if a.channel == Addressee.Channel.AXIS]
    internal = [a.organization for a in electronic if a.channel == Addressee.Channel.INTERNAL]
    if axis:  # first: the package is checked against the standard before anything is delivered
        outbound_document_enqueue(document=document, recipients=axis, actor=actor)
    if internal:
        internal_deliver(actor=actor, document=document, recipients=internal)
    sent_on = sent_on or timezone.localdate()
    for a in paper:
        recipient = Recipient.objects.create(document=document, channel=Recipient.Channel.PAPER, name=a.name,
                                             state=Recipient.State.SENT, reason="Gửi bản giấy qua bưu điện",
                                             paper_reason=a.paper_reason)
        PostRegisterEntry.objects.create(organization=document.organization, document=document, recipient=recipient,
                                         sent_on=sent_on, recipient_name=a.name, envelopes=counts[a.pk],
                                         note=note.strip()[:300], created_by=actor)
    document.state, document.dispatched_at = Document.State.DISPATCHED, timezone.now()
    document.save(update_fields=["state", "dispatched_at"])
    audit_record(action=AuditAction.HANDSIGNED_DISPATCH, actor=actor, organization=document.organization,
                 obj=document, data={"internal": len(internal), "axis": len(axis), "paper": len(paper),
                                     "envelopes": sum(counts.values())})
    return document


def handsigned_leaders(organization: Organization):
    """The leaders of the organization a clerk may name as the signer."""
    return (User.objects.filter(memberships__organization=organization, memberships__is_active=True,
                                memberships__roles__role=Role.LEADER, is_active=True)
            .distinct().order_by("full_name", "username"))


def refuse_unless_clerk(actor, organization) -> None:
    """For the views: the 403 before any form is shown."""
    if not has_role(actor, organization, Role.CLERK):
        raise Forbidden(CLERK_ONLY)
