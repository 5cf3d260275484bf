"""Verifying every signature in a PDF.

For each signature: is the signed content intact, does the signature cover
the whole file (and if not, are the later updates only further signatures
and validation data), does the certificate chain to the trusted roots, was
it valid (not expired, not revoked) when the document was signed, and is
the timestamp valid. "When the document was signed" is the time of a valid
timestamp; without one the signature is checked as of now.

Revocation data is fetched only for certificates on a chain that reaches a trusted root, every
link of it checked by signature: a PDF from anyone carries certificates made by anyone, and the
URLs in an untrusted certificate are the attacker's choice (a request to an inside address).
"""

import asyncio
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator import errors as cv_errors

from signatures.clock import now_utc
from signatures.pdf.appearance import Placement
from signatures.pdf.report import ArchiveInfo, SignatureReport, TimestampInfo
from signatures.pki.certificates import is_ca
from signatures.pki.errors import InvalidPdfError
from signatures.pki.issuing import subject_field
from signatures.pki.revinfo import Fetch, RevocationData, collect_revocation_data, validation_context

# Updates after a signature that do not touch what was signed.
HARMLESS_UPDATES = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


def _dss(reader: PdfFileReader) -> tuple[list[asn1_x509.Certificate], RevocationData]:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return [], RevocationData()
    data = RevocationData()
    for ref in dss.crls:
        data.crls.append(ref.get_object().data)
    for ref in dss.ocsps:
        data.ocsps.append(ref.get_object().data)
    return list(dss.load_certs()), data


def _crypto(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _timestamp_certs(sig: EmbeddedPdfSignature) -> list[asn1_x509.Certificate]:
    certs: list[asn1_x509.Certificate] = []
    for signed in (False, True):
        for tst in extract_tst_data_iter(sig.signer_info, signed=signed):
            certs += [c.chosen for c in tst["certificates"] or () if c.name == "certificate"]
    return certs


MAX_CHAIN_LENGTH = 8


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)  # issuer name and signature
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def trusted_chain(
    cert: x509.Certificate, pool: list[x509.Certificate], trust_roots: list[x509.Certificate]
) -> list[x509.Certificate] | None:
    """A chain from ``cert`` up to one of ``trust_roots`` through CA certificates of ``pool``, each
    certificate's signature checked against its issuer's key; None when there is none.

    Only whether the chain exists: validity periods, key usage and revocation are the validator's
    part afterwards. A certificate of the pool becomes a link at most once and the chain is at most
    MAX_CHAIN_LENGTH long, so a PDF stuffed with certificates costs a bounded number of checks.
    """
    root_fps = {r.fingerprint(hashes.SHA256()) for r in trust_roots}
    tried: set[bytes] = set()

    def climb(current: x509.Certificate, path: list[x509.Certificate]) -> list[x509.Certificate] | None:
        if current.fingerprint(hashes.SHA256()) in root_fps:
            return path
        for root in trust_roots:
            if _issued_by(current, root):
                return [*path, root]
        if len(path) >= MAX_CHAIN_LENGTH:
            return None
        for candidate in pool:
            fp = candidate.fingerprint(hashes.SHA256())
            if fp in tried or candidate.issuer == candidate.subject or not is_ca(candidate):
                continue
            if _issued_by(current, candidate):
                tried.add(fp)
                if found := climb(candidate, [*path, candidate]):
                    return found
        return None

    return climb(cert, [cert])


def _widget(reader: PdfFileReader, sig: EmbeddedPdfSignature) -> Placement | None:
    field = sig.sig_field
    rect = field.get("/Rect")
    if rect is None:
        kids = field.get("/Kids") or []
        if not kids:
            return None
        field = kids[0].get_object()
        rect = field.get("/Rect")
    if rect is None or all(float(v) == 0 for v in rect):
        return None
    for index in range(reader.root["/Pages"]["/Count"]):
        page = reader.find_page_for_modification(index)[0].get_object()
        for annot in page.get("/Annots") or []:
            if isinstance(annot, generic.IndirectObject) and annot.get_object() is field:
                return Placement.from_rect(index, tuple(rect))
    return None


@dataclass(frozen=True)
class ChainStatus:
    """The signer's certificate at the moment of signing: chained to a root, revoked, expired."""

    trusted: bool = False
    revoked: bool = False
    expired: bool = False
    error: str | None = None


async def _check_chain(
    signer_cert: asn1_x509.Certificate,
    others: list[asn1_x509.Certificate],
    trust_roots: list[x509.Certificate],
    revocation: RevocationData,
    moment: datetime | None,
) -> ChainStatus:
    """Path, expiry and revocation of the signer's certificate at ``moment`` (None = now)."""
    context = validation_context(trust_roots, other_certs=others, revocation=revocation, moment=moment)
    validator = CertificateValidator(signer_cert, intermediate_certs=others, validation_context=context)
    try:
        await validator.async_validate_usage({"non_repudiation"})
        return ChainStatus(trusted=True)
    except cv_errors.RevokedError as exc:
        return ChainStatus(revoked=True, error=str(exc))
    except (cv_errors.ExpiredError, cv_errors.NotYetValidError) as exc:
        return ChainStatus(expired=True, error=str(exc))
    except (
        cv_errors.PathBuildingError,
        cv_errors.PathValidationError,
        cv_errors.InvalidCertificateError,
    ) as exc:
        return ChainStatus(error=f"{type(exc).__name__}: {exc}")


def _revocation_checked(cert: x509.Certificate, revocation: RevocationData) -> bool:
    """Whether ``revocation`` holds an OCSP answer or a CRL that speaks about ``cert``."""
    for der in revocation.ocsps:
        try:
            answer = ocsp.load_der_ocsp_response(der)
            if (
                answer.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL
                and answer.serial_number == cert.serial_number
            ):
                return True
        except ValueError:
            continue
    for der in revocation.crls:
        try:
            if x509.load_der_x509_crl(der).issuer == cert.issuer:
                return True
        except ValueError:
            continue
    return False


def _timestamp(status: PdfSignatureStatus) -> TimestampInfo | None:
    tst = status.timestamp_validity
    if tst is None:
        return None
    return TimestampInfo(time=tst.timestamp, valid=bool(tst.intact and tst.valid and tst.trusted))


@dataclass(frozen=True)
class _Inputs:
    """What every signature of one document is checked against."""

    trust_roots: list[x509.Certificate]
    dss_certs: list[asn1_x509.Certificate]
    revocation: RevocationData
    fetch: Fetch | None
    now: datetime
    # The moment the check is made as of: None = the real now; a date given (``verify_pdf --at``)
    # = as of then, with only the data the file and the caller hold.
    moment: datetime | None = None
    archive: tuple["_ArchiveLink", ...] = ()


def _problems(
    status: PdfSignatureStatus,
    chain: ChainStatus,
    expired: bool,
    timestamp: TimestampInfo | None,
    not_provable: bool = False,
) -> list[str]:
    """Keys of :data:`signatures.pdf.report.PROBLEMS`, most serious first."""
    harmless_updates = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level in HARMLESS_UPDATES
    )
    problems = []
    if not (status.intact and status.valid):
        problems.append("not_intact")
    elif not harmless_updates:
        problems.append("modified_after")
    if chain.revoked:
        problems.append("revoked")
    if expired:
        problems.append("expired")
    if not chain.trusted and not (chain.revoked or expired):
        problems.append("untrusted")
    if not_provable:
        problems.append("not_provable")
    elif timestamp and not timestamp.valid:
        problems.append("timestamp_invalid")
    return problems


def _timestamp_authority_expiry(sig: EmbeddedPdfSignature) -> datetime | None:
    """When the certificate of the authority of the signature's own timestamp expires."""
    for tst in extract_tst_data_iter(sig.signer_info, signed=False):
        return extract_certificate_info(tst).signer_cert.not_valid_after
    return None


@dataclass(frozen=True)
class _ArchiveLink:
    """A document timestamp: the revision it covers, when it was made, whether the chain of
    archive timestamps holds from it to the last one."""

    revision: int
    info: ArchiveInfo

    @property
    def time(self) -> datetime:
        return self.info.time

    @property
    def valid(self) -> bool:
        return self.info.valid


def _archive_chain(
    reader: PdfFileReader, trust_roots: list[x509.Certificate], dss_certs: list, revocation: RevocationData,
    moment: datetime | None,
) -> tuple[_ArchiveLink, ...]:
    """The document timestamps of the file, checked from the last back to the first.

    The last one is checked as of ``moment`` (None: now); each earlier one as of the time of the
    one after it, with the validation data of the file (a CRL or OCSP answer issued later still
    speaks about the earlier time). A link is valid only if every later link is.
    """
    links: list[_ArchiveLink] = []
    point, holds = moment, True
    for stamp in reversed(reader.embedded_timestamp_signatures):
        others = [*stamp.other_embedded_certs, *dss_certs]
        if not links:
            # The last one: its chain as of the moment of the check (no revocation data can be
            # current then), and its revocation status as of its own time with the file's data.
            status = validate_pdf_timestamp(
                stamp, validation_context=validation_context(trust_roots, other_certs=others, moment=point)
            )
            own_time = validation_context(
                trust_roots, other_certs=others, revocation=revocation, moment=status.timestamp
            )
            revoked = not validate_pdf_timestamp(stamp, validation_context=own_time, skip_diff=True).trusted
        else:
            context = validation_context(trust_roots, other_certs=others, revocation=revocation, moment=point)
            status, revoked = validate_pdf_timestamp(stamp, validation_context=context), False
        holds = holds and not revoked
        harmless = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level in HARMLESS_UPDATES
        )
        holds = holds and bool(status.intact and status.valid and status.trusted and harmless)
        info = ArchiveInfo(
            time=status.timestamp, valid=holds, tsa_valid_until=stamp.signer_cert.not_valid_after,
            field_name=stamp.field_name,
        )
        links.append(_ArchiveLink(stamp.signed_revision, info))
        point = status.timestamp
    return tuple(reversed(links))


def _archive_for(sig: EmbeddedPdfSignature, chain: tuple[_ArchiveLink, ...]) -> _ArchiveLink | None:
    """The first document timestamp made after ``sig``: the earliest proof it existed."""
    return next((link for link in chain if link.revision > sig.signed_revision), None)


def _verify_one(reader: PdfFileReader, sig: EmbeddedPdfSignature, inputs: _Inputs) -> SignatureReport:
    tst_certs = _timestamp_certs(sig)
    tst_expiry = _timestamp_authority_expiry(sig)
    others = [*sig.other_embedded_certs, *inputs.dss_certs, *tst_certs]
    revocation = RevocationData(list(inputs.revocation.crls), list(inputs.revocation.ocsps))
    fetching = "off"
    if inputs.fetch is not None:
        # The chain first: only certificates on a path to a trusted root (the signer's, and the
        # timestamp authority's) have their revocation URLs fetched; an untrusted chain, none.
        pool = [_crypto(c) for c in others]
        chains = [
            chain
            for leaf in (_crypto(sig.signer_cert), *(_crypto(c) for c in tst_certs))
            if (chain := trusted_chain(leaf, pool, inputs.trust_roots))
        ]
        if chains:
            fetching = "trusted_chain"
            certs = [c for chain in chains for c in chain]
            revocation.extend(collect_revocation_data(certs, inputs.fetch, required=False, crl_too=True))
        else:
            fetching = "untrusted_chain"

    # Integrity and coverage are judged now; the signature's timestamp now, or, when an unbroken
    # chain of archive timestamps covers the signature, at the time of the first of them (it
    # proves the timestamp and its validation data existed then); the certificate at the time of
    # the signature's timestamp.
    archive = _archive_for(sig, inputs.archive)
    ts_moment = archive.time if archive and archive.valid else inputs.moment
    ts_context = validation_context(inputs.trust_roots, other_certs=others, revocation=revocation, moment=ts_moment)
    status = validate_pdf_signature(
        sig, signer_validation_context=ts_context, ts_validation_context=ts_context
    )
    timestamp = _timestamp(status)
    moment = timestamp.time if timestamp and timestamp.valid else None
    chain = asyncio.run(
        _check_chain(sig.signer_cert, others, inputs.trust_roots, revocation, moment or inputs.moment)
    )
    # A timestamp whose authority's certificate has expired by now proves nothing on its own any more.
    checked_at = inputs.moment or inputs.now
    not_provable = bool(
        timestamp and not timestamp.valid and tst_expiry is not None and tst_expiry < checked_at
    )

    cert = _crypto(sig.signer_cert)
    at = moment or inputs.now
    expired = chain.expired or not (cert.not_valid_before_utc <= at <= cert.not_valid_after_utc)
    revocation_checked = _revocation_checked(cert, revocation)
    level = status.modification_level
    return SignatureReport(
        field_name=sig.field_name,
        signer=subject_field(cert, NameOID.COMMON_NAME),
        organization=subject_field(cert, NameOID.ORGANIZATION_NAME),
        signing_time=moment or status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=chain.trusted,
        revoked=chain.revoked,
        expired=expired,
        timestamp=timestamp,
        problems=_problems(status, chain, expired, timestamp, not_provable),
        archive=archive.info if archive else None,
        revocation_checked=revocation_checked,
        widget=_widget(reader, sig),
        details={
            "title": subject_field(cert, NameOID.TITLE),
            "certificate_serial": format(cert.serial_number, "x"),
            "certificate_issuer": cert.issuer.rfc4514_string(),
            "certificate_valid_from": cert.not_valid_before_utc.isoformat(),
            "certificate_valid_until": cert.not_valid_after_utc.isoformat(),
            "checked_at": at.isoformat(),
            "coverage": status.coverage.name if status.coverage else None,
            "modification_level": level.name if level else None,
            "digest_algorithm": status.md_algorithm,
            "signature_mechanism": status.pkcs7_signature_mechanism,
            "signer_reported_time": status.signer_reported_dt.isoformat()
            if status.signer_reported_dt
            else None,
            "revocation_sources": {"crls": len(revocation.crls), "ocsps": len(revocation.ocsps)},
            "revocation_checked": revocation_checked,
            "revocation_fetch": _fetch_report(fetching, inputs.fetch),
            "chain_error": chain.error,
            "archive_timestamp": archive.info.to_json() if archive else None,
        },
    )


def _fetch_report(fetching: str, fetch: Fetch | None) -> dict:
    """Whether revocation URLs were fetched and, for a guarded fetch, what was refused."""
    report = {"mode": fetching}
    if callable(getattr(fetch, "report", None)):
        report.update(fetch.report())
    return report


def verify_pdf(
    pdf: bytes,
    *,
    trust_roots: Iterable[x509.Certificate],
    fetch: Fetch | None = None,
    revocation: RevocationData | None = None,
    now: datetime | None = None,
) -> list[SignatureReport]:
    """Verify every signature of ``pdf`` (in signing order).

    Revocation data comes from the document (DSS), from ``revocation`` and,
    if ``fetch`` is given, from the CRL/OCSP URLs in the certificates.

    ``now`` checks the file as of that moment instead of the real now (e.g. years ahead: is the
    signature still provable then?). A signature covered by archive timestamps (PAdES B-LTA,
    :mod:`signatures.pdf.longterm`) stays provable as long as the last of them holds; one whose
    timestamp's authority certificate has expired without such a proof is ``not_provable``.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidPdfError(f"cannot read PDF: {exc}") from exc
    dss_certs, known_revocation = _dss(reader)
    if revocation is not None:
        known_revocation.extend(revocation)
    roots = list(trust_roots)
    archive = _archive_chain(reader, roots, dss_certs, known_revocation, now)
    inputs = _Inputs(roots, dss_certs, known_revocation, fetch, now or now_utc(), now, archive)
    return [_verify_one(reader, sig, inputs) for sig in signatures]
