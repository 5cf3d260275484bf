"""Drafting (soạn thảo): a specialist creates a draft with its content file, appendices and addressees."""

from __future__ import annotations

from django.db import transaction

from documents.errors import DocumentError
from documents.literals import Direction
from documents.models import Addressee, Document, DocumentFile, DocumentType, DraftComment
from documents.selectors.electronic_only import is_electronic_only, reachable_electronically
from documents.services.files import file_store
from documents.services.outgoing.conversion import conversion_queue
from documents.services.outgoing.frozen import refuse_if_recalled
from qlvb.access import has_role, membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Organization, Role
from qlvb.services.audit import audit_record

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDITABLE = (Document.State.DRAFT, Document.State.RETURNED)
PAPER_REASON_MAX = 500


def _check_content(name: str, data: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".pdf"):
        if not data.startswith(b"%PDF-"):
            raise Refused(DocumentError.FILE_NOT_PDF, name=name)
        return "application/pdf"
    if lower.endswith(".docx"):
        if not data.startswith(b"PK\x03\x04"):
            raise Refused(DocumentError.FILE_NOT_DOCX, name=name)
        return DOCX
    raise Refused(DocumentError.CONTENT_NOT_PDF_OR_DOCX)


def channel_for(sender: Organization, recipient: Organization) -> str:
    """How a document reaches `recipient`: directly when both work in this system under the same
    axis center (connection), otherwise over the axis — as between a ministry and a province."""
    if not recipient.hosted:
        return Addressee.Channel.AXIS
    sender_centers = set(sender.axis_connections.values_list("pk", flat=True))
    recipient_centers = set(recipient.axis_connections.values_list("pk", flat=True))
    if recipient_centers and sender_centers and not (sender_centers & recipient_centers):
        return Addressee.Channel.AXIS
    return Addressee.Channel.INTERNAL


def addressees_from(*, organization: Organization, recipients: list[Organization], paper: list[str],
                    paper_organizations: list[tuple[Organization, str]] = (), document_type: DocumentType | None = None,
                    secrecy: int = 0) -> list[Addressee]:
    """Electronic addressees (directly or over the axis, see `channel_for`), organizations sent a paper
    copy instead, and paper-only lines (names with no organization).

    A type on the organization's e-only catalogue goes on paper to a recipient that can receive it
    electronically only with a reason (kept on the addressee); secret documents are outside the catalogue."""
    rows = []
    for org in recipients:
        if org.pk == organization.pk:
            raise Refused(DocumentError.ADDRESSED_TO_ITSELF)
        rows.append(Addressee(organization=org, name=org.name, channel=channel_for(organization, org)))
    electronic_only = document_type is not None and is_electronic_only(
        organization=organization, document_type=document_type, secrecy=secrecy)
    for org, reason in paper_organizations:
        if org.pk == organization.pk:
            raise Refused(DocumentError.ADDRESSED_TO_ITSELF)
        reason = (reason or "").strip()
        if len(reason) > PAPER_REASON_MAX:
            raise Refused(DocumentError.PAPER_REASON_TOO_LONG)
        if electronic_only and reachable_electronically(org) and not reason:
            raise Refused(DocumentError.PAPER_REASON_REQUIRED, type=document_type.name, organization=org.name)
        rows.append(Addressee(organization=org, name=org.name, channel=Addressee.Channel.PAPER,
                              paper_reason=reason if electronic_only else ""))
    rows += [Addressee(name=name.strip()[:200], channel=Addressee.Channel.PAPER) for name in paper if name.strip()]
    return rows


def paper_reasons_audit(*, actor, document: Document, addressees: list[Addressee]) -> None:
    """One audit event per recipient sent paper despite the e-only catalogue, with its reason."""
    for a in addressees:
        if a.paper_reason:
            audit_record(action=AuditAction.OUTGOING_PAPER_DESPITE_ELECTRONIC_ONLY, actor=actor,
                         organization=document.organization, obj=document,
                         data={"organ_id": a.organization.organ_id, "name": a.name, "reason": a.paper_reason,
                               "type": document.document_type.code})


@transaction.atomic
def outgoing_draft_create(
    *, actor, organization: Organization, document_type: DocumentType, subject: str, content: tuple[str, bytes],
    appendices: list[tuple[str, bytes]] = (), recipients: list[Organization] = (), paper_recipients: list[str] = (),
    paper_organizations: list[tuple[Organization, str]] = (), urgency: int = 0, secrecy: int = 0, reply_to: Document | None = None,
) -> Document:
    m = membership(actor, organization)
    if m is None or not (m.role_set & {Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER, Role.CLERK}):
        raise Forbidden(DocumentError.NOT_A_DRAFTER)
    if not subject.strip():
        raise Refused(DocumentError.SUBJECT_REQUIRED)
    if reply_to is not None and reply_to.organization_id != organization.pk:
        raise Refused(DocumentError.REPLY_TO_OTHER_ORGANIZATION)
    # Addressees first: a refused paper line leaves nothing written.
    rows = addressees_from(organization=organization, recipients=list(recipients), paper=list(paper_recipients),
                           paper_organizations=list(paper_organizations), document_type=document_type,
                           secrecy=secrecy)
    document = Document.objects.create(
        organization=organization, direction=Direction.OUTGOING, source=Document.Source.DRAFTED,
        state=Document.State.DRAFT, document_type=document_type, subject=subject.strip(), urgency=urgency,
        secrecy=secrecy, unit=m.unit, created_by=actor, reply_to=reply_to,
    )
    draft_content_replace(actor=actor, document=document, content=content, initial=True)
    for name, data in appendices:
        file_store(document=document, name=name, data=data, role=DocumentFile.Role.APPENDIX,
                   content_type=_check_content(name, data))
    for row in rows:
        row.document = document
    Addressee.objects.bulk_create(rows)
    audit_record(action=AuditAction.OUTGOING_DRAFT, actor=actor, organization=organization, obj=document,
                 data={"reply_to": getattr(reply_to, "pk", None), "addressees": len(rows)})
    paper_reasons_audit(actor=actor, document=document, addressees=rows)
    return document


def _editable_by(actor, document: Document) -> None:
    if document.is_frozen and (actor.pk == document.created_by_id
                               or has_role(actor, document.organization, Role.UNIT_HEAD, Role.CLERK)):
        refuse_if_recalled(document)
    if document.state not in EDITABLE:
        raise Refused(DocumentError.DRAFT_LOCKED)
    if actor.pk != document.created_by_id and not has_role(actor, document.organization, Role.UNIT_HEAD, Role.CLERK):
        raise Forbidden(DocumentError.NOT_A_DRAFT_EDITOR)


@transaction.atomic
def draft_content_replace(*, actor, document: Document, content: tuple[str, bytes], initial: bool = False,
                          note: str = "") -> DocumentFile:
    """A new version of the draft's content. A DOCX is converted to PDF by a worker."""
    if not initial:
        _editable_by(actor, document)
    name, data = content
    content_type = _check_content(name, data)
    previous = document.files.filter(role=DocumentFile.Role.MAIN).order_by("-id").first()
    stored = file_store(document=document, name=name, data=data, role=DocumentFile.Role.MAIN,
                        content_type=content_type, replaces=previous)
    if content_type == DOCX:
        conversion_queue(source=stored)
    if not initial:
        audit_record(action=AuditAction.OUTGOING_NEW_VERSION, actor=actor, organization=document.organization, obj=document,
                     data={"file": stored.pk, "note": note})
    return stored


@transaction.atomic
def draft_comment_add(*, actor, document: Document, text: str) -> DraftComment:
    if membership(actor, document.organization) is None:
        raise Forbidden(DocumentError.NOT_A_MEMBER)
    refuse_if_recalled(document)
    if not text.strip():
        raise Refused(DocumentError.COMMENT_EMPTY)
    current = document.files.filter(role=DocumentFile.Role.MAIN).order_by("-id").first()
    return DraftComment.objects.create(document=document, author=actor, text=text.strip(), file=current)
