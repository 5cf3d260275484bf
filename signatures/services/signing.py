"""Signing document files: the leader's signature, the organization's seal, the organization's
signature on attachments. Each makes a new immutable file version and a SignatureRecord."""

from django.core.exceptions import ValidationError
from django.db import transaction

from documents.models import DocumentFile
from qlvb.services.audit import audit_record
from signatures.errors import CertificateNotUsableError, KeyAccessError, SignatureServiceError
from signatures.models import SignatureRecord, SigningKey
from signatures.pdf import signing
from signatures.pdf.appearance import Placement
from signatures.pdf.pades import SignedPdf
from signatures.permissions import require_clerk, require_leader
from signatures.selectors import signature_image_get, signing_key_get
from signatures.services.custody import key_unlocked, records_wrong_pins
from signatures.services.files import file_version_create, intact_bytes, lock_latest_version, signing_policy

HELD_KEYS = (SigningKey.Custody.SERVER, SigningKey.Custody.PKCS11)


def _refuse_if_revoked(**holder) -> None:
    """A holder whose newest key went with a revoked certificate is told so, not "no key"."""
    latest = SigningKey.objects.filter(**holder).select_related("certificate").order_by("-created_at", "-id").first()
    if latest is not None and latest.certificate.revoked_at is not None:
        raise CertificateNotUsableError(
            f"certificate {latest.certificate.serial} revoked",
            user_message="Chứng thư số đã bị thu hồi; đề nghị quản trị hệ thống đăng ký chứng thư số mới.",
        )


def personal_key(user, custodies: tuple[str, ...] = HELD_KEYS) -> SigningKey:
    key = signing_key_get(user=user, custodies=custodies)
    if key is None:
        _refuse_if_revoked(user=user)
        external = signing_key_get(user=user, custodies=(SigningKey.Custody.EXTERNAL,))
        if external is not None and custodies == HELD_KEYS:
            raise KeyAccessError(
                "user signs with an external key",
                user_message="Khóa ký số của bạn nằm trên thiết bị của bạn: hãy ký bằng ứng dụng ký số trên máy.",
            )
        raise KeyAccessError(
            f"no signing key for user {user.pk}",
            user_message="Bạn chưa có khóa ký số trên hệ thống; đề nghị quản trị hệ thống đăng ký chứng thư số.",
        )
    return key


def organization_key(organization) -> SigningKey:
    key = signing_key_get(organization=organization, custodies=HELD_KEYS)
    if key is None:
        _refuse_if_revoked(organization=organization)
        raise KeyAccessError(
            f"no seal key for organization {organization.pk}",
            user_message=f"{organization} chưa có khóa ký số của cơ quan trên hệ thống.",
        )
    return key


def signature_png(user) -> bytes:
    image = signature_image_get(user=user)
    if image is None:
        raise SignatureServiceError(
            f"no signature image for user {user.pk}",
            user_message="Chưa có ảnh chữ ký của bạn trên hệ thống; đề nghị quản trị hệ thống cập nhật.",
        )
    return bytes(image.png)


def seal_png(organization) -> bytes:
    image = signature_image_get(organization=organization)
    if image is None:
        raise SignatureServiceError(
            f"no seal image for organization {organization.pk}",
            user_message=f"Chưa có ảnh con dấu của {organization} trên hệ thống.",
        )
    return bytes(image.png)


def signature_record_create(
    *,
    kind: str,
    source: DocumentFile,
    signed: SignedPdf,
    actor,
    key: SigningKey,
    on_behalf_of=None,
    delegation=None,
) -> SignatureRecord:
    """Store the signed bytes as the new version, the record of the signature, and the audit event."""
    version = file_version_create(source=source, data=signed.data)
    record = SignatureRecord.objects.create(
        kind=kind,
        document=source.document,
        source_file=source,
        signed_file=version,
        organization=source.document.organization,
        signer=actor,
        on_behalf_of=on_behalf_of,
        signing_key=key,
        certificate=key.certificate,
        field_name=signed.field_name,
        signing_time=signed.signing_time,
        level=signed.level.value,
        sha256=signed.sha256,
    )
    audit_record(
        action=f"document_file.sign_{kind}",
        actor=actor,
        on_behalf_of=on_behalf_of,
        organization=source.document.organization,
        obj=version,
        data={
            "document": source.document_id,
            "source_file": source.pk,
            "signed_file": version.pk,
            "sha256": signed.sha256,
            "field_name": signed.field_name,
            "level": signed.level.value,
            "signing_time": signed.signing_time,
            "custody": key.custody,
            "certificate_serial": key.certificate.serial,
            "delegation": getattr(delegation, "pk", None),
        },
    )
    return record


@records_wrong_pins
@transaction.atomic
def file_sign_as_leader(
    *, actor, document_file: DocumentFile, pin: str, placement: Placement | None = None, on_behalf_of=None
) -> SignatureRecord:
    """The leader's signature (or a delegate's, for ``on_behalf_of``) with the signature image
    between the title line and the name, or at ``placement``; returns the record of the new version."""
    source = lock_latest_version(document_file)
    organization = source.document.organization
    _membership, delegation = require_leader(actor=actor, organization=organization, on_behalf_of=on_behalf_of)
    key = personal_key(actor)
    image = signature_png(actor)
    pdf = intact_bytes(source)
    policy = signing_policy()
    with key_unlocked(key, pin) as signer:
        signed = signing.sign_as_leader(
            pdf, signer, signature_image=image, policy=policy, signer_name=actor.full_name or None, placement=placement
        )
    return signature_record_create(
        kind=SignatureRecord.Kind.LEADER,
        source=source,
        signed=signed,
        actor=actor,
        key=key,
        on_behalf_of=on_behalf_of if delegation else None,
        delegation=delegation,
    )


@records_wrong_pins
@transaction.atomic
def file_seal(*, actor, document_file: DocumentFile, pin: str) -> SignatureRecord:
    """The organization's signature by its clerk: the seal over the left third of the leader's
    signature, refused unless that signature is present, intact and trusted."""
    source = lock_latest_version(document_file)
    organization = source.document.organization
    require_clerk(actor=actor, organization=organization)
    key = organization_key(organization)
    image = seal_png(organization)
    pdf = intact_bytes(source)
    policy = signing_policy()
    with key_unlocked(key, pin) as signer:
        signed = signing.seal_document(
            pdf, signer, seal_image=image, policy=policy, trust_roots=policy.trust_roots, fetch=policy.fetch
        )
    return signature_record_create(
        kind=SignatureRecord.Kind.SEAL, source=source, signed=signed, actor=actor, key=key
    )


@records_wrong_pins
@transaction.atomic
def file_stamp_attachment(*, actor, document_file: DocumentFile, pin: str, stamp_text: str) -> SignatureRecord:
    """The organization's signature on an attachment or an electronic copy: no image, the line
    ``<stamp_text>; <signing time, ISO 8601 Vietnam time>`` at the top right of page 1.

    ``stamp_text`` is the number and symbol (``807/VPCP-KSTT``) or, for a copy, the copy form and
    the copying organization (``SAO Y; Văn phòng Chính phủ``); blank means the document's symbol.
    """
    source = lock_latest_version(document_file)
    organization = source.document.organization
    require_clerk(actor=actor, organization=organization)
    text = " ".join((stamp_text or "").split()) or source.document.symbol
    if not text:
        raise ValidationError("Văn bản chưa có số, ký hiệu: hãy nhập nội dung ghi trên tệp đính kèm.")
    key = organization_key(organization)
    pdf = intact_bytes(source)
    policy = signing_policy()
    with key_unlocked(key, pin) as signer:
        signed = signing.seal_attachment(pdf, signer, document_number=text, policy=policy)
    return signature_record_create(
        kind=SignatureRecord.Kind.ATTACHMENT, source=source, signed=signed, actor=actor, key=key
    )
