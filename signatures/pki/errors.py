"""Errors of the signing libraries (signatures.pki, signatures.pdf), without Django.

Each error carries an English message for logs (its ``str()``), a stable ``code`` (the value of a
member of signatures.errors.SignatureError, e.g. "wrong_pin") and the ``params`` of the message a
person is shown. The libraries know no translations: the Django side (signatures.errors) gives
every error its enum code and its message in the active language through `describe_with`.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any


class SignatureServiceError(Exception):
    """Base class: something the user asked for could not be done (400)."""

    default_code = "signing_failed"
    status = HTTPStatus.BAD_REQUEST
    _code_type: Callable[[str], Any] | None = None
    _describe: Callable[[Any, dict, str | None], str] | None = None

    def __init__(self, message: str, *, code: Any = None, **params):
        super().__init__(message)
        self._code = str(getattr(code, "value", code)) if code is not None else self.default_code
        self.params = params

    @classmethod
    def describe_with(cls, code_type: Callable[[str], Any], describe: Callable[[Any, dict, str | None], str]) -> None:
        """How codes become enum members and messages (installed by signatures.errors)."""
        SignatureServiceError._code_type, SignatureServiceError._describe = code_type, describe

    @property
    def code(self):
        code_type = SignatureServiceError._code_type
        return code_type(self._code) if code_type else self._code

    def text(self, language: str | None = None) -> str:
        """The message a person is shown, in `language` (default: the active one)."""
        describe = SignatureServiceError._describe
        return describe(self.code, self.params, language) if describe else str(self)

    @property
    def user_message(self) -> str:
        return self.text()


class WrongPinError(SignatureServiceError):
    """The PIN did not open the key store or token."""

    default_code = "wrong_pin"


class KeyLockedError(SignatureServiceError):
    """The token refuses PIN attempts (too many wrong PINs)."""

    default_code = "key_locked"


class KeyAccessError(SignatureServiceError):
    """The key store, token or certificate could not be used."""

    default_code = "key_access"


class CertificateNotUsableError(SignatureServiceError):
    """The signer's certificate is expired, not yet valid, revoked or untrusted."""

    default_code = "certificate_not_usable"


class TimestampUnavailableError(SignatureServiceError):
    """The timestamp authority could not be reached or refused the request."""

    default_code = "timestamp_unavailable"


class RevocationInfoUnavailableError(SignatureServiceError):
    """CRL or OCSP data needed for a long-term signature could not be obtained."""

    default_code = "revocation_info_unavailable"


class SigningBlockNotFoundError(SignatureServiceError):
    """The signer's title and name could not be found in the document text."""

    default_code = "signing_block_not_found"


class LeaderSignatureRequiredError(SignatureServiceError):
    """The organization may seal only a document its leader validly signed."""

    default_code = "leader_signature_required"


class InvalidPdfError(SignatureServiceError):
    """The input is not a PDF the signing core can read."""

    default_code = "invalid_pdf"


class ExternalSignatureError(SignatureServiceError):
    """The signature returned by an external signer does not fit the request."""

    default_code = "external_signature_invalid"
