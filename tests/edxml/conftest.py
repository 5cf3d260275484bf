"""Shared fixtures for the edXML library tests (no database needed)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parents[2]
# The shared reference material sits beside the repository (as for the axis tests).
FIXTURES = Path(os.environ.get("QLVB_EDXML_FIXTURES", REPO.parent / "shared" / "fixtures" / "edxml"))
VNPT_BUILT = FIXTURES / "vnpt-built"
# The two public samples that are not well-formed XML (see SOURCES.md).
MALFORMED = {
    "PVN-Organization__API-Gateway-iOffice/JDK_1.8/SDKVXP_Example/resources/edoc_new.edxml",
    "all4u1089__truclienthong-example/resources/edoc.edxml",
}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.edxml"))


def fixture_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@dataclass(frozen=True)
class SigningMaterial:
    key_pem: bytes
    cert_pem: bytes
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def make_signing_material(common_name: str = "Văn thư Văn phòng Chính phủ") -> SigningMaterial:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return SigningMaterial(
        key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM),
        key=key,
        cert=cert,
    )


@pytest.fixture(scope="session")
def signing_material() -> SigningMaterial:
    return make_signing_material()
