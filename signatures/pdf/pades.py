"""PAdES signing: baseline B-T (RFC 3161 timestamp) and B-LT (revocation data embedded).

Signing never touches its input: it takes PDF bytes and returns new bytes
(an incremental update) together with their SHA-256.
"""

import asyncio
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TypeVar

from cryptography import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator import errors as cv_errors

from signatures.clock import now_utc, short_vietnam
from signatures.pdf.appearance import Placement
from signatures.pki.errors import (
    CertificateNotUsableError,
    InvalidPdfError,
    RevocationInfoUnavailableError,
    SignatureServiceError,
    TimestampUnavailableError,
)
from signatures.pki.revinfo import Fetch, collect_revocation_data, http_fetch, validation_context

DIGEST = "sha256"
T = TypeVar("T")


class _SuppliedRevinfoFilter(logging.Filter):
    """Drop pyHanko's warning that it may not fetch revocation data: for B-LT we fetch it ourselves
    (through ``SigningPolicy.fetch``) and hand it over before signing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_SuppliedRevinfoFilter())


class Level(Enum):
    """PAdES baseline levels this module produces."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"


@dataclass(frozen=True)
class SigningPolicy:
    """How strong the signature must be and where timestamps and revocation data come from.

    ``allow_without_timestamp`` lets signing fall back to B-B when the TSA
    cannot be reached; otherwise that is a :class:`TimestampUnavailableError`.
    B-LT needs ``trust_roots``; revocation data is fetched with ``fetch``.
    """

    level: Level = Level.B_T
    timestamper: TimeStamper | None = None
    allow_without_timestamp: bool = False
    trust_roots: tuple[x509.Certificate, ...] = ()
    fetch: Fetch = field(default=http_fetch)


@dataclass(frozen=True)
class Appearance:
    """A visible signature: where the widget goes and what it shows."""

    placement: Placement
    style: BaseStampStyle


@dataclass(frozen=True)
class SignedPdf:
    """The signed document and facts about the signature just added."""

    data: bytes
    sha256: str
    field_name: str
    signing_time: datetime
    level: Level


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is chosen by the caller.

    Text stamps print the signing time, so it must be known before pyHanko
    draws the appearance and must equal the time in the signature.
    """

    def __init__(self, *args, signing_time: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def open_writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidPdfError(f"cannot read PDF: {exc}") from exc


def unique_field_name(writer: IncrementalPdfFileWriter, prefix: str) -> str:
    """``prefix-1``, ``prefix-2``… whichever is not yet a field of the document."""
    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer.prev)}
    index = 1
    while f"{prefix}-{index}" in taken:
        index += 1
    return f"{prefix}-{index}"


def check_certificate_usable(cert: x509.Certificate, at: datetime) -> None:
    """Refuse to sign with a certificate that is not valid at ``at``."""
    if at > cert.not_valid_after_utc:
        raise CertificateNotUsableError(
            f"certificate expired at {cert.not_valid_after_utc.isoformat()}",
            code="certificate_expired_at", at=short_vietnam(cert.not_valid_after_utc),
        )
    if at < cert.not_valid_before_utc:
        raise CertificateNotUsableError(
            f"certificate not valid before {cert.not_valid_before_utc.isoformat()}",
            code="certificate_not_yet_valid_from", at=short_vietnam(cert.not_valid_before_utc),
        )


def as_cryptography(cert) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def ltv_context(
    signer: signers.Signer, timestamper: TimeStamper | None, policy: SigningPolicy
) -> ValidationContext:
    """Validation context with fresh revocation data for the signer's and the TSA's chains."""
    certs = [signer.signing_cert, *signer.cert_registry]
    if timestamper is not None:
        asyncio.run(timestamper.async_dummy_response(DIGEST))
        certs += list(timestamper.cert_registry)
    chain = [as_cryptography(c) for c in certs if c is not None]
    revocation = collect_revocation_data([*chain, *policy.trust_roots], policy.fetch)
    return validation_context(
        policy.trust_roots, other_certs=chain, revocation=revocation, require_revocation=True
    )


def signature_metadata(
    field_name: str,
    level: Level,
    context: ValidationContext | None,
    *,
    reason: str | None,
    location: str | None,
) -> signers.PdfSignatureMetadata:
    ltv = level is Level.B_LT
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=DIGEST,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        embed_validation_info=ltv,
        validation_context=context if ltv else None,
        dss_settings=DSSContentSettings(
            placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
        ),
    )


def field_spec(field_name: str, appearance: Appearance | None) -> fields.SigFieldSpec:
    if appearance is None:
        return fields.SigFieldSpec(field_name)
    return fields.SigFieldSpec(field_name, on_page=appearance.placement.page, box=appearance.placement.box)


@dataclass(frozen=True)
class SignatureRequest:
    """Everything about the signature to add except the key."""

    policy: SigningPolicy
    appearance: Appearance | None = None
    field_name: str | None = None
    field_prefix: str = "signature"
    signing_time: datetime = field(default_factory=now_utc)
    reason: str | None = None
    location: str | None = None


def build_pdf_signer(
    writer: IncrementalPdfFileWriter,
    signer: signers.Signer,
    request: SignatureRequest,
    level: Level,
    timestamper: TimeStamper | None,
) -> _TimedPdfSigner:
    """A pyHanko PdfSigner set up for ``request`` at ``level`` (fetches revocation data for B-LT)."""
    name = request.field_name or unique_field_name(writer, request.field_prefix)
    context = ltv_context(signer, timestamper, request.policy) if level is Level.B_LT else None
    appearance = request.appearance
    return _TimedPdfSigner(
        signature_metadata(name, level, context, reason=request.reason, location=request.location),
        signer,
        timestamper=timestamper,
        stamp_style=appearance.style if appearance else None,
        new_field_spec=field_spec(name, appearance),
        signing_time=request.signing_time,
    )


def _sign_once(
    pdf: bytes,
    signer: signers.Signer,
    request: SignatureRequest,
    level: Level,
    timestamper: TimeStamper | None,
) -> SignedPdf:
    writer = open_writer(pdf)
    pdf_signer = build_pdf_signer(writer, signer, request, level, timestamper)
    try:
        output = pdf_signer.sign_pdf(writer, output=io.BytesIO())
    except SigningError as exc:
        raise _explain_signing_error(exc) from exc
    data = output.getvalue()
    name = pdf_signer.signature_meta.field_name or ""
    return SignedPdf(data, hashlib.sha256(data).hexdigest(), name, request.signing_time, level)


# What went wrong in pyHanko's pre-signing certificate check, as the code the user is told.
_CERTIFICATE_PROBLEMS = (
    (cv_errors.RevokedError, "certificate_revoked"),
    (cv_errors.ExpiredError, "certificate_expired"),
    (cv_errors.NotYetValidError, "certificate_not_yet_valid"),
    (cv_errors.PathBuildingError, "certificate_untrusted"),
)


def _explain_signing_error(exc: SigningError) -> SignatureServiceError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, cv_errors.InsufficientRevinfoError):
            return RevocationInfoUnavailableError(f"revocation status not established: {cause}")
        for kind, code in _CERTIFICATE_PROBLEMS:
            if isinstance(cause, kind):
                return CertificateNotUsableError(
                    f"signer's certificate not usable: {cause}", code=code
                )
        cause = cause.__cause__ or cause.__context__
    return SignatureServiceError(f"signing failed: {exc}")


def _is_timestamp_failure(exc: BaseException) -> bool:
    while exc is not None:
        if isinstance(exc, TimestampRequestError | TimestampUnavailableError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def effective_timestamper(policy: SigningPolicy) -> TimeStamper | None:
    """The timestamper the policy's level needs (None for B-B); missing one is an error."""
    if policy.level is Level.B_B:
        return None
    if policy.timestamper is None:
        raise TimestampUnavailableError(
            f"{policy.level.value} needs a timestamp authority but none is configured"
        )
    return policy.timestamper


def with_timestamp_fallback(policy: SigningPolicy, attempt: Callable[[Level, TimeStamper | None], T]) -> T:
    """Run ``attempt`` at the policy's level; if the TSA fails, retry as B-B when the policy allows it."""
    try:
        return attempt(policy.level, effective_timestamper(policy))
    except Exception as exc:
        if not _is_timestamp_failure(exc):
            raise
        if not policy.allow_without_timestamp:
            raise TimestampUnavailableError(f"timestamp authority unreachable: {exc}") from exc
    return attempt(Level.B_B, None)


def sign_pdf(
    pdf: bytes,
    signer: signers.Signer,
    *,
    policy: SigningPolicy,
    appearance: Appearance | None = None,
    field_name: str | None = None,
    field_prefix: str = "signature",
    signing_time: datetime | None = None,
    reason: str | None = None,
    location: str | None = None,
) -> SignedPdf:
    """Add a PAdES signature by ``signer`` to ``pdf``; return the new bytes and their SHA-256.

    Without ``appearance`` the signature is invisible. Raises
    :class:`TimestampUnavailableError` when the TSA is unreachable (unless the
    policy allows B-B) and :class:`CertificateNotUsableError` when the
    certificate is expired, or, for B-LT, untrusted or revoked.
    """
    request = SignatureRequest(
        policy, appearance, field_name, field_prefix, signing_time or now_utc(), reason, location
    )
    check_certificate_usable(as_cryptography(signer.signing_cert), request.signing_time)
    return with_timestamp_fallback(
        policy, lambda level, timestamper: _sign_once(pdf, signer, request, level, timestamper)
    )
