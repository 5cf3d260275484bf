"""Two-phase signing with a key the server never sees (USB token agent, remote signing).

1. :func:`prepare` lays out the signature (field, appearance, revocation
   data for B-LT), reserves room for it and returns the session state plus
   the base64 SHA-256 digest the external party must sign (the digest of the
   CMS signed attributes, which in turn hold the document's digest).
2. The token agent signs the digest (RSA PKCS#1 v1.5 over the DigestInfo).
3. :func:`complete` checks the signature value against the certificate,
   adds the RFC 3161 timestamp and writes the CMS into the reserved room.

The session state is plain data (:meth:`ExternalSession.to_dict`) so the
web layer can keep it between the two requests.
"""

import asyncio
import base64
import hashlib
import io
from dataclasses import asdict, dataclass
from datetime import datetime

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signatures.clock import now_utc
from signatures.pdf.pades import (
    DIGEST,
    Appearance,
    Level,
    SignatureRequest,
    SignedPdf,
    SigningPolicy,
    build_pdf_signer,
    check_certificate_usable,
    open_writer,
    with_timestamp_fallback,
)
from signatures.pki.errors import ExternalSignatureError
from signatures.pki.issuing import to_asn1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class ExternalSession:
    """What :func:`complete` needs, as JSON-friendly strings (base64 for bytes)."""

    prepared_pdf: str
    document_digest: str
    reserved_region_start: int
    reserved_region_end: int
    signed_attributes: str
    certificate: str
    chain: tuple[str, ...]
    field_name: str
    signing_time: str
    level: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ExternalSession":
        return cls(**{**data, "chain": tuple(data["chain"])})

    @property
    def to_be_signed_digest(self) -> bytes:
        return hashlib.sha256(base64.b64decode(self.signed_attributes)).digest()


def _external_signer(
    cert: x509.Certificate, chain: list[x509.Certificate], value: bytes | None = None
) -> signers.ExternalSigner:
    size = cert.public_key().key_size // 8 if isinstance(cert.public_key(), rsa.RSAPublicKey) else 256
    return signers.ExternalSigner(
        signing_cert=to_asn1(cert),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
        signature_value=value if value is not None else bytes(size),
    )


def _prepare(
    pdf: bytes,
    cert: x509.Certificate,
    chain: list[x509.Certificate],
    request: SignatureRequest,
    level: Level,
    timestamper: TimeStamper | None,
) -> ExternalSession:
    writer = open_writer(pdf)
    placeholder = _external_signer(cert, chain)
    pdf_signer = build_pdf_signer(writer, placeholder, request, level, timestamper)

    async def digest_and_attributes():
        digest, _tbs, output = await pdf_signer.async_digest_doc_for_signing(writer, output=io.BytesIO())
        signed_attrs = await placeholder.signed_attrs(
            digest.document_digest,
            DIGEST,
            attr_settings=PdfCMSSignedAttributes(signing_time=request.signing_time),
            use_pades=True,
            timestamper=timestamper,
        )
        return digest, output, signed_attrs

    digest, output, signed_attrs = asyncio.run(digest_and_attributes())
    return ExternalSession(
        prepared_pdf=_b64(output.getvalue()),
        document_digest=_b64(digest.document_digest),
        reserved_region_start=digest.reserved_region_start,
        reserved_region_end=digest.reserved_region_end,
        signed_attributes=_b64(signed_attrs.dump()),
        certificate=_b64(cert.public_bytes(serialization.Encoding.DER)),
        chain=tuple(_b64(c.public_bytes(serialization.Encoding.DER)) for c in chain),
        field_name=pdf_signer.signature_meta.field_name or "",
        signing_time=request.signing_time.isoformat(),
        level=level.value,
    )


def prepare(
    pdf: bytes,
    cert: x509.Certificate,
    *,
    chain: list[x509.Certificate] | tuple[x509.Certificate, ...] = (),
    policy: SigningPolicy,
    appearance: Appearance | None = None,
    field_prefix: str = "signature",
    reason: str | None = None,
) -> tuple[ExternalSession, str]:
    """Get ``pdf`` ready for a signature by the holder of ``cert``; return the session and the digest (base64)."""
    request = SignatureRequest(policy, appearance, None, field_prefix, now_utc(), reason, None)
    check_certificate_usable(cert, request.signing_time)
    session = with_timestamp_fallback(
        policy,
        lambda level, ts: _prepare(pdf, cert, list(chain), request, level, ts),
    )
    return session, _b64(session.to_be_signed_digest)


def _check_signature_value(cert: x509.Certificate, digest: bytes, signature: bytes) -> None:
    public_key = cert.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ExternalSignatureError("only RSA signers are supported for external signing")
    try:
        public_key.verify(signature, digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
    except InvalidSignature:
        raise ExternalSignatureError(
            "signature value does not match the certificate and the prepared digest"
        ) from None


async def _complete(session: ExternalSession, signature: bytes, timestamper: TimeStamper | None) -> bytes:
    cert = x509.load_der_x509_certificate(base64.b64decode(session.certificate))
    chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in session.chain]
    signed_attrs = cms.CMSAttributes.load(base64.b64decode(session.signed_attributes))
    cms_object = await _external_signer(cert, chain, signature).async_sign_prescribed_attributes(
        DIGEST, signed_attrs=signed_attrs, timestamper=timestamper
    )
    output = io.BytesIO(base64.b64decode(session.prepared_pdf))
    prepared = PreparedByteRangeDigest(
        base64.b64decode(session.document_digest), session.reserved_region_start, session.reserved_region_end
    )
    await PdfTBSDocument.async_finish_signing(output, prepared, cms_object)
    return output.getvalue()


def complete(
    session: ExternalSession,
    signature_b64: str,
    *,
    timestamper: TimeStamper | None = None,
    allow_without_timestamp: bool = False,
) -> SignedPdf:
    """Embed the external signature (base64) and the timestamp; return the signed PDF.

    ``timestamper`` is required for a session prepared at B-T or B-LT.
    """
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        raise ExternalSignatureError("signature is not valid base64") from None
    cert = x509.load_der_x509_certificate(base64.b64decode(session.certificate))
    _check_signature_value(cert, session.to_be_signed_digest, signature)

    policy = SigningPolicy(
        level=Level(session.level), timestamper=timestamper, allow_without_timestamp=allow_without_timestamp
    )

    def attempt(level: Level, ts: TimeStamper | None) -> SignedPdf:
        data = asyncio.run(_complete(session, signature, ts))
        when = datetime.fromisoformat(session.signing_time)
        return SignedPdf(data, hashlib.sha256(data).hexdigest(), session.field_name, when, level)

    return with_timestamp_fallback(policy, attempt)
