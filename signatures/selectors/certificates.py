"""Reads of the trust store: certificates as cryptography objects, the trusted roots, chains."""

from cryptography import x509

from signatures.models import Certificate
from signatures.pki.certificates import ChainStatus, chain_status

CA_KINDS = (Certificate.Kind.TRUST_ANCHOR, Certificate.Kind.INTERMEDIATE)


def certificate_x509(certificate: Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(certificate.der))


def trust_anchor_list() -> list[x509.Certificate]:
    """The trusted roots every verification and seal check chains to."""
    rows = Certificate.objects.filter(kind=Certificate.Kind.TRUST_ANCHOR, revoked_at__isnull=True)
    return [certificate_x509(row) for row in rows]


def intermediate_list() -> list[x509.Certificate]:
    return [certificate_x509(row) for row in Certificate.objects.filter(kind=Certificate.Kind.INTERMEDIATE)]


def certificate_chain_status(*, certificate: Certificate) -> ChainStatus:
    """Whether the certificate chains to a trusted root of the trust store (as of now)."""
    return certificate_chain_statuses(certificates=[certificate])[certificate.pk]


def certificate_chain_statuses(*, certificates) -> dict[int, ChainStatus]:
    """:func:`certificate_chain_status` for many certificates, reading the trust store once."""
    roots, intermediates = trust_anchor_list(), intermediate_list()
    statuses = {}
    for certificate in certificates:
        if certificate.kind == Certificate.Kind.TRUST_ANCHOR and certificate.revoked_at is None:
            statuses[certificate.pk] = ChainStatus(True, "Là CA gốc tin cậy")
        else:
            statuses[certificate.pk] = chain_status(
                certificate_x509(certificate), trust_roots=roots, intermediates=intermediates
            )
    return statuses


def certificate_issuer_chain(*, cert: x509.Certificate) -> list[x509.Certificate]:
    """The CA certificates above ``cert`` that the trust store holds, nearest first."""
    cas = {c.subject: c for c in (certificate_x509(row) for row in Certificate.objects.filter(kind__in=CA_KINDS))}
    chain: list[x509.Certificate] = []
    current = cert
    while current.issuer != current.subject and current.issuer in cas and len(chain) < 8:
        current = cas[current.issuer]
        chain.append(current)
    return chain
