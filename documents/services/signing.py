"""Signing a document's files: the version to sign (locked, the latest), the signature the
signatures app makes on its bytes, and the signed bytes stored as the file's new immutable version
with the record of the signature.

The signatures app signs the version it is given; which version that is and where the signed one
goes is decided here, next to the files (documents.services.files). Each service returns the
SignatureRecord of the new version.
"""

from __future__ import annotations

from django.db import transaction

from documents.models import DocumentFile
from documents.services.files import file_store
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
    signature = leader_signature_make(actor=actor, organization=source.document.organization, source=source,
                                      pin=pin, placement=placement, on_behalf_of=on_behalf_of)
    return signed_version_store(source=source, signature=signature)


@records_wrong_pins
@transaction.atomic
def file_seal(*, actor, document_file: DocumentFile, pin: str) -> SignatureRecord:
    """The organization's signature by its clerk: the seal over the left third of the leader's
    signature, refused unless that signature is present, intact and trusted."""
    source = lock_latest_version(document_file)
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
    return external_session_create(actor=actor, organization=source.document.organization, source=source,
                                   placement=placement, on_behalf_of=on_behalf_of)


@transaction.atomic
def external_complete(*, actor, session_id, signature_b64: str) -> SignatureRecord:
    """Embed the agent's signature (base64) into the prepared file; returns the record of the new version."""
    session = external_session_lock(actor=actor, session_id=session_id)
    source = lock_latest_version(session.source_file)
    signature = external_signature_make(actor=actor, organization=source.document.organization, session=session,
                                        signature_b64=signature_b64)
    record = signed_version_store(source=source, signature=signature)
    external_session_close(session=session, record=record)
    return record
