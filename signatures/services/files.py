"""The bytes of a file version the caller hands over: read from storage, and checked against the
SHA-256 recorded for the version before anything is signed.

Which version that is (the latest, locked) and where a signed version is stored are the caller's
business: documents binds signing to its files (documents.services.signing)."""

import hashlib

from signatures.errors import SignatureError, SignatureServiceError


def file_bytes(document_file) -> bytes:
    """The stored bytes of a file version (anything with a ``file`` to open)."""
    with document_file.file.open("rb") as handle:
        return handle.read()


def intact_bytes(document_file) -> bytes:
    """The stored bytes, refused if they no longer match the SHA-256 recorded for the version."""
    data = file_bytes(document_file)
    if hashlib.sha256(data).hexdigest() != document_file.sha256:
        raise SignatureServiceError(
            f"stored bytes of file {document_file.pk} do not match its SHA-256",
            code=SignatureError.FILE_HASH_MISMATCH,
        )
    return data
