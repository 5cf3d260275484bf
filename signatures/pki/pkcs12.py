"""PKCS#12 key stores: how server-held keys are kept (encrypted, PIN-protected)."""

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from signatures.pki.errors import KeyAccessError, WrongPinError
from signatures.pki.issuing import Credential

# Enough rounds to slow guessing, few enough to open in well under a second.
KDF_ROUNDS = 100_000


def export_pkcs12(credential: Credential, pin: str, *, friendly_name: str | None = None) -> bytes:
    """Serialize key, certificate and issuer chain, encrypted with AES-256-CBC (PBES2, SHA-256)."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin.encode("utf-8"))
    )
    name = (friendly_name or credential.slug or "key").encode("utf-8")
    return pkcs12.serialize_key_and_certificates(
        name, credential.key, credential.cert, list(credential.chain) or None, encryption
    )


def load_pkcs12(data: bytes, pin: str) -> Credential:
    """Open a PKCS#12 store; a wrong PIN raises :class:`WrongPinError`."""
    try:
        loaded = pkcs12.load_pkcs12(data, pin.encode("utf-8"))
    except ValueError as exc:
        # cryptography reports a bad password and corrupt data alike; a
        # structurally valid file that fails to open is a PIN problem.
        if _looks_like_pkcs12(data):
            raise WrongPinError("PKCS#12 store did not open with the given PIN") from None
        raise KeyAccessError("Not a PKCS#12 key store") from exc
    if loaded.key is None or loaded.cert is None:
        raise KeyAccessError("PKCS#12 store holds no key with a certificate")
    chain = tuple(c.certificate for c in loaded.additional_certs)
    slug = (loaded.cert.friendly_name or b"").decode("utf-8", "replace")
    return Credential(key=loaded.key, cert=loaded.cert.certificate, chain=chain, slug=slug)


def _looks_like_pkcs12(data: bytes) -> bool:
    try:
        return asn1_pkcs12.Pfx.load(data)["auth_safe"]["content_type"].native == "data"
    except (ValueError, TypeError, KeyError):
        return False
