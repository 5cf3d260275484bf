"""The hosted CA on disk: the certificate authority this system runs (a demo stand-in for the
Government CA), kept in a directory — QLVB_PKI_DIR in the application.

``manage.py pki_init`` writes it (:func:`write_demo_hierarchy`); the application publishes the CA's
CRLs and OCSP answers from its keys (:mod:`signatures.services.publication`), the timestamp server
signs with its TSA key (``python -m signatures.tsa serve --dir``), and tests and benchmarks add key
stores of demo people and organizations to it.

Layout of the directory::

    pki.json                  manifest: base URL, people, organizations
    root.pem                  trust anchor to configure in verifiers
    root.key.pem              CA keys, kept for reuse (unencrypted: demo only)
    issuing.pem issuing.key.pem
    tsa.pem tsa.key.pem       timestamp authority
    ocsp.pem ocsp.key.pem     delegated OCSP responder of the issuing CA
    revoked.json              revoked lists, per CA slug
    <slug>.p12 <slug>.pin     one key store and its PIN per person/organization
    <slug>.png                the person's signature image / the organization's seal

Slugs are the ASCII-folded, lower-case, hyphenated name (``Nguyễn Văn A`` →
``nguyen-van-a``); organizations use their short name (``BTTTT`` → ``btttt``).
A clash gets ``-2``, ``-3``… appended.
"""

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from signatures.pki import images, pkcs12
from signatures.pki.issuing import (
    Credential,
    PkiUrls,
    create_issuing_ca,
    create_root_ca,
    issue_ocsp_responder,
    issue_organization,
    issue_person,
    issue_tsa,
)
from signatures.pki.revocation import RevokedCertificate, answer_ocsp, build_crl, revoke
from signatures.pki.tsa import TimestampAuthority

CA_FILES = ("root", "issuing", "tsa", "ocsp")


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese name: ``Bộ Thông tin và Truyền thông`` → ``bo-thong-tin-va-truyen-thong``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass
class DemoPki:
    """The CA credentials of a demo directory and the services built on them."""

    directory: Path
    urls: PkiUrls
    root: Credential
    issuing: Credential
    tsa: Credential
    ocsp: Credential
    revoked: dict[str, list[RevokedCertificate]] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)

    @property
    def trust_roots(self) -> list[x509.Certificate]:
        return [self.root.cert]

    def ca(self, slug: str) -> Credential:
        cas = {"root": self.root, "issuing": self.issuing}
        if slug not in cas:
            raise KeyError(f"no CA {slug!r}")
        return cas[slug]

    def revoke(
        self,
        cert: x509.Certificate,
        *,
        at: datetime | None = None,
        reason: x509.ReasonFlags = x509.ReasonFlags.unspecified,
    ) -> None:
        """Revoke ``cert`` (issued by the root or the issuing CA) and save the revoked lists."""
        slug = "root" if cert.issuer == self.root.cert.subject else "issuing"
        self.revoked.setdefault(slug, []).append(revoke(cert, at=at, reason=reason))
        lists = {ca: [entry.to_dict() for entry in entries] for ca, entries in self.revoked.items()}
        _write(self.directory / "revoked.json", json.dumps(lists, indent=2).encode())

    def crl(self, ca_slug: str) -> bytes:
        """Current DER CRL of the CA ``root`` or ``issuing``."""
        return build_crl(self.ca(ca_slug), self.revoked.get(ca_slug, []))

    def ocsp_response(self, request_der: bytes) -> bytes:
        """Answer an OCSP request about a certificate of the issuing CA."""
        return answer_ocsp(
            request_der, issuer=self.issuing, responder=self.ocsp, revoked=self.revoked.get("issuing", [])
        )

    def timestamp_authority(self) -> TimestampAuthority:
        return TimestampAuthority(self.tsa)

    def fetch(self, url: str, body: bytes | None = None) -> bytes:
        """Serve this PKI's URLs in-process (same contract as :func:`signatures.pki.revinfo.http_fetch`)."""
        if url == self.urls.ocsp() and body is not None:
            return self.ocsp_response(body)
        for slug in ("root", "issuing"):
            if url == self.urls.crl(slug):
                return self.crl(slug)
            if url == self.urls.ca_certificate(slug):
                return self.ca(slug).cert.public_bytes(serialization.Encoding.DER)
        raise LookupError(f"unknown PKI URL {url}")

    def credential(self, slug: str) -> Credential:
        """Open the key store of a person or organization written in this directory."""
        pin = (self.directory / f"{slug}.pin").read_text().strip()
        return pkcs12.load_pkcs12((self.directory / f"{slug}.p12").read_bytes(), pin)


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        os.chmod(path, 0o600)


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _pem_key(cred: Credential) -> bytes:
    return cred.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in taken or candidate in CA_FILES:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def write_demo_hierarchy(
    out_dir: str | Path,
    people: Iterable[tuple[str, str, str]] = (),
    organizations: Iterable[tuple[str, str]] = (),
    *,
    base_url: str = "http://127.0.0.1:8000/pki",
    iterations: int = pkcs12.KDF_ROUNDS,
) -> DemoPki:
    """Create the CA hierarchy and a key store per person ``(name, organization, title)``
    and per organization ``(name, short_name)`` in ``out_dir`` (PINs of 10 random digits, the
    stores with ``iterations`` PBKDF2 rounds)."""
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    urls = PkiUrls(base_url)
    root = create_root_ca()
    issuing = create_issuing_ca(root, urls)
    demo = DemoPki(directory, urls, root, issuing, issue_tsa(issuing, urls), issue_ocsp_responder(issuing))
    for slug in CA_FILES:
        cred = getattr(demo, slug)
        _write(directory / f"{slug}.pem", _pem_cert(cred.cert))
        _write(directory / f"{slug}.key.pem", _pem_key(cred), private=True)
    _write(directory / "revoked.json", b"{}")

    taken: set[str] = set()
    entries: list[dict] = []
    for name, org, title in people:
        slug = _unique(slugify(name), taken)
        cred = issue_person(issuing, urls, full_name=name, organization=org, title=title, slug=slug)
        _store(directory, slug, cred, images.signature_png(name), iterations)
        entries.append({"kind": "person", "slug": slug, "name": name, "organization": org, "title": title})
    for name, short in organizations:
        slug = _unique(slugify(short), taken)
        cred = issue_organization(issuing, urls, name=name, slug=slug)
        _store(directory, slug, cred, images.seal_png(name), iterations)
        entries.append({"kind": "organization", "slug": slug, "name": name, "short_name": short})

    demo.manifest = {"base_url": base_url, "entries": entries}
    _write(directory / "pki.json", json.dumps(demo.manifest, ensure_ascii=False, indent=2).encode())
    return demo


def _store(directory: Path, slug: str, cred: Credential, image: bytes, iterations: int) -> None:
    pin = pkcs12.new_pin()
    _write(directory / f"{slug}.p12", pkcs12.export_pkcs12(cred, pin, iterations=iterations), private=True)
    _write(directory / f"{slug}.pin", (pin + "\n").encode(), private=True)
    _write(directory / f"{slug}.png", image)


def _load_credential(directory: Path, slug: str, chain: tuple[x509.Certificate, ...]) -> Credential:
    cert = x509.load_pem_x509_certificate((directory / f"{slug}.pem").read_bytes())
    key = serialization.load_pem_private_key((directory / f"{slug}.key.pem").read_bytes(), None)
    return Credential(key=key, cert=cert, chain=chain, slug=slug)


def load_demo_pki(directory: str | Path) -> DemoPki:
    """Read a directory written by :func:`write_demo_hierarchy`."""
    directory = Path(directory)
    manifest = json.loads((directory / "pki.json").read_text())
    root = _load_credential(directory, "root", ())
    issuing = _load_credential(directory, "issuing", (root.cert,))
    below_issuing = (issuing.cert, root.cert)
    revoked_raw = json.loads((directory / "revoked.json").read_text())
    return DemoPki(
        directory=directory,
        urls=PkiUrls(manifest["base_url"]),
        root=root,
        issuing=issuing,
        tsa=_load_credential(directory, "tsa", below_issuing),
        ocsp=_load_credential(directory, "ocsp", below_issuing),
        revoked={k: [RevokedCertificate.from_dict(e) for e in v] for k, v in revoked_raw.items()},
        manifest=manifest,
    )
