"""PKCS#12 key stores: how server-held keys are kept (encrypted, PIN-protected).

A store made here is PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for the key and the certificates,
with ``iterations`` rounds, and its integrity MAC is HMAC-SHA256 with a key derived by the PKCS#12
KDF over ``2 × iterations`` rounds. cryptography's builder always writes the MAC with 2,048 rounds
(OpenSSL's default), and that MAC is the cheapest way to test a guessed PIN: the store is written
by cryptography, then its MAC is computed again here with the full count, so no part of the store
checks a PIN more cheaply than PBKDF2 with ``iterations`` rounds. (One PKCS#12-KDF round is one
SHA-256 compression, one PBKDF2-HMAC round two: hence the factor 2.)

On top of this, the database keeps the store only sealed under the key-encryption key
(:mod:`signatures.pki.kek`); this module knows nothing of that.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from asn1crypto import algos
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from signatures.pki.errors import KeyAccessError, WrongPinError
from signatures.pki.issuing import Credential

# PBKDF2 rounds of new stores when the caller does not say (the application passes its setting,
# QLVB_KEY_KDF_ITERATIONS); OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
KDF_ROUNDS = 600_000
# What the stores of the old format used: PBES2 with 100,000 rounds, and a MAC with 2,048.
LEGACY_KDF_ROUNDS = 100_000
LEGACY_MAC_ROUNDS = 2_048
MAC_SALT_BYTES = 16


DEMO_PIN_DIGITS = 10


def is_simple_pin(pin: str) -> bool:
    """One repeated character (``00000000``), or a run up or down (``12345678``, ``1234567890``,
    ``98765432``, ``abcdefgh``)."""
    if len(set(pin)) <= 1:
        return True
    pairs = list(zip(pin.lower(), pin[1:].lower(), strict=False))
    if pin.isascii() and pin.isdigit():
        return {(int(b) - int(a)) % 10 for a, b in pairs} in ({1}, {9})
    if pin.isascii() and pin.isalpha():
        return {ord(b) - ord(a) for a, b in pairs} in ({1}, {-1})
    return False


def new_pin(digits: int = DEMO_PIN_DIGITS) -> str:
    """A random PIN of ``digits`` digits that is not a simple one (for demo and test keys)."""
    while True:
        pin = "".join(secrets.choice("0123456789") for _ in range(digits))
        if not is_simple_pin(pin):
            return pin


def export_pkcs12(
    credential: Credential, pin: str, *, friendly_name: str | None = None, iterations: int = KDF_ROUNDS
) -> bytes:
    """Serialize key, certificate and issuer chain, encrypted with AES-256-CBC (PBES2, SHA-256) under
    ``pin`` with ``iterations`` PBKDF2 rounds, its MAC (HMAC-SHA256) keyed over twice as many rounds."""
    data = _serialize(credential, pin, friendly_name=friendly_name, iterations=iterations)
    return remac(data, pin, iterations=2 * iterations)


def export_pkcs12_legacy(credential: Credential, pin: str, *, friendly_name: str | None = None) -> bytes:
    """A store of the old format (PBES2 with 100,000 rounds, MAC with 2,048): for migration tests
    and the cost benchmark only."""
    return _serialize(credential, pin, friendly_name=friendly_name, iterations=LEGACY_KDF_ROUNDS)


def _serialize(credential: Credential, pin: str, *, friendly_name: str | None, iterations: int) -> bytes:
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(iterations)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin.encode("utf-8"))
    )
    name = (friendly_name or credential.slug or "key").encode("utf-8")
    return pkcs12.serialize_key_and_certificates(
        name, credential.key, credential.cert, list(credential.chain) or None, encryption
    )


def pkcs12_kdf_sha256(password: str, salt: bytes, iterations: int, *, purpose: int = 3, length: int = 32) -> bytes:
    """The PKCS#12 key derivation (RFC 7292, appendix B.2) with SHA-256, for one hash-length output.

    ``purpose`` 3 derives a MAC key. The password is the BMPString of the text with its two-byte
    terminator, as PKCS#12 wants.
    """
    if length > 32:
        raise ValueError("one SHA-256 block of output only")
    v = 64  # SHA-256 block size
    diversifier = bytes([purpose]) * v
    secret = password.encode("utf-16-be") + b"\0\0"

    def stretched(value: bytes) -> bytes:
        if not value:
            return b""
        size = v * -(-len(value) // v)
        return (value * (size // len(value) + 1))[:size]

    digest = hashlib.sha256(diversifier + stretched(salt) + stretched(secret)).digest()
    sha256 = hashlib.sha256
    for _ in range(iterations - 1):
        digest = sha256(digest).digest()
    return digest[:length]


def remac(data: bytes, pin: str, *, iterations: int) -> bytes:
    """``data`` (a PKCS#12 store under ``pin``) with its MAC computed again: HMAC-SHA256, a fresh salt,
    its key derived over ``iterations`` rounds."""
    pfx = asn1_pkcs12.Pfx.load(data)
    content = pfx["auth_safe"]["content"].contents
    salt = secrets.token_bytes(MAC_SALT_BYTES)
    key = pkcs12_kdf_sha256(pin, salt, iterations)
    mac_data = asn1_pkcs12.MacData(
        {
            "mac": algos.DigestInfo(
                {
                    "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256", "parameters": None}),
                    "digest": hmac.new(key, content, hashlib.sha256).digest(),
                }
            ),
            "mac_salt": salt,
            "iterations": iterations,
        }
    )
    return asn1_pkcs12.Pfx({"version": "v3", "auth_safe": pfx["auth_safe"].copy(), "mac_data": mac_data}).dump()


@dataclass(frozen=True)
class StoreCost:
    """What testing one guessed PIN against a PKCS#12 store costs, read from its structure."""

    mac_iterations: int
    mac_hash: str
    # (scheme, PBKDF2 rounds or None) of every encrypted part: the key bag and the certificate bag
    encryptions: tuple[tuple[str, int | None], ...]

    @property
    def all_pbes2(self) -> bool:
        return bool(self.encryptions) and all(scheme == "pbes2" for scheme, _ in self.encryptions)

    @property
    def min_kdf_iterations(self) -> int:
        return min((rounds or 0 for _, rounds in self.encryptions), default=0)

    def meets(self, iterations: int) -> bool:
        """PBES2 everywhere with at least ``iterations`` rounds, and a MAC at least as costly."""
        return self.all_pbes2 and self.min_kdf_iterations >= iterations and self.mac_iterations >= 2 * iterations


def store_cost(data: bytes) -> StoreCost:
    """The ciphers and round counts of a PKCS#12 store (no PIN needed: they are in the clear)."""
    try:
        pfx = asn1_pkcs12.Pfx.load(bytes(data))
        mac = pfx["mac_data"]
        encryptions: list[tuple[str, int | None]] = []
        for info in pfx.authenticated_safe:
            if info["content_type"].native == "encrypted_data":
                algorithm = info["content"]["encrypted_content_info"]["content_encryption_algorithm"]
                encryptions.append(_scheme(algorithm))
            elif info["content_type"].native == "data":
                for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                    if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                        encryptions.append(_scheme(bag["bag_value"]["encryption_algorithm"]))
        return StoreCost(
            mac_iterations=int(mac["iterations"].native) if mac.native else 0,
            mac_hash=mac["mac"]["digest_algorithm"]["algorithm"].native if mac.native else "",
            encryptions=tuple(encryptions),
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise KeyAccessError("Not a PKCS#12 key store") from exc


def _scheme(algorithm) -> tuple[str, int | None]:
    name = algorithm["algorithm"].native
    try:
        return name, algorithm.kdf_iterations
    except ValueError:
        return name, None


def load_pkcs12(data: bytes, pin: str) -> Credential:
    """Open a PKCS#12 store; a wrong PIN raises :class:`WrongPinError`."""
    try:
        loaded = pkcs12.load_pkcs12(data, pin.encode("utf-8"))
    except ValueError as exc:
        # cryptography reports a bad password and corrupt data alike; a
        # structurally valid file that fails to open is a PIN problem.
        if looks_like_pkcs12(data):
            raise WrongPinError("PKCS#12 store did not open with the given PIN") from None
        raise KeyAccessError("Not a PKCS#12 key store") from exc
    if loaded.key is None or loaded.cert is None:
        raise KeyAccessError("PKCS#12 store holds no key with a certificate")
    chain = tuple(c.certificate for c in loaded.additional_certs)
    slug = (loaded.cert.friendly_name or b"").decode("utf-8", "replace")
    return Credential(key=loaded.key, cert=loaded.cert.certificate, chain=chain, slug=slug)


def looks_like_pkcs12(data: bytes) -> bool:
    try:
        return asn1_pkcs12.Pfx.load(data)["auth_safe"]["content_type"].native == "data"
    except (ValueError, TypeError, KeyError):
        return False
