"""The life of a copy (NĐ30 Điều 25–27): requested by a clerk or a specialist who reads the
original, signed by an authorised leader (or a delegate), sealed by the organization's clerk; a
paper copy is printed for a hand signature and the red seal instead.

The original document and its files are only read. The number in the copies register is taken in
the transaction that writes it into the copy's PDF (the leader's signing, or the printing): a
refusal or a failed signature gives it back.
"""

from __future__ import annotations

import hashlib
import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from documents.errors import CopyError, DocumentError
from documents.models import CopyFile, Document, DocumentCopy
from documents.permissions import acting_leader
from documents.selectors.documents import document_main_file
from documents.services.copies.numbering import copy_number_assign, copy_symbol_compose
from documents.services.copies.render import CopyBlock, copy_pdf_compose, page_count
from documents.services.files import file_read
from documents.services.outgoing.issuing import second_factor_check, signature_error
from documents.services.outgoing.review import route_for
from qlvb.access import has_role, membership
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, NotFound, Refused
from qlvb.models import Role
from qlvb.services.audit import audit_record
from qlvb.services.second_factor import second_factor_outcome
from signatures.errors import SignatureServiceError
from signatures.pdf import signing as pdf_signing
from signatures.permissions import require_clerk
from signatures.services.custody import key_unlocked
from signatures.services.files import intact_bytes
from signatures.services.signing import leader_signature_make, organization_key, signing_policy

Form, Mode, State = DocumentCopy.Form, DocumentCopy.Mode, DocumentCopy.State
FORM_LABELS = {Form.TRUE_COPY: "SAO Y", Form.TRANSCRIPT: "SAO LỤC", Form.EXTRACT: "TRÍCH SAO"}
REQUESTER_ROLES = (Role.CLERK, Role.SPECIALIST)
NOT_COPYABLE_STATES = (Document.State.REJECTED, Document.State.DRAFT, Document.State.IN_REVIEW,
                       Document.State.RETURNED, Document.State.APPROVED, Document.State.SIGNED)


def copy_may_request(*, user, document: Document) -> bool:
    """Whether ``user`` holds a role that asks for copies and ``document`` can be copied (the
    service checks the rest)."""
    return (not document.secrecy and document.state not in NOT_COPYABLE_STATES
            and has_role(user, document.organization_id, *REQUESTER_ROLES))
MAX_PRINTED = 500


def _file_add(*, copy: DocumentCopy, kind: str, name: str, data: bytes, replaces: CopyFile | None = None) -> CopyFile:
    stored = CopyFile(copy=copy, kind=kind, name=os.path.basename(name)[:255] or "ban-sao.pdf", size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), replaces=replaces)
    stored.file.save(stored.name[-100:], ContentFile(data), save=False)
    stored.save()
    return stored


def copy_latest_file(copy: DocumentCopy) -> CopyFile | None:
    return copy.files.order_by("-id").first()


def _source_bytes(copy: DocumentCopy) -> bytes:
    """What the copy is made from: the scan of the paper original (or of the paper sao y), the
    electronic sao y a sao lục is made from, or the original's PDF."""
    if copy.source_is_paper:
        return intact_bytes(copy.files.get(kind=CopyFile.Kind.SCAN))
    if copy.source_copy_id:
        return intact_bytes(copy_latest_file(copy.source_copy))
    main = document_main_file(copy.original)
    return intact_bytes(main)


def _pages_check(*, form: str, first_page, last_page, count: int) -> tuple[int | None, int | None]:
    if form != Form.EXTRACT:
        if first_page or last_page:
            raise Refused(CopyError.PAGES_ONLY_FOR_EXTRACT)
        return None, None
    if not first_page:
        raise Refused(CopyError.PAGES_REQUIRED)
    last_page = last_page or first_page
    if first_page < 1 or last_page < first_page or last_page > count:
        raise Refused(CopyError.PAGES_OUTSIDE, first=first_page, last=last_page, count=count)
    return first_page, last_page


def _scan_pages(scan: bytes) -> int:
    if not scan.startswith(b"%PDF-"):
        raise Refused(CopyError.SCAN_NOT_PDF)
    try:
        return page_count(scan)
    except Exception as error:  # noqa: BLE001 - pyHanko's many ways of finding a PDF broken
        raise Refused(CopyError.SCAN_NOT_PDF) from error


def _source_copy_check(source_copy: DocumentCopy, *, original: Document, form: str, paper_source: bool) -> None:
    if form != Form.TRANSCRIPT:
        raise Refused(CopyError.SOURCE_COPY_ONLY_FOR_TRANSCRIPT)
    finished = State.PRINTED if paper_source else State.SEALED
    if (source_copy.original_id != original.pk or source_copy.form != Form.TRUE_COPY
            or source_copy.state != finished):
        raise Refused(CopyError.SOURCE_COPY_NOT_USABLE)


@transaction.atomic
def copy_request(*, actor, original: Document, form: str, mode: str, first_page: int | None = None,
                 last_page: int | None = None, purpose: str = "", recipients: str = "",
                 scan: tuple[str, bytes] | None = None, source_copy: DocumentCopy | None = None) -> DocumentCopy:
    """A clerk or a specialist who reads ``original`` asks for a copy of it. Nothing is numbered yet.

    A sao lục may name the sao y it is made from (``source_copy``): an electronic one is copied
    from its signed file; a paper one from its scan."""
    if not Document.objects.visible_to(actor).filter(pk=original.pk).exists():
        raise NotFound(DocumentError.NOT_A_MEMBER)
    organization = original.organization
    if not has_role(actor, organization, *REQUESTER_ROLES):
        raise Forbidden(CopyError.MAY_NOT_REQUEST)
    if form not in Form.values:
        raise Refused(CopyError.FORM_UNKNOWN)
    if mode not in Mode.values:
        raise Refused(CopyError.MODE_UNKNOWN)
    if original.secrecy:
        raise Refused(CopyError.SECRET)
    if original.state in NOT_COPYABLE_STATES:
        raise Refused(CopyError.ORIGINAL_NOT_FINAL)
    paper_source = mode in (Mode.P2E, Mode.P2P)
    if source_copy is not None:
        _source_copy_check(source_copy, original=original, form=form, paper_source=paper_source)
    if paper_source:
        if not scan or not scan[1]:
            raise Refused(CopyError.SCAN_REQUIRED)
        count = _scan_pages(scan[1])
    elif source_copy is not None:
        count = page_count(intact_bytes(copy_latest_file(source_copy)))
    else:
        main = document_main_file(original)
        if main is None or main.content_type != "application/pdf" or main.destroyed_at:
            raise Refused(CopyError.NO_ELECTRONIC_ORIGINAL)
        count = page_count(file_read(main))
    first_page, last_page = _pages_check(form=form, first_page=first_page, last_page=last_page, count=count)
    copy = DocumentCopy.objects.create(
        organization=organization, original=original, form=form, mode=mode, first_page=first_page,
        last_page=last_page, source_copy=source_copy, purpose=" ".join(purpose.split())[:300], recipients=recipients.strip()[:1000],
        requested_by=actor,
    )
    if paper_source:
        _file_add(copy=copy, kind=CopyFile.Kind.SCAN, name=scan[0] or "ban-quet.pdf", data=scan[1])
    audit_record(action=AuditAction.COPY_REQUEST, actor=actor, organization=organization, obj=copy,
                 data={"original": original.pk, "form": form, "mode": mode, "pages": [first_page, last_page],
                       "source_copy": getattr(source_copy, "pk", None)})
    return copy


def _title_lines(*, signer_membership, leader_membership, delegation) -> tuple[str, ...]:
    own = (signer_membership.position_title if signer_membership else "").upper()
    if delegation is None:
        return (own or "LÃNH ĐẠO",)
    head = (leader_membership.position_title if leader_membership else "").upper() or "THỦ TRƯỞNG CƠ QUAN"
    return (f"{delegation.signing_form}. {head}", own or "LÃNH ĐẠO")


def _block(copy: DocumentCopy, *, symbol: str, title_lines, signer_name: str, day) -> CopyBlock:
    organization = copy.organization
    recipients = tuple(line.strip(" -;") for line in copy.recipients.splitlines() if line.strip(" -;"))
    return CopyBlock(form_label=FORM_LABELS[copy.form], organization=organization.name, symbol=symbol,
                     place=organization.place_name or organization.name, day=day, title_lines=tuple(title_lines),
                     signer_name=signer_name, recipients=recipients)


def _numbered_and_composed(copy: DocumentCopy, *, title_lines, signer_name: str, kind: str) -> CopyFile:
    """Take the next number of the copies register and write the copy's PDF with it."""
    today = timezone.localdate()
    register, number = copy_number_assign(organization=copy.organization, year=today.year)
    symbol = copy_symbol_compose(number=number, form=copy.form, organization_short=copy.organization.short_name)
    block = _block(copy, symbol=symbol, title_lines=title_lines, signer_name=signer_name, day=today)
    pdf = copy_pdf_compose(_source_bytes(copy), block=block, first_page=copy.first_page, last_page=copy.last_page)
    copy.register, copy.number, copy.symbol, copy.copied_on = register, number, symbol, today
    name = f"{symbol.replace('/', '-')}.pdf"
    return _file_add(copy=copy, kind=kind, name=name, data=pdf)


def _lock(copy: DocumentCopy) -> DocumentCopy:
    return (DocumentCopy.objects.select_for_update(of=("self",))
            .select_related("organization", "original").get(pk=copy.pk))


def copy_sign(*, actor, copy: DocumentCopy, pin: str, on_behalf_of=None, totp_code: str | None = None) -> DocumentCopy:
    """The authorised leader (or a delegate with a signing delegation in force) signs an electronic
    copy: the number is taken, written in the copy-form block, and the signature covers it."""
    try:
        with second_factor_outcome(), transaction.atomic(durable=True):
            copy = _lock(copy)
            organization = copy.organization
            if on_behalf_of in (None, actor) and not has_role(actor, organization, Role.LEADER):
                raise Forbidden(CopyError.SIGNER_NOT_LEADER)
            leader, delegation = acting_leader(actor, organization, scope="signing", on_behalf_of=on_behalf_of)
            if copy.state != State.REQUESTED:
                raise Refused(CopyError.NOT_WAITING_SIGNATURE)
            if copy.result_is_paper:
                raise Refused(CopyError.NOT_ELECTRONIC)
            if route_for(organization).require_second_factor:
                second_factor_check(user=actor, code=totp_code)
            signer_membership = membership(actor, organization)
            title_lines = _title_lines(signer_membership=signer_membership,
                                       leader_membership=membership(leader, organization), delegation=delegation)
            name = actor.full_name or actor.get_full_name() or actor.username
            composed = _numbered_and_composed(copy, title_lines=title_lines, signer_name=name,
                                              kind=CopyFile.Kind.COMPOSED)
            signature = leader_signature_make(actor=actor, organization=organization, source=composed, pin=pin,
                                              on_behalf_of=leader if delegation else None)
            _file_add(copy=copy, kind=CopyFile.Kind.SIGNED, name=composed.name, data=signature.signed.data,
                      replaces=composed)
            copy.state = State.SIGNED
            copy.signer, copy.signer_name = actor, name
            copy.signer_title = " / ".join(title_lines)
            copy.signing_form = delegation.signing_form if delegation else ""
            copy.signed_on_behalf_of = leader if delegation else None
            copy.signed_at = signature.signed.signing_time or timezone.now()
            copy.signer_certificate_serial = str(signature.key.certificate.serial)
            copy.save()
            audit_record(action=AuditAction.COPY_SIGN, actor=actor, on_behalf_of=copy.signed_on_behalf_of,
                         organization=organization, obj=copy,
                         data={"number": copy.number, "symbol": copy.symbol, "sha256": signature.signed.sha256,
                               "certificate_serial": copy.signer_certificate_serial,
                               "delegation": getattr(delegation, "pk", None)})
            return copy
    except SignatureServiceError as exc:
        raise signature_error(exc, actor) from exc


def copy_seal(*, actor, copy: DocumentCopy, pin: str, totp_code: str | None = None) -> DocumentCopy:
    """The clerk applies the organization's signature to a signed electronic copy (Phụ lục I, Phần II,
    I.3): no image, "SAO Y; <organization>; <time>" at the top right of page 1, refused unless the
    leader's signature under it is present, valid and the one recorded for this copy."""
    try:
        with second_factor_outcome(), transaction.atomic(durable=True):
            copy = _lock(copy)
            organization = copy.organization
            require_clerk(actor=actor, organization=organization)
            if copy.state != State.SIGNED:
                raise Refused(CopyError.NOT_WAITING_SEAL)
            if route_for(organization).require_second_factor:
                second_factor_check(user=actor, code=totp_code)
            signed = copy.files.select_for_update().get(kind=CopyFile.Kind.SIGNED)
            pdf = intact_bytes(signed)
            policy = signing_policy()
            leader = pdf_signing.valid_leader_signature(pdf, trust_roots=policy.trust_roots, fetch=policy.fetch)
            if str(leader.details.get("certificate_serial")) != copy.signer_certificate_serial:
                raise Refused(CopyError.NOT_WAITING_SEAL)
            with key_unlocked(organization_key(organization), pin) as signer:
                sealed = pdf_signing.seal_copy(pdf, signer, copy_form=FORM_LABELS[copy.form],
                                               organization=organization.name, policy=policy)
            _file_add(copy=copy, kind=CopyFile.Kind.SEALED, name=signed.name, data=sealed.data, replaces=signed)
            copy.state, copy.sealed_by, copy.sealed_at = State.SEALED, actor, sealed.signing_time or timezone.now()
            copy.save(update_fields=["state", "sealed_by", "sealed_at"])
            audit_record(action=AuditAction.COPY_SEAL, actor=actor, organization=organization, obj=copy,
                         data={"symbol": copy.symbol, "sha256": sealed.sha256})
            return copy
    except SignatureServiceError as exc:
        raise signature_error(exc, actor) from exc


@transaction.atomic
def copy_print(*, actor, copy: DocumentCopy, signer, count: int) -> DocumentCopy:
    """A paper copy: the clerk numbers it and prints ``count`` sheets of the PDF with the block, for
    ``signer`` (a leader of the organization) to sign by hand and the red seal."""
    copy = _lock(copy)
    organization = copy.organization
    require_clerk(actor=actor, organization=organization)
    if copy.state != State.REQUESTED:
        raise Refused(CopyError.NOT_WAITING_SIGNATURE)
    if not copy.result_is_paper:
        raise Refused(CopyError.NOT_PAPER)
    if signer is None or not has_role(signer, organization, Role.LEADER):
        raise Refused(CopyError.SIGNER_NOT_LEADER)
    if not isinstance(count, int) or not 1 <= count <= MAX_PRINTED:
        raise Refused(CopyError.PRINT_COUNT)
    signer_membership = membership(signer, organization)
    title_lines = _title_lines(signer_membership=signer_membership, leader_membership=None, delegation=None)
    name = signer.full_name or signer.get_full_name() or signer.username
    _numbered_and_composed(copy, title_lines=title_lines, signer_name=name, kind=CopyFile.Kind.PRINTABLE)
    copy.state, copy.signer, copy.signer_name = State.PRINTED, signer, name
    copy.signer_title = " / ".join(title_lines)
    copy.printed_count, copy.printed_at = count, timezone.now()
    copy.save()
    audit_record(action=AuditAction.COPY_PRINT, actor=actor, organization=organization, obj=copy,
                 data={"number": copy.number, "symbol": copy.symbol, "count": count, "signer": signer.pk})
    return copy
