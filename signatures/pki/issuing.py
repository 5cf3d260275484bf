"""A small certificate authority standing in for the Government CA.

Real signatures come from Ban Cơ yếu Chính phủ's CA. For development, tests
and demonstrations this module creates a root CA, an issuing CA and the
end-entity certificates the system needs: people (leaders), organizations
(seals), the timestamp authority and the OCSP responder. Certificates point
at configurable CRL and OCSP URLs so revocation works end to end.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from signatures.clock import now_utc

KEY_SIZE = 2048
ROOT_NAME = "Cục Chứng thực số và Bảo mật thông tin (DEMO)"
GOVERNMENT_CA_ORG = "Ban Cơ yếu Chính phủ"
ISSUING_NAME = "CA phục vụ các cơ quan Đảng, Nhà nước (DEMO)"


@dataclass(frozen=True)
class PkiUrls:
    """Where relying parties fetch CRLs, OCSP answers and CA certificates.

    ``base_url`` is the prefix the web application serves, e.g.
    ``http://127.0.0.1:8000/pki`` gives ``.../pki/crl/issuing.crl`` and ``.../pki/ocsp/``.
    """

    base_url: str = "http://127.0.0.1:8000/pki"

    def crl(self, ca_slug: str) -> str:
        return f"{self.base_url.rstrip('/')}/crl/{ca_slug}.crl"

    def ocsp(self) -> str:
        return f"{self.base_url.rstrip('/')}/ocsp/"

    def ca_certificate(self, ca_slug: str) -> str:
        return f"{self.base_url.rstrip('/')}/ca/{ca_slug}.cer"


@dataclass
class Credential:
    """A private key with its certificate and the chain of issuers above it."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = field(default=())
    slug: str = ""

    @property
    def serial(self) -> int:
        return self.cert.serial_number


class Profile(Enum):
    """What a certificate is for; decides its key usages."""

    CA = "ca"
    SIGNING = "signing"
    TIMESTAMPING = "timestamping"
    OCSP = "ocsp"


def new_key() -> rsa.RSAPrivateKey:
    """A fresh RSA key (the timestamp token code and most USB tokens speak RSA)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def person_name(full_name: str, organization: str, title: str | None = None) -> x509.Name:
    """Subject for a person: CN is the full name, O the organization, T the title."""
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
    ]
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, full_name))
    return x509.Name(attrs)


def organization_name(name: str) -> x509.Name:
    """Subject for an organization's seal certificate: CN and O are the organization."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )


def ca_name(common_name: str, organization: str = GOVERNMENT_CA_ORG) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(profile: Profile) -> x509.KeyUsage:
    flags = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    if profile is Profile.CA:
        flags.update(digital_signature=True, key_cert_sign=True, crl_sign=True)
    elif profile in (Profile.SIGNING, Profile.TIMESTAMPING):
        flags.update(digital_signature=True, content_commitment=True)
    else:
        flags.update(digital_signature=True)
    return x509.KeyUsage(**flags)


def _revocation_pointers(
    builder: x509.CertificateBuilder, issuer_slug: str, urls: PkiUrls, with_ocsp: bool
) -> x509.CertificateBuilder:
    builder = builder.add_extension(
        x509.CRLDistributionPoints(
            [
                x509.DistributionPoint(
                    full_name=[x509.UniformResourceIdentifier(urls.crl(issuer_slug))],
                    relative_name=None,
                    reasons=None,
                    crl_issuer=None,
                )
            ]
        ),
        critical=False,
    )
    access = [
        x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
            x509.UniformResourceIdentifier(urls.ca_certificate(issuer_slug)),
        )
    ]
    if with_ocsp:
        access.insert(
            0,
            x509.AccessDescription(
                x509.oid.AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier(urls.ocsp()),
            ),
        )
    return builder.add_extension(x509.AuthorityInformationAccess(access), critical=False)


def issue_certificate(
    issuer: Credential | None,
    subject: x509.Name,
    profile: Profile,
    *,
    urls: PkiUrls | None = None,
    key: rsa.RSAPrivateKey | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    valid_days: int = 730,
    slug: str = "",
) -> Credential:
    """Issue a certificate; ``issuer=None`` makes a self-signed root.

    Revocation pointers (CRL distribution point, AIA OCSP and CA issuers) are
    added when ``urls`` is given and the certificate is not self-signed; the
    CRL URL is named after ``issuer.slug``. OCSP is only advertised for
    certificates below the issuing CA, whose responder we run.
    """
    key = key or new_key()
    not_before = not_before or now_utc() - timedelta(minutes=5)
    not_after = not_after or not_before + timedelta(days=valid_days)
    issuer_name = issuer.cert.subject if issuer else subject
    signing_key = issuer.key if issuer else key

    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(_key_usage(profile), critical=True)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    if profile is Profile.CA:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    else:
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    if profile is Profile.TIMESTAMPING:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    if profile is Profile.OCSP:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False
        ).add_extension(x509.OCSPNoCheck(), critical=False)
    if issuer and urls and profile is not Profile.OCSP:
        issuer_is_root = not issuer.chain
        builder = _revocation_pointers(builder, issuer.slug, urls, with_ocsp=not issuer_is_root)

    cert = builder.sign(signing_key, hashes.SHA256())
    chain = ((issuer.cert, *issuer.chain)) if issuer else ()
    return Credential(key=key, cert=cert, chain=chain, slug=slug)


def create_root_ca(common_name: str = ROOT_NAME, *, valid_days: int = 7300, slug: str = "root") -> Credential:
    """A self-signed root in the style of the Government CA (DEMO in its name)."""
    return issue_certificate(None, ca_name(common_name), Profile.CA, valid_days=valid_days, slug=slug)


def create_issuing_ca(
    root: Credential, urls: PkiUrls, common_name: str = ISSUING_NAME, *, slug: str = "issuing"
) -> Credential:
    """The CA below the root that issues certificates to people and organizations."""
    return issue_certificate(root, ca_name(common_name), Profile.CA, urls=urls, valid_days=3650, slug=slug)


def issue_person(
    issuer: Credential, urls: PkiUrls, *, full_name: str, organization: str, title: str | None = None, **kw
) -> Credential:
    """A leader's signing certificate."""
    return issue_certificate(
        issuer, person_name(full_name, organization, title), Profile.SIGNING, urls=urls, **kw
    )


def issue_organization(issuer: Credential, urls: PkiUrls, *, name: str, **kw) -> Credential:
    """An organization's seal certificate (used by its clerk)."""
    return issue_certificate(issuer, organization_name(name), Profile.SIGNING, urls=urls, **kw)


def issue_tsa(issuer: Credential, urls: PkiUrls, **kw) -> Credential:
    """The timestamp authority's certificate (EKU timeStamping, critical)."""
    subject = ca_name("Máy chủ cấp dấu thời gian (DEMO)")
    return issue_certificate(issuer, subject, Profile.TIMESTAMPING, urls=urls, slug="tsa", **kw)


def issue_ocsp_responder(issuer: Credential, **kw) -> Credential:
    """A delegated OCSP responder for ``issuer`` (carries id-pkix-ocsp-nocheck)."""
    subject = ca_name("Máy chủ OCSP (DEMO)")
    return issue_certificate(issuer, subject, Profile.OCSP, slug="ocsp", valid_days=365, **kw)


def issue_expired_person(issuer: Credential, urls: PkiUrls, **kw) -> Credential:
    """A signing certificate whose validity ended yesterday (for tests)."""
    start = now_utc() - timedelta(days=400)
    return issue_person(issuer, urls, not_before=start, not_after=now_utc() - timedelta(days=1), **kw)


def create_untrusted_person(*, full_name: str, organization: str, title: str | None = None) -> Credential:
    """A signing certificate under a freshly made root nobody trusts (for tests)."""
    other_root = create_root_ca("Tổ chức chứng thực lạ (không được tin cậy)", slug="other-root")
    return issue_person(
        other_root,
        PkiUrls("http://127.0.0.1:9/none"),
        full_name=full_name,
        organization=organization,
        title=title,
    )


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    """The asn1crypto form of a certificate, which pyHanko works with."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def subject_field(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    """First value of a subject attribute, or None."""
    values: Iterable[x509.NameAttribute] = cert.subject.get_attributes_for_oid(oid)
    for attr in values:
        return str(attr.value)
    return None
