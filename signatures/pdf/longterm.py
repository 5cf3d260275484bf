"""Long-term proof of the signatures of a PDF: PAdES B-LTA.

A signature checked in ten years must still be provable when the signer's certificate has long
expired, its CA has stopped publishing CRLs, and the timestamp authority's certificate of the
signature's timestamp has expired too. So, when a document goes into the archive:

1. the validation data of every signature and of every timestamp in the file (the certificates of
   each chain up to a trusted root, and CRLs and/or OCSP answers about each of them) goes into the
   document security store (DSS), with a VRI entry per signature, as pyHanko writes them;
2. a **document timestamp** over the whole file (validation data included) proves that all of it
   existed at that time, while every certificate could still be checked;
3. the validation data of that document timestamp's own authority follows in a DSS update.

Before the authority's certificate of the last document timestamp expires, :func:`renew_long_term_proof`
adds fresh validation data for that timestamp and a new document timestamp over it: the archive
timestamp chain. Every step is an incremental update: the bytes given stay a byte-identical prefix.

Revocation data is fetched only for certificates on a chain that reaches one of the trust roots
(each link checked by signature, :func:`signatures.pdf.verify.trusted_chain`), through the caller's
``fetch`` (a :class:`signatures.pki.revinfo.GuardedFetch` in the application); pre-fetched CRLs and
OCSP answers may be given instead. Nothing here goes to the network on its own.
"""

import asyncio
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko.sign.validation import EmbeddedPdfSignature
from pyhanko.sign.validation.dss import DocumentSecurityStore, collect_validation_info
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko_certvalidator import errors as cv_errors

from signatures.pdf.pades import DIGEST, open_writer
from signatures.pdf.verify import trusted_chain
from signatures.pki.errors import (
    CertificateNotUsableError,
    InvalidPdfError,
    RevocationInfoUnavailableError,
    SignatureServiceError,
    TimestampUnavailableError,
)
from signatures.pki.revinfo import Fetch, RevocationData, collect_revocation_data, validation_context

ARCHIVE_PREFIX = "archive-timestamp"


@dataclass(frozen=True)
class LongTermPdf:
    """The file with its long-term proof, and the facts of the document timestamp just added."""

    data: bytes
    sha256: str
    field_name: str
    timestamp_time: datetime
    tsa_valid_until: datetime
    signatures: int  # how many signatures and document timestamps got validation data


@dataclass(frozen=True)
class ArchiveTimestamp:
    field_name: str
    time: datetime
    tsa_valid_until: datetime


@dataclass(frozen=True)
class LongTermStatus:
    """What a file carries for its long-term proof (read without any validation)."""

    has_validation_data: bool
    archive_timestamps: tuple[ArchiveTimestamp, ...]

    @property
    def last(self) -> ArchiveTimestamp | None:
        return self.archive_timestamps[-1] if self.archive_timestamps else None

    @property
    def valid_until(self) -> datetime | None:
        """When the last archive timestamp's authority certificate expires: renew before then."""
        return self.last.tsa_valid_until if self.last else None


class NothingToPreserveError(SignatureServiceError):
    """The file has no signature (or, to renew, no document timestamp) to preserve."""


def _crypto(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _read(pdf: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.embedded_signatures  # noqa: B018 - parse the signature fields now
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidPdfError(f"cannot read PDF: {exc}") from exc
    return reader


def _dss_contents(reader: PdfFileReader) -> tuple[list[asn1_x509.Certificate], RevocationData]:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # noqa: BLE001 - no DSS (NoDSSFoundError) or an unreadable one: start afresh
        return [], RevocationData()
    data = RevocationData(
        [ref.get_object().data for ref in dss.crls], [ref.get_object().data for ref in dss.ocsps]
    )
    return list(dss.load_certs()), data


def _token_signers(sig: EmbeddedPdfSignature) -> list[tuple[asn1_x509.Certificate, list[asn1_x509.Certificate]]]:
    """(signer certificate, other certificates carried) of the signature itself and of its timestamps."""
    found = [(sig.signer_cert, list(sig.other_embedded_certs))]
    if sig.sig_object_type == "/DocTimeStamp":
        return found
    for signed in (False, True):
        for tst in extract_tst_data_iter(sig.signer_info, signed=signed):
            info = extract_certificate_info(tst)
            found.append((info.signer_cert, list(info.other_certs)))
    return found


def _signing_moment(sig: EmbeddedPdfSignature) -> datetime | None:
    """The time of the signature's own timestamp (or the document timestamp's), if any."""
    if sig.sig_object_type == "/DocTimeStamp":
        return sig.signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    for tst in extract_tst_data_iter(sig.signer_info, signed=False):
        return tst["encap_content_info"]["content"].parsed["gen_time"].native
    return None


@dataclass
class _Gathered:
    pool: list[asn1_x509.Certificate]
    revocation: RevocationData


def _gather(
    sig: EmbeddedPdfSignature,
    dss_certs: list[asn1_x509.Certificate],
    trust_roots: list[x509.Certificate],
    fetch: Fetch | None,
    known: RevocationData,
) -> _Gathered:
    """Every chain of ``sig`` (signer, timestamps) up to a trusted root, and revocation data for it.

    A chain that reaches no trust root is refused before anything is fetched: its URLs are
    whoever made the certificate's choice."""
    pool_asn1 = [*dss_certs]
    chains: list[list[x509.Certificate]] = []
    for leaf, carried in _token_signers(sig):
        pool_asn1 += carried
        pool = [_crypto(c) for c in [*carried, *dss_certs]]
        chain = trusted_chain(_crypto(leaf), pool, trust_roots)
        if chain is None:
            raise CertificateNotUsableError(
                f"{sig.field_name}: the chain of {leaf.subject.human_friendly} reaches no trusted root",
                code="certificate_untrusted",
            )
        chains.append(chain)
    revocation = RevocationData(list(known.crls), list(known.ocsps))
    if fetch is not None:
        certs = [c for chain in chains for c in chain]
        revocation.extend(collect_revocation_data(certs, fetch, required=True, crl_too=True))
    return _Gathered(pool_asn1, revocation)


def _explain(field_name: str, exc: BaseException) -> SignatureServiceError:
    if isinstance(exc, cv_errors.InsufficientRevinfoError):
        return RevocationInfoUnavailableError(f"{field_name}: revocation status not established: {exc}")
    if isinstance(exc, cv_errors.RevokedError):
        return CertificateNotUsableError(f"{field_name}: certificate revoked: {exc}", code="certificate_revoked")
    if isinstance(exc, cv_errors.ExpiredError | cv_errors.NotYetValidError):
        return CertificateNotUsableError(f"{field_name}: certificate not valid: {exc}", code="certificate_expired")
    return CertificateNotUsableError(f"{field_name}: chain not validated: {exc}", code="certificate_untrusted")


async def _supply_validation_data(
    writer,
    sig: EmbeddedPdfSignature,
    gathered: _Gathered,
    trust_roots: list[x509.Certificate],
    *,
    at_signing_time: bool,
) -> None:
    """Validate the chains of ``sig`` (hard-fail on revocation, with the data gathered only) and
    put the paths and revocation data in the writer's DSS, in a VRI entry for ``sig``."""
    moment = _signing_moment(sig) if at_signing_time else None
    context = validation_context(
        trust_roots, other_certs=gathered.pool, revocation=gathered.revocation, moment=moment,
        require_revocation=True,
    )
    try:
        paths = await collect_validation_info(sig, context)
    except (cv_errors.PathBuildingError, cv_errors.PathValidationError, cv_errors.InsufficientRevinfoError) as exc:
        raise _explain(sig.field_name, exc) from exc
    DocumentSecurityStore.supply_dss_in_writer(
        writer, sig.pkcs7_content.hex().encode("ascii"), paths=paths, validation_context=context
    )


def _timestamper_context(timestamper: TimeStamper, trust_roots: list[x509.Certificate], fetch: Fetch | None,
                         known: RevocationData):
    """A context holding the validation data of the archive timestamp authority's chain."""
    try:
        asyncio.run(timestamper.async_dummy_response(DIGEST))
    except (TimestampRequestError, OSError, ValueError) as exc:
        raise TimestampUnavailableError(f"timestamp authority unreachable: {exc}") from exc
    carried = list(timestamper.cert_registry)
    pool = [_crypto(c) for c in carried]
    leaf = next((c for c in pool if _is_tsa(c)), None)
    chain = trusted_chain(leaf, pool, trust_roots) if leaf is not None else None
    if chain is None:
        raise CertificateNotUsableError(
            "the archive timestamp authority's certificate reaches no trusted root", code="certificate_untrusted"
        )
    revocation = RevocationData(list(known.crls), list(known.ocsps))
    if fetch is not None:
        revocation.extend(collect_revocation_data(chain, fetch, crl_too=True))
    return validation_context(trust_roots, other_certs=carried, revocation=revocation, require_revocation=True)


def _is_tsa(cert: x509.Certificate) -> bool:
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return ExtendedKeyUsageOID.TIME_STAMPING in usages


def _unique_field(reader: PdfFileReader) -> str:
    taken = {name for name, _, _ in fields.enumerate_sig_fields(reader)}
    index = 1
    while f"{ARCHIVE_PREFIX}-{index}" in taken:
        index += 1
    return f"{ARCHIVE_PREFIX}-{index}"


def _is_timestamp_failure(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, TimestampRequestError | TimestampUnavailableError | OSError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _preserve(
    pdf: bytes,
    targets,
    *,
    trust_roots: Iterable[x509.Certificate],
    timestamper: TimeStamper,
    fetch: Fetch | None,
    revocation: RevocationData | None,
    at_signing_time: bool,
) -> LongTermPdf:
    roots = list(trust_roots)
    reader = _read(pdf)
    chosen: list[EmbeddedPdfSignature] = targets(reader)
    dss_certs, known = _dss_contents(reader)
    if revocation is not None:
        known.extend(revocation)
    # Everything is fetched and checked before a byte is written.
    gathered = [_gather(sig, dss_certs, roots, fetch, known) for sig in chosen]
    tsa_context = _timestamper_context(timestamper, roots, fetch, known)
    field_name = _unique_field(reader)

    async def write() -> bytes:
        writer = open_writer(pdf)
        for sig, found in zip(chosen, gathered, strict=True):
            await _supply_validation_data(writer, sig, found, roots, at_signing_time=at_signing_time)
        output = io.BytesIO()
        await PdfTimeStamper(timestamper, field_name=field_name).async_timestamp_pdf(
            writer, DIGEST, validation_context=tsa_context, output=output
        )
        return output.getvalue()

    try:
        data = asyncio.run(write())
    except SignatureServiceError:
        raise
    except Exception as exc:
        if _is_timestamp_failure(exc):
            raise TimestampUnavailableError(f"timestamp authority unreachable: {exc}") from exc
        if isinstance(exc, cv_errors.PathBuildingError | cv_errors.PathValidationError):
            raise _explain(field_name, exc) from exc
        raise
    if not data.startswith(pdf):  # an incremental update, always; never a rewrite of what was signed
        raise SignatureServiceError("long-term proof did not keep the signed bytes as a prefix")
    last = long_term_status(data).last
    assert last is not None and last.field_name == field_name
    return LongTermPdf(
        data, hashlib.sha256(data).hexdigest(), field_name, last.time, last.tsa_valid_until, len(chosen)
    )


def add_long_term_proof(
    pdf: bytes,
    *,
    trust_roots: Iterable[x509.Certificate],
    timestamper: TimeStamper,
    fetch: Fetch | None = None,
    revocation: RevocationData | None = None,
) -> LongTermPdf:
    """PAdES B-LTA: validation data of every signature and timestamp of ``pdf``, then a document timestamp.

    Each signature's chains are validated at the time of its own timestamp (revocation data
    issued later counts: it proves the status at that time), hard-fail: a certificate revoked
    before that time, a chain reaching no trusted root, or revocation data that cannot be had
    raises (:class:`CertificateNotUsableError`, :class:`RevocationInfoUnavailableError`) and
    nothing is returned. A TSA that does not answer raises :class:`TimestampUnavailableError`.
    """

    def targets(reader: PdfFileReader) -> list[EmbeddedPdfSignature]:
        signed = [*reader.embedded_regular_signatures, *reader.embedded_timestamp_signatures]
        if not reader.embedded_regular_signatures:
            raise NothingToPreserveError("the PDF has no signature to preserve")
        return signed

    return _preserve(pdf, targets, trust_roots=trust_roots, timestamper=timestamper, fetch=fetch,
                     revocation=revocation, at_signing_time=True)


def renew_long_term_proof(
    pdf: bytes,
    *,
    trust_roots: Iterable[x509.Certificate],
    timestamper: TimeStamper,
    fetch: Fetch | None = None,
    revocation: RevocationData | None = None,
) -> LongTermPdf:
    """The archive timestamp chain: fresh validation data for the last document timestamp (whose
    authority's certificate must still be valid now), then a new document timestamp over it all."""

    def targets(reader: PdfFileReader) -> list[EmbeddedPdfSignature]:
        stamps = reader.embedded_timestamp_signatures
        if not stamps:
            raise NothingToPreserveError("the PDF has no document timestamp to renew")
        return [stamps[-1]]

    return _preserve(pdf, targets, trust_roots=trust_roots, timestamper=timestamper, fetch=fetch,
                     revocation=revocation, at_signing_time=False)


def long_term_status(pdf: bytes) -> LongTermStatus:
    """The document timestamps of ``pdf`` (oldest first) and whether it has a DSS. No validation:
    :func:`signatures.pdf.verify.verify_pdf` says whether they hold."""
    reader = _read(pdf)
    try:
        DocumentSecurityStore.read_dss(reader)
        has_dss = True
    except Exception:  # noqa: BLE001 - NoDSSFoundError or unreadable
        has_dss = False
    stamps = tuple(
        ArchiveTimestamp(sig.field_name, _signing_moment(sig), sig.signer_cert.not_valid_after)
        for sig in reader.embedded_timestamp_signatures
    )
    return LongTermStatus(has_dss, stamps)


def archive_timestamp_expiry(pdf: bytes) -> datetime | None:
    """When the certificate of the authority of ``pdf``'s last document timestamp expires (None: no
    document timestamp). The archive timestamp chain must be renewed before then."""
    return long_term_status(pdf).valid_until
