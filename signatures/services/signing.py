"""Signing file versions: the leader's signature, the organization's seal, the organization's
signature on attachments.

Each takes the version to sign from the caller (locked, the latest: documents decides which) and
returns the :class:`Signature` made on its bytes; the caller stores ``signature.signed.data`` as the
new immutable version and records both with :func:`signature_record_create`. Documents does this
for its files in documents.services.signing."""

import unicodedata
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.services.audit import audit_record
from signatures import conf
from signatures.errors import CertificateNotUsableError, KeyAccessError, SignatureError, SignatureServiceError
from signatures.models import SignatureRecord, SigningKey
from signatures.pdf import signing
from signatures.pdf.appearance import Placement
from signatures.pdf.pades import SignedPdf, SigningPolicy
from signatures.pdf.report import SignatureReport
from signatures.permissions import require_clerk, require_leader
from signatures.pki.issuing import subject_field
from signatures.pki.tsa import http_timestamper
from signatures.selectors.certificates import certificate_x509, trust_anchor_list
from signatures.selectors.keys import signature_image_get, signing_key_get
from signatures.services import publication
from signatures.services.custody import key_unlocked
from signatures.services.files import intact_bytes

HELD_KEYS = (SigningKey.Custody.SERVER, SigningKey.Custody.PKCS11)


def _refuse_if_revoked(**holder) -> None:
    """A holder whose newest key went with a revoked certificate is told so, not "no key"."""
    latest = SigningKey.objects.filter(**holder).select_related("certificate").order_by("-created_at", "-id").first()
    if latest is not None and latest.certificate.revoked_at is not None:
        raise CertificateNotUsableError(
            f"certificate {latest.certificate.serial} revoked",
            code=SignatureError.CERTIFICATE_REVOKED_REGISTER_NEW,
        )


def personal_key(user, custodies: tuple[str, ...] = HELD_KEYS) -> SigningKey:
    key = signing_key_get(user=user, custodies=custodies)
    if key is None:
        _refuse_if_revoked(user=user)
        external = signing_key_get(user=user, custodies=(SigningKey.Custody.EXTERNAL,))
        if external is not None and custodies == HELD_KEYS:
            raise KeyAccessError(
                "user signs with an external key",
                code=SignatureError.KEY_ON_DEVICE,
            )
        raise KeyAccessError(
            f"no signing key for user {user.pk}",
            code=SignatureError.NO_PERSONAL_KEY,
        )
    return key


def organization_key(organization) -> SigningKey:
    key = signing_key_get(organization=organization, custodies=HELD_KEYS)
    if key is None:
        _refuse_if_revoked(organization=organization)
        raise KeyAccessError(
            f"no seal key for organization {organization.pk}",
            code=SignatureError.NO_ORGANIZATION_KEY, organization=organization,
        )
    return key


def signature_png(user) -> bytes:
    image = signature_image_get(user=user)
    if image is None:
        raise SignatureServiceError(
            f"no signature image for user {user.pk}",
            code=SignatureError.NO_SIGNATURE_IMAGE,
        )
    return bytes(image.png)


def seal_png(organization) -> bytes:
    image = signature_image_get(organization=organization)
    if image is None:
        raise SignatureServiceError(
            f"no seal image for organization {organization.pk}",
            code=SignatureError.NO_SEAL_IMAGE, organization=organization,
        )
    return bytes(image.png)


def signing_policy() -> SigningPolicy:
    """Level, timestamp authority and trust roots as configured (see signatures.conf)."""
    return SigningPolicy(
        level=conf.signing_level(),
        timestamper=http_timestamper(conf.tsa_url(), timeout=conf.tsa_timeout()),
        allow_without_timestamp=conf.allow_without_timestamp(),
        trust_roots=tuple(trust_anchor_list()),
        fetch=publication.revocation_fetch(),
    )


@dataclass(frozen=True)
class Signature:
    """A signature just added to the bytes of a file version: ``signed.data`` is the new version the
    caller stores, the rest goes into its :class:`SignatureRecord`."""

    kind: str
    signed: SignedPdf
    actor: object
    key: SigningKey
    on_behalf_of: object = None
    delegation: object = None


def signature_record_create(*, signature: Signature, source, signed_file) -> SignatureRecord:
    """The record of ``signature``, made on ``source`` and stored by the caller as ``signed_file``,
    and the audit event."""
    signed, key = signature.signed, signature.key
    record = SignatureRecord.objects.create(
        kind=signature.kind,
        document=source.document,
        source_file=source,
        signed_file=signed_file,
        organization=source.document.organization,
        signer=signature.actor,
        on_behalf_of=signature.on_behalf_of,
        signing_key=key,
        certificate=key.certificate,
        field_name=signed.field_name,
        signing_time=signed.signing_time,
        level=signed.level.value,
        sha256=signed.sha256,
    )
    audit_record(
        action=AuditAction(f"document_file.sign_{signature.kind}"),
        actor=signature.actor,
        on_behalf_of=signature.on_behalf_of,
        organization=source.document.organization,
        obj=signed_file,
        data={
            "document": source.document_id,
            "source_file": source.pk,
            "signed_file": signed_file.pk,
            "sha256": signed.sha256,
            "field_name": signed.field_name,
            "level": signed.level.value,
            "signing_time": signed.signing_time,
            "custody": key.custody,
            "certificate_serial": key.certificate.serial,
            "delegation": getattr(signature.delegation, "pk", None),
        },
    )
    return record


def leader_signature_make(
    *, actor, organization, source, pin: str, placement: Placement | None = None, on_behalf_of=None
) -> Signature:
    """The leader's signature (or a delegate's, for ``on_behalf_of``) on the version ``source`` of a
    file of ``organization``, with the signature image between the title line and the name, or at
    ``placement``."""
    _membership, delegation = require_leader(actor=actor, organization=organization, on_behalf_of=on_behalf_of)
    key = personal_key(actor)
    image = signature_png(actor)
    pdf = intact_bytes(source)
    policy = signing_policy()
    with key_unlocked(key, pin) as signer:
        signed = signing.sign_as_leader(
            pdf, signer, signature_image=image, policy=policy, signer_name=actor.full_name or None, placement=placement
        )
    return Signature(
        SignatureRecord.Kind.LEADER, signed, actor, key, on_behalf_of=on_behalf_of if delegation else None,
        delegation=delegation,
    )


def seal_organization_check(*, leader: SignatureReport, seal_certificate: x509.Certificate) -> None:
    """An organization seals only what a leader of its own signed: the seal key must be an
    organization's (its certificate names the organization, CN = O, not a person) and the
    organization in the leader's certificate must be that one.

    The one rule of whose seal may go over whose signature, for the application
    (:func:`seal_signature_make`) and the command line (``manage.py sign_pdf --seal``) alike;
    ``leader`` is the valid leader's signature the seal goes over."""
    common_name = subject_field(seal_certificate, NameOID.COMMON_NAME)
    seal_organization = subject_field(seal_certificate, NameOID.ORGANIZATION_NAME) or common_name
    if not seal_organization or (common_name and _normalized(common_name) != _normalized(seal_organization)):
        raise SignatureServiceError(
            f"seal key certificate names a person ({common_name}), not an organization",
            code=SignatureError.SEAL_KEY_NOT_AN_ORGANIZATION, holder=common_name or "?",
        )
    if _normalized(leader.organization) != _normalized(seal_organization):
        raise SignatureServiceError(
            f"seal of {seal_organization!r} over a leader's signature of {leader.organization!r}",
            code=SignatureError.SEAL_ORGANIZATION_MISMATCH,
            seal_organization=seal_organization, leader_organization=leader.organization or "?",
        )


def _normalized(name: str | None) -> str:
    """A name as compared: Unicode NFC (Vietnamese may come composed or not), spaces and case ignored."""
    return " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()


def leader_signature_recorded_check(*, leader: SignatureReport, organization, document) -> None:
    """In the application, the signature under the seal must be one this system recorded as the
    signature of ``document`` by a leader of ``organization`` (or their delegate): the workflow
    checked who signed it, which a certificate's organization name alone does not prove."""
    recorded = SignatureRecord.objects.filter(
        kind=SignatureRecord.Kind.LEADER, organization=organization, document=document,
        certificate__serial=leader.details.get("certificate_serial"),
        certificate__issuer=leader.details.get("certificate_issuer"),
    )
    if not recorded.exists():
        raise SignatureServiceError(
            f"leader's signature {leader.field_name} is not recorded for document {getattr(document, 'pk', None)} "
            f"of organization {organization.pk}",
            code=SignatureError.LEADER_SIGNATURE_NOT_RECORDED, organization=organization,
        )


def seal_signature_make(*, actor, organization, source, pin: str) -> Signature:
    """The organization's signature by its clerk: the seal over the left third of the leader's
    signature, refused unless that signature is present, intact and trusted, and is the recorded
    signature of a leader of ``organization`` on this document; only ``organization``'s own key seals."""
    require_clerk(actor=actor, organization=organization)
    key = organization_key(organization)
    image = seal_png(organization)
    pdf = intact_bytes(source)
    policy = signing_policy()
    seal_certificate = certificate_x509(key.certificate)

    def leader_check(leader: SignatureReport) -> None:
        seal_organization_check(leader=leader, seal_certificate=seal_certificate)
        leader_signature_recorded_check(leader=leader, organization=organization, document=source.document)

    with key_unlocked(key, pin) as signer:
        signed = signing.seal_document(
            pdf, signer, seal_image=image, policy=policy, trust_roots=policy.trust_roots, fetch=policy.fetch,
            leader_check=leader_check,
        )
    return Signature(SignatureRecord.Kind.SEAL, signed, actor, key)


def attachment_signature_make(*, actor, organization, source, pin: str, text: str) -> Signature:
    """The organization's signature on an attachment or an electronic copy: no image, the line
    ``<text>; <signing time, ISO 8601 Vietnam time>`` at the top right of page 1.

    ``text`` is the number and symbol (``807/VPCP-KSTT``) or, for a copy, the copy form and the
    copying organization (``SAO Y; Văn phòng Chính phủ``)."""
    require_clerk(actor=actor, organization=organization)
    if not text:
        raise Refused(SignatureError.STAMP_TEXT_REQUIRED)
    key = organization_key(organization)
    pdf = intact_bytes(source)
    policy = signing_policy()
    with key_unlocked(key, pin) as signer:
        signed = signing.seal_attachment(pdf, signer, document_number=text, policy=policy)
    return Signature(SignatureRecord.Kind.ATTACHMENT, signed, actor, key)
