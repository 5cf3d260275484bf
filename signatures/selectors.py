"""Reads of the signatures app: the trust store, keys and images of a signer, verification results."""

from cryptography import x509
from django.db.models import QuerySet

from signatures.models import Certificate, FileVerification, SignatureImage, SignatureRecord, SigningKey
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


def signing_key_get(
    *, user=None, organization=None, custodies: tuple[str, ...] = ()
) -> SigningKey | None:
    """The newest active key of a person or an organization, of one of ``custodies`` if given."""
    qs = SigningKey.objects.filter(is_active=True).select_related("certificate")
    qs = qs.filter(user=user) if user is not None else qs.filter(organization=organization)
    if custodies:
        qs = qs.filter(custody__in=custodies)
    return qs.order_by("-created_at", "-id").first()


def signature_image_get(*, user=None, organization=None) -> SignatureImage | None:
    if user is not None:
        return SignatureImage.objects.filter(user=user, kind=SignatureImage.Kind.SIGNATURE).first()
    return SignatureImage.objects.filter(organization=organization, kind=SignatureImage.Kind.SEAL).first()


def file_verification_latest(*, document_file) -> FileVerification | None:
    """The most recent verification of this file version, or None if it was never checked."""
    return FileVerification.objects.filter(document_file=document_file).order_by("-checked_at", "-id").first()


def file_verification_list(*, document_file) -> QuerySet[FileVerification]:
    return FileVerification.objects.filter(document_file=document_file).order_by("-checked_at", "-id")


def signature_record_list(*, document) -> QuerySet[SignatureRecord]:
    return (
        SignatureRecord.objects.filter(document=document)
        .select_related("signer", "on_behalf_of", "certificate", "signed_file")
        .order_by("created_at", "id")
    )

