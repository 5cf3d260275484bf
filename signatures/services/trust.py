"""The trust store: importing certificates (trusted roots, intermediate CAs, signers') and revoking."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography import x509
from django.db import transaction
from django.utils import timezone

from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.services.audit import audit_record
from signatures.errors import SignatureError
from signatures.models import Certificate, SigningKey
from signatures.permissions import require_admin_permission
from signatures.pki.certificates import CertificateFileError, der, describe, load_certificates
from signatures.services.publication import hosts_issuer

END_ENTITY_KINDS = (Certificate.Kind.PERSONAL, Certificate.Kind.ORGANIZATION, Certificate.Kind.SERVICE)
# An import as "more trusted" upgrades a certificate already known as less trusted.
_RANK = {
    Certificate.Kind.INTERMEDIATE: 1,
    Certificate.Kind.TRUST_ANCHOR: 2,
}


@dataclass
class ImportResult:
    created: list[Certificate] = field(default_factory=list)
    existing: list[Certificate] = field(default_factory=list)

    @property
    def certificates(self) -> list[Certificate]:
        return [*self.created, *self.existing]


def _kind_for(cert: x509.Certificate, requested: str) -> str:
    facts = describe(cert)
    if facts.is_ca:
        if requested == Certificate.Kind.TRUST_ANCHOR and facts.self_signed:
            return Certificate.Kind.TRUST_ANCHOR
        return Certificate.Kind.INTERMEDIATE
    if requested in END_ENTITY_KINDS:
        return requested
    raise CertificateFileError(
        f"end-entity certificate {facts.subject} offered as a CA",
        code=SignatureError.NOT_A_CA_CERTIFICATE, subject=facts.subject_cn or facts.subject,
    )


@transaction.atomic
def certificate_store(
    cert: x509.Certificate, *, kind: str, actor=None, user=None, organization=None
) -> tuple[Certificate, bool]:
    """Add one certificate to the trust store, or return the one already there (upgraded in kind
    and given its holder if the import says more than the store knew)."""
    facts = describe(cert)
    existing = Certificate.objects.select_for_update().filter(fingerprint=facts.fingerprint).first()
    if existing is not None:
        changed = []
        if _RANK.get(kind, 0) > _RANK.get(existing.kind, 0) and existing.kind in _RANK:
            existing.kind = kind
            changed.append("kind")
        if user is not None and existing.user_id is None:
            existing.user = user
            changed.append("user")
        if organization is not None and existing.organization_id is None:
            existing.organization = organization
            changed.append("organization")
        if changed:
            existing.save(update_fields=changed)
        return existing, False
    row = Certificate.objects.create(
        kind=kind,
        der=der(cert),
        fingerprint=facts.fingerprint,
        serial=facts.serial,
        subject=facts.subject,
        subject_cn=facts.subject_cn,
        issuer=facts.issuer,
        issuer_cn=facts.issuer_cn,
        not_before=facts.not_before,
        not_after=facts.not_after,
        key_usage=facts.key_usage,
        extended_key_usage=facts.extended_key_usage,
        is_ca=facts.is_ca,
        user=user,
        organization=organization,
        imported_by=actor,
    )
    return row, True


@transaction.atomic
def certificate_import(
    *, actor, data: bytes, kind: str, user=None, organization=None
) -> ImportResult:
    """Import every certificate of a PEM, DER or P7B file.

    ``kind`` is what the administrator says the file holds: trusted roots (its self-signed CA
    certificates become trust anchors, other CA certificates intermediates), intermediate CAs, or a
    person's or an organization's certificate (its CA certificates, if any, become intermediates).
    """
    require_admin_permission(actor, "add_certificate")
    if kind not in Certificate.Kind.values:
        raise Refused(SignatureError.CERTIFICATE_KIND_INVALID, kind=kind)
    certs = load_certificates(data)
    if kind == Certificate.Kind.TRUST_ANCHOR and not any(
        describe(c).is_ca and describe(c).self_signed for c in certs
    ):
        raise CertificateFileError(
            "no self-signed CA certificate in a trust anchor import",
            code=SignatureError.NO_ROOT_CA,
        )
    result = ImportResult()
    for cert in certs:
        resolved = _kind_for(cert, kind)
        owner = {"user": user, "organization": organization} if resolved in END_ENTITY_KINDS else {}
        row, created = certificate_store(cert, kind=resolved, actor=actor, **owner)
        (result.created if created else result.existing).append(row)
    audit_record(
        action=AuditAction.CERTIFICATE_IMPORT,
        actor=actor,
        organization=organization,
        data={
            "kind": kind,
            "created": [{"serial": c.serial, "subject": c.subject, "kind": c.kind} for c in result.created],
            "existing": [c.serial for c in result.existing],
        },
    )
    return result


@transaction.atomic
def certificate_revoke(
    *,
    actor,
    certificate: Certificate,
    reason: str = Certificate.RevocationReason.UNSPECIFIED,
    revoked_at: datetime | None = None,
) -> Certificate:
    """Revoke a certificate from ``revoked_at`` (default now; earlier for a key compromised before).

    A certificate of this system's CA is listed in its CRL and answered "revoked" by its OCSP
    responder from then on; any revoked certificate can no longer sign here.
    """
    require_admin_permission(actor, "change_certificate")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        return certificate
    now = timezone.now()
    revoked_at = revoked_at or now
    if revoked_at > now:
        raise Refused(SignatureError.REVOCATION_IN_FUTURE)
    # CRLs and OCSP carry whole seconds: round up, so a signature timestamped earlier in the
    # same second is not reported as made after the revocation.
    if revoked_at.microsecond:
        revoked_at = revoked_at.replace(microsecond=0) + timedelta(seconds=1)
    if reason not in Certificate.RevocationReason.values:
        raise Refused(SignatureError.REVOCATION_REASON_INVALID, reason=reason)
    certificate.revoked_at = revoked_at
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    deactivated = SigningKey.objects.filter(certificate=certificate, is_active=True).update(is_active=False)
    audit_record(
        action=AuditAction.CERTIFICATE_REVOKE,
        actor=actor,
        organization=certificate.organization,
        obj=certificate,
        data={
            "serial": certificate.serial,
            "subject": certificate.subject,
            "reason": reason,
            "revoked_at": revoked_at,
            "published": hosts_issuer(certificate),
            "keys_deactivated": deactivated,
        },
    )
    return certificate
