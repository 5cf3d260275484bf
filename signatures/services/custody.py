"""Key custody: registering keys (server-held PKCS#12, PKCS#11 tokens, external signers),
unlocking them with the holder's PIN at signing time, and the signature and seal images.

A server-held key is a PKCS#12 under the holder's PIN (PBES2, QLVB_KEY_KDF_ITERATIONS rounds),
sealed under the key-encryption key (KEK), which is not in the database: both are needed to use it,
and a database dump alone gives nothing to guess PINs against. Stores of the old format (a bare
PKCS#12 with a 2,048-round MAC) are sealed by :func:`server_keys_rewrap` and brought to the current
cost the next time their PIN opens them.

PINs pass through these functions only: they are never stored, logged or put in audit data.
"""

import functools
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext

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
from signatures.pki import kek
from signatures.pki.certificates import can_sign_documents
from signatures.pki.issuing import Credential
from signatures.pki.keys import (
    SOFTHSM_MODULE,
    Pkcs11Backend,
    Pkcs12Backend,
    SignerBackend,
    signer_from_credential,
)
from signatures.pki.pkcs12 import export_pkcs12, is_simple_pin, load_pkcs12, looks_like_pkcs12, store_cost
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
def pkcs12_import(
    *, actor, data: bytes, pin: str, new_pin: str = "", user=None, organization=None
) -> SigningKey:
    """Keep a PKCS#12 key store as a server-held key of a person or an organization.

    The store is opened with ``pin`` to check it, and kept re-encrypted under ``new_pin`` (or the
    same PIN when none is given), which must meet the PIN policy, with AES-256 and the configured
    rounds (whatever older cipher the file came with), sealed under the key-encryption key. Its
    certificate and CA certificates are added to the trust store (CA certificates as intermediates:
    trusting a root is a separate act).
    """
    require_admin_permission(actor, "add_signingkey")
    holder = _holder(user, organization)
    if not pin:
        raise Refused(SignatureError.PKCS12_PIN_REQUIRED)
    if new_pin:
        pin_policy_check(new_pin)
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
    return server_key_store(actor=actor, credential=credential, pin=new_pin or pin, **holder)  # checks the policy


def pin_policy_check(pin: str) -> None:
    """Refuse a PIN shorter than QLVB_SIGNING_PIN_MIN_LENGTH (8), or, with
    QLVB_SIGNING_PIN_REFUSE_SIMPLE, one repeated character or an ascending/descending run."""
    if not pin:
        raise Refused(SignatureError.SERVER_KEY_PIN_REQUIRED)
    min_length = conf.pin_min_length()
    if len(pin) < min_length:
        raise Refused(SignatureError.PIN_TOO_SHORT, min_length=min_length)
    if conf.pin_refuse_simple() and is_simple_pin(pin):
        raise Refused(SignatureError.PIN_TOO_SIMPLE)


def _sealed_store(credential: Credential, pin: str) -> tuple[bytes, str]:
    """A new PKCS#12 of ``credential`` under ``pin``, sealed under the current KEK, and the KEK's id."""
    keyring = conf.key_encryption_keyring()
    if keyring.current is None:
        raise kek.KekMissingError("no key-encryption key is configured: server-held keys cannot be stored")
    inner = export_pkcs12(credential, pin, iterations=conf.key_kdf_iterations())
    return keyring.seal(inner), keyring.current_id


def server_key_pkcs12(key: SigningKey) -> bytes:
    """The PKCS#12 (still under the holder's PIN) of a server-held key, out of its KEK seal.

    Without a configured KEK nothing opens, stores of the old format included; a store sealed under
    a KEK that is not configured, or altered, raises :class:`KekMismatchError`.
    """
    blob = bytes(key.pkcs12)
    keyring = conf.key_encryption_keyring()
    if keyring.current is None and not keyring.previous:
        raise kek.KekMissingError("no key-encryption key is configured: server-held keys cannot be opened")
    if kek.is_sealed(blob):
        return keyring.open(blob)
    return blob  # the old format, until keys_rotate_kek seals it


@transaction.atomic
def server_key_store(*, actor, credential: Credential, pin: str, user=None, organization=None) -> SigningKey:
    """Keep ``credential`` as a server-held key, encrypted under ``pin`` (AES-256, PBES2) and sealed
    under the key-encryption key, replacing the holder's previous server-held key; its certificate
    and CA certificates join the trust store. ``pin`` must meet the PIN policy."""
    require_admin_permission(actor, "add_signingkey")
    pin_policy_check(pin)
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
    blob, kek_id = _sealed_store(credential, pin)
    key = SigningKey.objects.create(
        custody=SigningKey.Custody.SERVER,
        certificate=certificate,
        pkcs12=blob,
        kek_id=kek_id,
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
        return Pkcs12Backend(server_key_pkcs12(key))
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
    """Lend a signer for ``key`` opened with ``pin``; a wrong PIN is counted by :func:`records_wrong_pins`.

    A server-held store below the current cost (the old format, or fewer rounds than configured) is
    written again at the current cost and sealed under the current KEK, now that its PIN is known.
    """
    check_key_usable(key)
    try:
        if key.custody == SigningKey.Custody.SERVER:
            store = server_key_pkcs12(key)
            credential = load_pkcs12(store, pin)
            _upgrade_store(key, store, credential, pin)
            lent = nullcontext(signer_from_credential(credential))
        else:
            lent = signer_backend(key).open(pin)
        with lent as signer:
            if key.failed_pin_attempts:
                SigningKey.objects.filter(pk=key.pk).update(failed_pin_attempts=0)
            yield signer
    except WrongPinError as exc:
        exc.signing_key_id = key.pk
        raise


def _upgrade_store(key: SigningKey, store: bytes, credential: Credential, pin: str) -> bool:
    keyring = conf.key_encryption_keyring()
    iterations = conf.key_kdf_iterations()
    before = store_cost(store)
    if keyring.current is not None and kek.sealed_key_id(bytes(key.pkcs12)) == keyring.current_id \
            and before.meets(iterations):
        return False
    if keyring.current is None:
        return False  # opened with a previous KEK only: keep it until a current one is configured
    new_blob, kek_id = _sealed_store(credential, pin)
    SigningKey.objects.filter(pk=key.pk).update(pkcs12=new_blob, kek_id=kek_id)
    key.pkcs12, key.kek_id = new_blob, kek_id
    _audit_key(
        AuditAction.SIGNING_KEY_UPGRADE, key, None,
        kek_id=kek_id, kdf_iterations=iterations,
        before={"kdf_iterations": before.min_kdf_iterations, "mac_iterations": before.mac_iterations},
    )
    return True


@records_wrong_pins
@transaction.atomic
def signing_key_change_pin(*, actor, key: SigningKey, pin: str, new_pin: str) -> SigningKey:
    """Protect a server-held key with a new PIN (meeting the PIN policy), given its current PIN.

    The holder changes the PIN of their own key; an administrator with the right to change keys
    may change any (an organization's seal key, for instance), still only with the current PIN.
    A wrong current PIN counts towards the lockout like a wrong PIN when signing.
    """
    if key.user_id is None or key.user_id != getattr(actor, "pk", None):
        require_admin_permission(actor, "change_signingkey")
    if key.custody != SigningKey.Custody.SERVER:
        raise Refused(SignatureError.KEY_NOT_SERVER_HELD)
    check_key_usable(key)
    if new_pin == pin:
        raise Refused(SignatureError.PIN_UNCHANGED)
    pin_policy_check(new_pin)
    try:
        credential = load_pkcs12(server_key_pkcs12(key), pin)
    except WrongPinError as exc:
        exc.signing_key_id = key.pk
        raise
    blob, kek_id = _sealed_store(credential, new_pin)
    SigningKey.objects.filter(pk=key.pk).update(pkcs12=blob, kek_id=kek_id, failed_pin_attempts=0)
    key.refresh_from_db()
    _audit_key(AuditAction.SIGNING_KEY_CHANGE_PIN, key, actor, kek_id=kek_id)
    return key


@transaction.atomic
def server_keys_rewrap(*, actor, new_key: bytes, old_keys: Iterable[bytes] = ()) -> dict:
    """Seal every server-held key store under ``new_key``, in one transaction (KEK rotation).

    Stores sealed under the configured KEKs or under ``old_keys`` are opened and sealed again;
    stores of the old format (a bare PKCS#12) are sealed as they are (their PIN cost is raised the
    next time their PIN opens them); stores already under ``new_key`` are left alone, so running it
    twice changes nothing. If any store cannot be opened, nothing is written. Audited, without keys.
    """
    configured = conf.key_encryption_keyring()
    opener = kek.Keyring.of(configured.current, (*configured.previous, *old_keys, new_key))
    target = kek.Keyring.of(new_key)
    counts = {"rewrapped": 0, "migrated": 0, "unchanged": 0}
    sources: set[str] = set()
    for key in SigningKey.objects.select_for_update().filter(custody=SigningKey.Custody.SERVER).order_by("pk"):
        blob = bytes(key.pkcs12)
        kid = kek.sealed_key_id(blob)
        if kid == target.current_id:
            counts["unchanged"] += 1
            if key.kek_id != kid:
                SigningKey.objects.filter(pk=key.pk).update(kek_id=kid)
            continue
        if kid is None:
            if not looks_like_pkcs12(blob):
                raise KeyAccessError(f"signing key {key.pk}: not a PKCS#12 key store", code=SignatureError.KEK_UNAVAILABLE)
            inner, counts["migrated"] = blob, counts["migrated"] + 1
        else:
            inner, counts["rewrapped"] = opener.open(blob), counts["rewrapped"] + 1
            sources.add(kid)
        SigningKey.objects.filter(pk=key.pk).update(pkcs12=target.seal(inner), kek_id=target.current_id)
    audit_record(
        action=AuditAction.SIGNING_KEYS_REWRAP,
        actor=actor,
        data={"kek_id": target.current_id, "from_kek_ids": sorted(sources), **counts},
    )
    return {"kek_id": target.current_id, **counts}


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
