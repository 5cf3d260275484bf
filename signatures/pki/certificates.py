"""Reading certificate files (PEM, DER, PKCS#7/P7B), describing certificates, checking chains.

Pure: no Django. The trust store in the database is built on these.
"""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator import errors as cv_errors

from signatures.clock import now_utc, short_vietnam
from signatures.pki.errors import SignatureServiceError
from signatures.pki.issuing import subject_field, to_asn1
from signatures.pki.revinfo import validation_context


class CertificateFileError(SignatureServiceError):
    """The uploaded file holds no certificate we can read."""

    default_code = "certificate_file_invalid"


# Key usages as RFC 5280 names them, with the words an administrator reads.
KEY_USAGES = {
    "digital_signature": "Ký số",
    "content_commitment": "Chống chối bỏ",
    "key_encipherment": "Mã hóa khóa",
    "data_encipherment": "Mã hóa dữ liệu",
    "key_agreement": "Thỏa thuận khóa",
    "key_cert_sign": "Ký chứng thư số",
    "crl_sign": "Ký danh sách thu hồi",
}
EXTENDED_KEY_USAGES = {
    ExtendedKeyUsageOID.TIME_STAMPING: "Cấp dấu thời gian",
    ExtendedKeyUsageOID.OCSP_SIGNING: "Ký phản hồi OCSP",
    ExtendedKeyUsageOID.CLIENT_AUTH: "Xác thực máy khách",
    ExtendedKeyUsageOID.SERVER_AUTH: "Xác thực máy chủ",
    ExtendedKeyUsageOID.EMAIL_PROTECTION: "Bảo vệ thư điện tử",
    ExtendedKeyUsageOID.CODE_SIGNING: "Ký mã",
}


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM (one or more), DER, or PKCS#7 (PEM or DER) file."""
    data = data.strip() if data.lstrip().startswith(b"-----") else data
    loaders = (
        x509.load_pem_x509_certificates,
        pkcs7.load_pem_pkcs7_certificates,
        lambda raw: [x509.load_der_x509_certificate(raw)],
        pkcs7.load_der_pkcs7_certificates,
    )
    for loader in loaders:
        try:
            certs = loader(data)
        except ValueError:
            continue
        if certs:
            return list(certs)
    raise CertificateFileError("no certificate could be read from the file")


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def serial_hex(serial: int) -> str:
    return format(serial, "x")


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def key_usages(cert: x509.Certificate) -> list[str]:
    """RFC 5280 names of the key usages the certificate allows (empty when it does not say)."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return []
    return [name for name in KEY_USAGES if getattr(usage, name)]


def extended_key_usages(cert: x509.Certificate) -> list[str]:
    try:
        usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return []
    return [EXTENDED_KEY_USAGES.get(oid, oid.dotted_string) for oid in usage]


def can_sign_documents(cert: x509.Certificate) -> bool:
    """Whether the key may make document signatures (non-repudiation, as verification requires)."""
    usages = key_usages(cert)
    return not usages or "content_commitment" in usages


@dataclass(frozen=True)
class CertificateFacts:
    """What the trust store keeps about a certificate, besides its bytes."""

    fingerprint: str
    serial: str
    subject: str
    subject_cn: str
    issuer: str
    issuer_cn: str
    not_before: datetime
    not_after: datetime
    key_usage: list[str]
    extended_key_usage: list[str]
    is_ca: bool
    self_signed: bool


def describe(cert: x509.Certificate) -> CertificateFacts:
    return CertificateFacts(
        fingerprint=fingerprint(cert),
        serial=serial_hex(cert.serial_number),
        subject=cert.subject.rfc4514_string(),
        subject_cn=subject_field(cert, NameOID.COMMON_NAME) or "",
        issuer=cert.issuer.rfc4514_string(),
        issuer_cn=_issuer_cn(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_usage=key_usages(cert),
        extended_key_usage=extended_key_usages(cert),
        is_ca=is_ca(cert),
        self_signed=is_self_signed(cert),
    )


def _issuer_cn(cert: x509.Certificate) -> str:
    for attr in cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME):
        return str(attr.value)
    return ""


@dataclass(frozen=True)
class ChainStatus:
    """Whether a certificate chains to one of the trusted roots, in words an administrator reads."""

    trusted: bool
    message: str


def chain_status(
    cert: x509.Certificate,
    *,
    trust_roots: Iterable[x509.Certificate],
    intermediates: Iterable[x509.Certificate] = (),
    at: datetime | None = None,
) -> ChainStatus:
    """Path building and validation (signatures, validity periods, CA constraints), revocation not
    consulted: the trust store answers "who issued this", verification answers "was it revoked"."""
    roots = list(trust_roots)
    if any(fingerprint(root) == fingerprint(cert) for root in roots):
        return ChainStatus(True, "Là CA gốc tin cậy")
    context = validation_context(roots, other_certs=list(intermediates), moment=at or now_utc())
    validator = CertificateValidator(to_asn1(cert), validation_context=context)
    try:
        path = asyncio.run(validator.async_validate_path())
    except cv_errors.PathBuildingError:
        return ChainStatus(False, "Không: không tìm được đường dẫn tới CA gốc tin cậy")
    except (cv_errors.ExpiredError, cv_errors.NotYetValidError):
        return ChainStatus(
            False, f"Không: ngoài thời hạn hiệu lực ({short_vietnam(cert.not_valid_before_utc)} – "
            f"{short_vietnam(cert.not_valid_after_utc)})"
        )
    except (cv_errors.PathValidationError, cv_errors.InvalidCertificateError) as exc:
        return ChainStatus(False, f"Không: chuỗi chứng thư không hợp lệ ({exc})")
    anchor = path.trust_anchor.authority.name.native.get("common_name", "")
    return ChainStatus(True, f"Có, tới {anchor}" if anchor else "Có")
