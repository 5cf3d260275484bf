"""The key-encryption key (KEK): server-held key stores are kept in the database only sealed under
a key that is not in the database (a file or an environment variable).

A sealed blob is ``MAGIC | kid (8 bytes) | nonce (12 bytes) | AES-256-GCM(ciphertext + tag)``; the
magic and the kid are authenticated data, so a blob cannot be relabelled. The kid is derived from
the key itself (the first 8 bytes of a SHA-256 over it), so a key file needs no separate id and a
keyring finds the right key for any blob. A blob without the magic is a key store of the old format
(a bare PKCS#12): :func:`is_sealed` tells them apart, for the rotation command that migrates them.

A KEK is written as base64 text of 32 random bytes (:func:`new_key_text`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from signatures.pki.errors import KeyAccessError

MAGIC = b"QLVB-KW1"
KID_BYTES = 8
NONCE_BYTES = 12
KEY_BYTES = 32
_HEADER = len(MAGIC) + KID_BYTES + NONCE_BYTES


class KekError(KeyAccessError):
    """A sealed key store could not be opened with the configured key-encryption keys."""

    default_code = "kek_unavailable"


class KekMissingError(KekError):
    """No key-encryption key is configured: keys cannot be sealed or opened."""

    default_code = "kek_missing"


class KekMismatchError(KekError):
    """The blob was sealed under a key that is not configured, or it was altered."""

    default_code = "kek_mismatch"


class KekFormatError(ValueError):
    """A key-encryption key file or value that is not base64 of 32 bytes."""


def parse_key(text: str | bytes, *, source: str = "key") -> bytes:
    """The 32 bytes of a KEK written as base64 text (standard or URL-safe alphabet)."""
    raw = text.decode("ascii", "replace") if isinstance(text, bytes) else text
    raw = "".join(raw.split())
    try:
        key = base64.b64decode(raw.replace("-", "+").replace("_", "/") + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise KekFormatError(f"{source}: not base64") from None
    if len(key) != KEY_BYTES:
        raise KekFormatError(f"{source}: a key-encryption key is {KEY_BYTES} bytes, not {len(key)}")
    return key


def new_key_text() -> str:
    """A fresh KEK as base64 text (one line, with a newline)."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii") + "\n"


def read_key_file(path: Path) -> bytes:
    try:
        return parse_key(path.read_text(), source=str(path))
    except OSError as exc:
        raise KekFormatError(f"{path}: cannot read the key-encryption key ({exc.strerror})") from None


def create_key_file(path: Path) -> bool:
    """Write a fresh KEK to ``path`` with mode 0600 unless the file exists; whether it was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as handle:
        handle.write(new_key_text())
    return True


def key_id(key: bytes) -> str:
    """The public id of a KEK (16 hex digits), recorded with every blob sealed under it."""
    return hashlib.sha256(b"qlvb-kek-id\0" + key).digest()[:KID_BYTES].hex()


@dataclass(frozen=True)
class Keyring:
    """The current KEK (seals new blobs) and older ones still accepted for opening (during a rotation)."""

    current: bytes | None = field(default=None, repr=False)
    previous: tuple[bytes, ...] = field(default=(), repr=False)

    @classmethod
    def of(cls, current: bytes | None, previous: Iterable[bytes] = ()) -> Keyring:
        return cls(current, tuple(k for k in previous if k != current))

    @property
    def current_id(self) -> str | None:
        return key_id(self.current) if self.current is not None else None

    def _find(self, kid: str) -> bytes | None:
        for key in (self.current, *self.previous):
            if key is not None and key_id(key) == kid:
                return key
        return None

    def seal(self, data: bytes) -> bytes:
        """``data`` encrypted and authenticated under the current KEK."""
        if self.current is None:
            raise KekMissingError("no key-encryption key is configured: server-held keys cannot be stored")
        kid = bytes.fromhex(key_id(self.current))
        nonce = secrets.token_bytes(NONCE_BYTES)
        header = MAGIC + kid
        return header + nonce + AESGCM(self.current).encrypt(nonce, data, header)

    def open(self, blob: bytes) -> bytes:
        """The data sealed in ``blob``; :class:`KekError` when no configured key opens it."""
        kid = sealed_key_id(blob)
        if kid is None:
            raise KekError("not a sealed key store")
        if self.current is None and not self.previous:
            raise KekMissingError("no key-encryption key is configured: server-held keys cannot be opened")
        key = self._find(kid)
        if key is None:
            raise KekMismatchError(f"the key store is sealed under key-encryption key {kid}, which is not configured")
        header, nonce, body = blob[: len(MAGIC) + KID_BYTES], blob[len(MAGIC) + KID_BYTES : _HEADER], blob[_HEADER:]
        try:
            return AESGCM(key).decrypt(nonce, body, header)
        except InvalidTag:
            raise KekMismatchError(f"the key store sealed under {kid} fails authentication (altered?)") from None


def is_sealed(blob: bytes) -> bool:
    return bytes(blob[: len(MAGIC)]) == MAGIC and len(blob) > _HEADER


def sealed_key_id(blob: bytes) -> str | None:
    """The id of the KEK a blob is sealed under; None for a key store of the old format."""
    blob = bytes(blob)
    return blob[len(MAGIC) : len(MAGIC) + KID_BYTES].hex() if is_sealed(blob) else None
