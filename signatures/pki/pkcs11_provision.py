"""Putting a key and its certificate on a PKCS#11 token (SoftHSM in development and tests).

Real tokens are provisioned by the CA; this loads demo credentials so the
PKCS#11 code path can be exercised without hardware.
"""

import subprocess
from pathlib import Path

import pkcs11
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute
from pkcs11.util.rsa import decode_rsa_private_key
from pkcs11.util.x509 import decode_x509_certificate

from signatures.pki.issuing import Credential


def write_softhsm_config(directory: Path) -> Path:
    """A SoftHSM2 config keeping tokens under ``directory``; point SOFTHSM2_CONF at it."""
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    config = directory / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    return config


def init_softhsm_token(label: str, pin: str, so_pin: str, env: dict[str, str]) -> None:
    """Create a token in the first free slot with ``softhsm2-util``."""
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def import_credential(
    module_path: str, token_label: str, pin: str, credential: Credential, label: str
) -> None:
    """Store the private key (sensitive, non-extractable) and certificate under ``label``."""
    key_id = credential.cert.fingerprint(credential.cert.signature_hash_algorithm)[:16]
    key_der = credential.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    key_attrs = decode_rsa_private_key(key_der)
    key_attrs.update(
        {
            Attribute.LABEL: label,
            Attribute.ID: key_id,
            Attribute.TOKEN: True,
            Attribute.PRIVATE: True,
            Attribute.SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.SIGN: True,
            Attribute.DECRYPT: False,
            Attribute.UNWRAP: False,
        }
    )
    cert_attrs = decode_x509_certificate(credential.cert.public_bytes(serialization.Encoding.DER))
    cert_attrs.update({Attribute.LABEL: label, Attribute.ID: key_id, Attribute.TOKEN: True})
    token = pkcs11.lib(module_path).get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object(key_attrs)
        session.create_object(cert_attrs)
