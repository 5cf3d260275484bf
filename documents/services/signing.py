"""Signing a document's files: the version to sign (locked, the latest), the signature the
signatures app makes on its bytes, and the signed bytes stored as the file's new immutable version
with the record of the signature.

These are steps of the outgoing workflow, never entry points of their own: only
documents.services.outgoing.issuing (outgoing_sign, outgoing_seal) and .external call them, after
the workflow's checks (state, signing route, number, who signs, the second factor, the signing
lock). Each step checks again, on the locked row, what it can see there: the document is an
outgoing one in the state of that step and already numbered. A received document's files are never
signed nor stamped: they stay the bytes that arrived (a copy is made to stamp). Each service
returns the SignatureRecord of the new version.
"""

from __future__ import annotations

from django.db import transaction

from documents.errors import DocumentError
from documents.literals import Direction
from documents.models import Document, DocumentFile
from documents.services.files import file_store
from qlvb.errors import Refused
from signatures.errors import SignatureError, SignatureServiceError
from signatures.models import ExternalSigningSession, SignatureRecord
from signatures.pdf.appearance import Placement
from signatures.services.custody import records_wrong_pins
from signatures.services.external_signing import (
    external_session_close,
    external_session_create,
    external_session_lock,
    external_signature_make,
)
from signatures.services.signing import (
    Signature,
    attachment_signature_make,
    leader_signature_make,
    seal_signature_make,
    signature_record_create,
)

PDF = "application/pdf"


def lock_latest_version(document_file: DocumentFile) -> DocumentFile:
    """Lock the file row for this signing and make sure nobody made a newer version from it.

    Two people signing the same version at once would fork the document: the second waits for the
    lock, then is told a newer version exists.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_latest_version must run inside a transaction")
    locked = (
        DocumentFile.objects.select_for_update()
        .select_related("document", "document__organization")
        .get(pk=document_file.pk)
    )
    if DocumentFile.objects.filter(replaces=locked).exists():
        raise SignatureServiceError(
            f"file {locked.pk} already has a newer version",
            code=SignatureError.FILE_SUPERSEDED,
        )
    return locked


def workflow_step_check(source: DocumentFile, *, state: str) -> None:
    """What a signing step sees on the locked rows: an outgoing document (a received one's files
    stay as they arrived), in ``state`` (approved for the leader's signature, signed for the seal
    and the stamps), numbered before any signature covers its text."""
    document = source.document
    if document.direction != Direction.OUTGOING:
        raise Refused(DocumentError.RECEIVED_FILES_READ_ONLY)
    if document.state != state:
        raise Refused(DocumentError.NOT_APPROVED if state == Document.State.APPROVED
                      else DocumentError.NOT_SIGNED_FOR_SEAL)
    if not (document.register_number and document.symbol):
        raise Refused(DocumentError.NOT_NUMBERED)


def signed_version_store(*, source: DocumentFile, signature: Signature) -> SignatureRecord:
    """Store the signed bytes as the new version made from ``source``, and the record of the signature."""
    version = file_store(document=source.document, name=source.name, data=signature.signed.data, role=source.role,
                         content_type=PDF, replaces=source)
    return signature_record_create(signature=signature, source=source, signed_file=version)


@records_wrong_pins
@transaction.atomic
def file_sign_as_leader(
    *, actor, document_file: DocumentFile, pin: str, placement: Placement | None = None, on_behalf_of=None
) -> SignatureRecord:
    """The leader's signature (or a delegate's, for ``on_behalf_of``) with the signature image
    between the title line and the name, or at ``placement``; returns the record of the new version."""
    source = lock_latest_version(document_file)
    workflow_step_check(source, state=Document.State.APPROVED)
    signature = leader_signature_make(actor=actor, organization=source.document.organization, source=source,
                                      pin=pin, placement=placement, on_behalf_of=on_behalf_of)
    return signed_version_store(source=source, signature=signature)


@records_wrong_pins
@transaction.atomic
def file_seal(*, actor, document_file: DocumentFile, pin: str) -> SignatureRecord:
    """The organization's signature by its clerk: the seal over the left third of the leader's
    signature, refused unless that signature is present, intact and trusted."""
    source = lock_latest_version(document_file)
    workflow_step_check(source, state=Document.State.SIGNED)
    signature = seal_signature_make(actor=actor, organization=source.document.organization, source=source, pin=pin)
    return signed_version_store(source=source, signature=signature)


@records_wrong_pins
@transaction.atomic
def file_stamp_attachment(*, actor, document_file: DocumentFile, pin: str, stamp_text: str) -> SignatureRecord:
    """The organization's signature on an attachment or an electronic copy: no image, the line
    ``<stamp_text>; <signing time, ISO 8601 Vietnam time>`` at the top right of page 1.

    ``stamp_text`` is the number and symbol (``807/VPCP-KSTT``) or, for a copy, the copy form and
    the copying organization (``SAO Y; Văn phòng Chính phủ``); blank means the document's symbol.
    """
    source = lock_latest_version(document_file)
    workflow_step_check(source, state=Document.State.SIGNED)
    text = " ".join((stamp_text or "").split()) or source.document.symbol
    signature = attachment_signature_make(actor=actor, organization=source.document.organization, source=source,
                                          pin=pin, text=text)
    return signed_version_store(source=source, signature=signature)


@transaction.atomic
def external_prepare(
    *, actor, document_file: DocumentFile, placement: Placement | None = None, on_behalf_of=None
) -> ExternalSigningSession:
    """Prepare the leader's signature for the actor's external key; the session's ``digest``
    (base64 SHA-256) is what the signing agent signs (RSA PKCS#1 v1.5)."""
    source = lock_latest_version(document_file)
    workflow_step_check(source, state=Document.State.APPROVED)
    return external_session_create(actor=actor, organization=source.document.organization, source=source,
                                   placement=placement, on_behalf_of=on_behalf_of)


@transaction.atomic
def external_complete(*, actor, session_id, signature_b64: str) -> SignatureRecord:
    """Embed the agent's signature (base64) into the prepared file; returns the record of the new version."""
    session = external_session_lock(actor=actor, session_id=session_id)
    source = lock_latest_version(session.source_file)
    workflow_step_check(source, state=Document.State.APPROVED)
    signature = external_signature_make(actor=actor, organization=source.document.organization, session=session,
                                        signature_b64=signature_b64)
    record = signed_version_store(source=source, signature=signature)
    external_session_close(session=session, record=record)
    return record
