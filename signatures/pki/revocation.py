"""Revocation for the demo CA: revoking certificates, CRLs and OCSP answers.

The revoked list is passed in explicitly so the caller decides where it lives
(a JSON file for the demo directory, a database table in the application).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from signatures.clock import now_utc
from signatures.pki.issuing import Credential


@dataclass(frozen=True)
class RevokedCertificate:
    """One entry of a CA's revoked list."""

    serial: int
    revoked_at: datetime
    reason: x509.ReasonFlags = x509.ReasonFlags.unspecified

    def to_dict(self) -> dict:
        return {
            "serial": str(self.serial),
            "revoked_at": self.revoked_at.isoformat(),
            "reason": self.reason.value,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "RevokedCertificate":
        return cls(
            int(data["serial"]), datetime.fromisoformat(data["revoked_at"]), x509.ReasonFlags(data["reason"])
        )


def revoke(
    cert: x509.Certificate,
    *,
    at: datetime | None = None,
    reason: x509.ReasonFlags = x509.ReasonFlags.unspecified,
) -> RevokedCertificate:
    """The revoked-list entry for ``cert``; the caller stores it with the CA's list."""
    return RevokedCertificate(cert.serial_number, (at or now_utc()).replace(microsecond=0), reason)


def build_crl(
    issuer: Credential,
    revoked: Iterable[RevokedCertificate],
    *,
    crl_number: int = 1,
    this_update: datetime | None = None,
    validity: timedelta = timedelta(days=7),
) -> bytes:
    """A DER CRL signed by ``issuer`` listing ``revoked``."""
    this_update = this_update or now_utc() - timedelta(minutes=1)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(this_update)
        .next_update(this_update + validity)
        .add_extension(x509.CRLNumber(crl_number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    )
    for entry in revoked:
        item = x509.RevokedCertificateBuilder().serial_number(entry.serial).revocation_date(entry.revoked_at)
        if entry.reason is not x509.ReasonFlags.unspecified:
            item = item.add_extension(x509.CRLReason(entry.reason), critical=False)
        builder = builder.add_revoked_certificate(item.build())
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _issuer_matches(request: ocsp.OCSPRequest, issuer: x509.Certificate) -> bool:
    algorithm = request.hash_algorithm
    name_hash = hashes.Hash(algorithm)
    name_hash.update(issuer.subject.public_bytes())
    key_hash = hashes.Hash(algorithm)
    key_hash.update(
        issuer.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    )
    return request.issuer_name_hash == name_hash.finalize() and request.issuer_key_hash == key_hash.finalize()


def answer_ocsp(
    request_der: bytes,
    *,
    issuer: Credential,
    responder: Credential,
    revoked: Iterable[RevokedCertificate],
    is_known: Callable[[int], bool] | None = None,
    validity: timedelta = timedelta(days=1),
) -> bytes:
    """Answer a DER OCSPRequest about a certificate of ``issuer`` with a DER OCSPResponse.

    ``responder`` is a delegated responder certificate issued by ``issuer``.
    Serials that ``is_known`` rejects are answered "unknown"; without
    ``is_known`` every serial not revoked is "good".
    """
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST
        ).public_bytes(serialization.Encoding.DER)
    if not _issuer_matches(request, issuer.cert):
        return ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED).public_bytes(
            serialization.Encoding.DER
        )

    serial = request.serial_number
    entry = next((r for r in revoked if r.serial == serial), None)
    this_update = now_utc() - timedelta(minutes=1)
    if entry is not None:
        status, revoked_at, reason = ocsp.OCSPCertStatus.REVOKED, entry.revoked_at, entry.reason
    elif is_known is not None and not is_known(serial):
        status, revoked_at, reason = ocsp.OCSPCertStatus.UNKNOWN, None, None
    else:
        status, revoked_at, reason = ocsp.OCSPCertStatus.GOOD, None, None

    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=request.issuer_name_hash,
        issuer_key_hash=request.issuer_key_hash,
        serial_number=serial,
        algorithm=request.hash_algorithm,
        cert_status=status,
        this_update=this_update,
        next_update=this_update + validity,
        revocation_time=revoked_at,
        revocation_reason=reason if reason is not x509.ReasonFlags.unspecified else None,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, responder.cert).certificates(
        [responder.cert]
    )
    nonce = _nonce(request)
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    response = builder.sign(responder.key, hashes.SHA256())
    return response.public_bytes(serialization.Encoding.DER)


def _nonce(request: ocsp.OCSPRequest) -> bytes | None:
    try:
        return request.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        return None


def build_ocsp_request(cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
    """A DER OCSPRequest for ``cert`` (SHA-1 CertID, as responders expect)."""
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
    return request.public_bytes(serialization.Encoding.DER)
