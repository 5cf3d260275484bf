"""File versions for signing: the version to sign (locked, latest, intact) and the signed new version."""

import hashlib

from django.db import transaction

from documents.models import DocumentFile
from signatures import conf
from signatures.errors import SignatureServiceError
from signatures.pdf.pades import SigningPolicy
from signatures.pki.tsa import http_timestamper
from signatures.selectors import trust_anchor_list

PDF = "application/pdf"


def file_bytes(document_file: DocumentFile) -> bytes:
    with document_file.file.open("rb") as handle:
        return handle.read()


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
            user_message="Tệp này đã có phiên bản mới hơn (đã được ký); hãy thao tác trên phiên bản mới nhất.",
        )
    return locked


def intact_bytes(document_file: DocumentFile) -> bytes:
    """The stored bytes, refused if they no longer match the SHA-256 recorded for the version."""
    data = file_bytes(document_file)
    if hashlib.sha256(data).hexdigest() != document_file.sha256:
        raise SignatureServiceError(
            f"stored bytes of file {document_file.pk} do not match its SHA-256",
            user_message="Tệp lưu trữ không khớp mã băm đã ghi nhận; không ký được. Đề nghị kiểm tra lại tệp.",
        )
    return data


def file_version_create(*, source: DocumentFile, data: bytes) -> DocumentFile:
    """A new immutable version made from ``source`` (signing adds an incremental update)."""
    from documents.services.files import file_store

    return file_store(document=source.document, name=source.name, data=data, role=source.role,
                      content_type=PDF, replaces=source)


def signing_policy() -> SigningPolicy:
    """Level, timestamp authority and trust roots as configured (see signatures.conf)."""
    return SigningPolicy(
        level=conf.signing_level(),
        timestamper=http_timestamper(conf.tsa_url(), timeout=conf.tsa_timeout()),
        allow_without_timestamp=conf.allow_without_timestamp(),
        trust_roots=tuple(trust_anchor_list()),
        fetch=conf.revocation_fetch(),
    )
