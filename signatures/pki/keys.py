"""Key custody: where signing keys live, behind one interface.

A :class:`SignerBackend` opens a pyHanko ``Signer`` for one signing
operation, given the PIN the user types at that moment:

* :class:`Pkcs12Backend` – keys held by the server as encrypted PKCS#12
  bytes (e.g. the organization's seal key kept for the clerk);
* :class:`Pkcs11Backend` – keys on a PKCS#11 token or HSM.

USB tokens plugged into the user's own computer sign through the two-phase
flow in :mod:`signatures.pdf.external` instead, since the key never reaches the
server. PINs are only passed through: never stored on the backend, never
logged, never put in an error message.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Protocol

import pkcs11
from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from signatures.pki.errors import KeyAccessError, KeyLockedError, WrongPinError
from signatures.pki.issuing import Credential, to_asn1
from signatures.pki.pkcs12 import load_pkcs12

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


class SignerBackend(Protocol):
    """Something that can lend a pyHanko signer for the length of a ``with`` block."""

    def open(self, pin: str) -> AbstractContextManager[signers.Signer]:
        """Unlock the key with ``pin`` and lend a signer; raises :class:`WrongPinError` on a bad PIN."""
        ...


class InMemoryKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, signing RSA with the already loaded key.

    SimpleSigner re-parses the private key for every signature, and parsing
    an RSA key (with its consistency checks) costs far more than signing.
    """

    def __init__(self, credential: Credential):
        key_der = credential.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        super().__init__(
            signing_cert=to_asn1(credential.cert),
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in credential.chain]),
        )
        self._key = credential.key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
            return self._key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


def signer_from_credential(credential: Credential) -> signers.SimpleSigner:
    """A pyHanko signer for a key held in memory, with its issuer chain."""
    return InMemoryKeySigner(credential)


@dataclass(frozen=True)
class Pkcs12Backend:
    """A server-held key: encrypted PKCS#12 bytes, opened with the PIN at signing time."""

    data: bytes = field(repr=False)

    @contextmanager
    def open(self, pin: str) -> Iterator[signers.Signer]:
        credential = load_pkcs12(self.data, pin)
        yield signer_from_credential(credential)


@dataclass(frozen=True)
class Pkcs11Backend:
    """A key on a PKCS#11 token or HSM, found by token label and key label."""

    token_label: str
    key_label: str
    module_path: str = SOFTHSM_MODULE
    cert_label: str | None = None
    chain: tuple[x509.Certificate, ...] = ()

    @contextmanager
    def open(self, pin: str) -> Iterator[signers.Signer]:
        try:
            session = open_pkcs11_session(
                self.module_path, token_criteria=TokenCriteria(label=self.token_label), user_pin=pin
            )
        except pkcs11.exceptions.PinIncorrect:
            raise WrongPinError(f"wrong PIN for token {self.token_label!r}") from None
        except pkcs11.exceptions.PinLocked:
            raise KeyLockedError(f"token {self.token_label!r} is locked") from None
        except (pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
            raise KeyAccessError(
                f"cannot open token {self.token_label!r}: {type(exc).__name__}: {exc}"
            ) from None
        try:
            signer = PKCS11Signer(
                session,
                cert_label=self.cert_label or self.key_label,
                key_label=self.key_label,
                ca_chain=[to_asn1(c) for c in self.chain],
            )
            try:
                signer.signing_cert  # noqa: B018 - load key and certificate now, fail early
            except (pkcs11.PKCS11Error, SigningError) as exc:
                raise KeyAccessError(
                    f"key {self.key_label!r} not usable on token {self.token_label!r}: {exc}"
                ) from None
            yield signer
        finally:
            session.close()
