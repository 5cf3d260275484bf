"""Key custody: registering keys (server-held PKCS#12, PKCS#11 tokens, external signers),
unlocking them with the holder's PIN at signing time, and the signature and seal images.

PINs pass through these functions only: they are never stored, logged or put in audit data.
"""

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from PIL import Image, UnidentifiedImageError
from pyhanko.sign import signers

from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.services.audit import audit_record
from signatures import conf
from signatures.errors import (
    KeyAccessError,
    KeyLockedError,
    SignatureError,
    SignatureServiceError,
    WrongPinError,
)
from signatures.models import Certificate, SignatureImage, SigningKey
from signatures.permissions import require_admin_permission
from signatures.pki.certificates import can_sign_documents
from signatures.pki.issuing import Credential
from signatures.pki.keys import SOFTHSM_MODULE, Pkcs11Backend, Pkcs12Backend, SignerBackend
from signatures.pki.pkcs12 import export_pkcs12, load_pkcs12
from signatures.selectors.certificates import certificate_issuer_chain, certificate_x509
from signatures.services.trust import certificate_store

MAX_IMAGE_BYTES = 2 * 1024 * 1024


def _holder(user, organization) -> dict:
    if (user is None) == (organization is None):
        raise Refused(SignatureError.KEY_HOLDER_AMBIGUOUS)
    return {"user": user, "organization": organization}


def _retire_others(key: SigningKey) -> int:
    """One active key per holder and custody: a new key replaces the previous one."""
    holder = {"user": key.user} if key.user_id else {"organization": key.organization}
    return (
        SigningKey.objects.filter(custody=key.custody, is_active=True, **holder)
        .exclude(pk=key.pk)
        .update(is_active=False)
    )


def _audit_key(action: AuditAction, key: SigningKey, actor, **extra) -> None:
    audit_record(
        action=action,
        actor=actor,
        organization=key.organization or None,
        obj=key,
        data={
            "custody": key.custody,
            "user": key.user_id,
            "organization": key.organization_id,
            "certificate_serial": key.certificate.serial,
            **extra,
        },
    )


@transaction.atomic
def pkcs12_import(*, actor, data: bytes, pin: str, user=None, organization=None) -> SigningKey:
    """Keep a PKCS#12 key store as a server-held key of a person or an organization.

    The store is opened with ``pin`` to check it, and kept re-encrypted under the same PIN with
    AES-256 (whatever older cipher the file came with). Its certificate and CA certificates are
    added to the trust store (CA certificates as intermediates: trusting a root is a separate act).
    """
    require_admin_permission(actor, "add_signingkey")
    holder = _holder(user, organization)
    if not pin:
        raise Refused(SignatureError.PKCS12_PIN_REQUIRED)
    try:
        credential = load_pkcs12(data, pin)
    except WrongPinError:
        raise WrongPinError(
            "PKCS#12 import with a wrong PIN",
            code=SignatureError.PKCS12_WRONG_PIN,
        ) from None
    except KeyAccessError:
        raise KeyAccessError(
            "not a PKCS#12 key store",
            code=SignatureError.PKCS12_INVALID,
        ) from None
    return server_key_store(actor=actor, credential=credential, pin=pin, **holder)


@transaction.atomic
def server_key_store(*, actor, credential: Credential, pin: str, user=None, organization=None) -> SigningKey:
    """Keep ``credential`` as a server-held key, encrypted under ``pin`` (AES-256), replacing the
    holder's previous server-held key; its certificate and CA certificates join the trust store."""
    require_admin_permission(actor, "add_signingkey")
    if not pin:
        raise Refused(SignatureError.SERVER_KEY_PIN_REQUIRED)
    holder = _holder(user, organization)
    if not can_sign_documents(credential.cert):
        raise Refused(SignatureError.FILE_CERTIFICATE_NOT_FOR_SIGNING)
    kind = Certificate.Kind.PERSONAL if user is not None else Certificate.Kind.ORGANIZATION
    certificate, _ = certificate_store(credential.cert, kind=kind, actor=actor, **holder)
    if certificate.revoked_at is not None:
        raise Refused(SignatureError.CERTIFICATE_ALREADY_REVOKED)
    for ca in credential.chain:
        if ca.issuer != ca.subject:
            certificate_store(ca, kind=Certificate.Kind.INTERMEDIATE, actor=actor)
    key = SigningKey.objects.create(
        custody=SigningKey.Custody.SERVER,
        certificate=certificate,
        pkcs12=export_pkcs12(credential, pin),
        created_by=actor,
        **holder,
    )
    retired = _retire_others(key)
    _audit_key(AuditAction.SIGNING_KEY_STORE_PKCS12, key, actor, replaced=retired)
    return key


@transaction.atomic
def signing_key_register(
    *,
    actor,
    custody: str,
    certificate: Certificate,
    user=None,
    organization=None,
    token_label: str = "",
    key_label: str = "",
    module_path: str = "",
) -> SigningKey:
    """Register a key the server does not hold: on a PKCS#11 token, or with an external signer."""
    require_admin_permission(actor, "add_signingkey")
    holder = _holder(user, organization)
    if custody == SigningKey.Custody.PKCS11:
        if not (token_label and key_label):
            raise Refused(SignatureError.PKCS11_LABELS_REQUIRED)
        module_path = module_path or SOFTHSM_MODULE
    elif custody == SigningKey.Custody.EXTERNAL:
        token_label = key_label = module_path = ""
    else:
        raise Refused(SignatureError.SERVER_KEY_BY_PKCS12)
    if certificate.is_ca or certificate.revoked_at is not None:
        raise Refused(SignatureError.CERTIFICATE_CA_OR_REVOKED)
    if not can_sign_documents(certificate_x509(certificate)):
        raise Refused(SignatureError.CERTIFICATE_NOT_FOR_SIGNING)
    key = SigningKey.objects.create(
        custody=custody,
        certificate=certificate,
        token_label=token_label,
        key_label=key_label,
        module_path=module_path,
        created_by=actor,
        **holder,
    )
    retired = _retire_others(key)
    _audit_key(AuditAction.SIGNING_KEY_REGISTER, key, actor, token_label=token_label, key_label=key_label, replaced=retired)
    return key


@transaction.atomic
def signing_key_unlock(*, actor, key: SigningKey) -> SigningKey:
    """Let a key locked by wrong PINs be tried again (after the holder was identified)."""
    require_admin_permission(actor, "change_signingkey")
    SigningKey.objects.filter(pk=key.pk).update(failed_pin_attempts=0)
    key.refresh_from_db()
    _audit_key(AuditAction.SIGNING_KEY_UNLOCK, key, actor)
    return key


@transaction.atomic
def signing_key_deactivate(*, actor, key: SigningKey) -> SigningKey:
    require_admin_permission(actor, "change_signingkey")
    SigningKey.objects.filter(pk=key.pk).update(is_active=False)
    key.refresh_from_db()
    _audit_key(AuditAction.SIGNING_KEY_DEACTIVATE, key, actor)
    return key


@transaction.atomic
def signing_key_wrong_pin(*, key_id: int, actor=None) -> SigningKey:
    """Count a wrong PIN; at QLVB_SIGNING_MAX_PIN_ATTEMPTS in a row the key is locked."""
    SigningKey.objects.filter(pk=key_id).update(failed_pin_attempts=F("failed_pin_attempts") + 1)
    key = SigningKey.objects.select_related("certificate").get(pk=key_id)
    locked = key.failed_pin_attempts >= conf.max_pin_attempts()
    _audit_key(AuditAction.SIGNING_KEY_WRONG_PIN, key, actor, attempts=key.failed_pin_attempts, locked=locked)
    return key


def records_wrong_pins(service):
    """Count wrong PINs of a signing service outside its transaction (which the error rolls back)."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except WrongPinError as exc:
            key_id = getattr(exc, "signing_key_id", None)
            if key_id is not None:
                signing_key_wrong_pin(key_id=key_id, actor=kwargs.get("actor"))
            raise

    return wrapper


def signer_backend(key: SigningKey) -> SignerBackend:
    if key.custody == SigningKey.Custody.SERVER:
        return Pkcs12Backend(bytes(key.pkcs12))
    if key.custody == SigningKey.Custody.PKCS11:
        cert = certificate_x509(key.certificate)
        return Pkcs11Backend(
            token_label=key.token_label,
            key_label=key.key_label,
            module_path=key.module_path or SOFTHSM_MODULE,
            chain=tuple(certificate_issuer_chain(cert=cert)),
        )
    raise KeyAccessError(
        "external keys sign through the two-phase flow",
        code=SignatureError.KEY_IS_EXTERNAL,
    )


def check_key_usable(key: SigningKey) -> None:
    if not key.is_active or key.certificate.revoked_at is not None:
        raise SignatureServiceError(
            "signing key inactive or certificate revoked",
            code=SignatureError.KEY_INACTIVE,
        )
    attempts = conf.max_pin_attempts()
    if key.failed_pin_attempts >= attempts:
        raise KeyLockedError(
            f"key {key.pk} locked after {key.failed_pin_attempts} wrong PINs",
            code=SignatureError.KEY_LOCKED_AFTER, attempts=attempts,
        )


@contextmanager
def key_unlocked(key: SigningKey, pin: str) -> Iterator[signers.Signer]:
    """Lend a signer for ``key`` opened with ``pin``; a wrong PIN is counted by :func:`records_wrong_pins`."""
    check_key_usable(key)
    try:
        with signer_backend(key).open(pin) as signer:
            if key.failed_pin_attempts:
                SigningKey.objects.filter(pk=key.pk).update(failed_pin_attempts=0)
            yield signer
    except WrongPinError as exc:
        exc.signing_key_id = key.pk
        raise


def _check_png(data: bytes) -> None:
    if len(data) > MAX_IMAGE_BYTES:
        raise Refused(SignatureError.IMAGE_TOO_LARGE)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            fmt, mode, transparency = image.format, image.mode, "transparency" in image.info
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise Refused(SignatureError.IMAGE_NOT_PNG) from None
    if fmt != "PNG" or not (mode in {"RGBA", "LA", "PA"} or transparency):
        raise Refused(SignatureError.IMAGE_NOT_TRANSPARENT)


@transaction.atomic
def signature_image_set(*, actor, png: bytes, user=None, organization=None) -> SignatureImage:
    """Set a person's signature image or an organization's seal image (transparent PNG)."""
    require_admin_permission(actor, "change_signatureimage")
    holder = _holder(user, organization)
    _check_png(png)
    kind = SignatureImage.Kind.SIGNATURE if user is not None else SignatureImage.Kind.SEAL
    image, created = SignatureImage.objects.update_or_create(**holder, defaults={"kind": kind, "png": png})
    audit_record(
        action=AuditAction.SIGNATURE_IMAGE_SET,
        actor=actor,
        organization=organization,
        obj=image,
        data={"kind": kind, "user": getattr(user, "pk", None), "bytes": len(png), "created": created},
    )
    return image
