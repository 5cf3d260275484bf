"""Create the demo CA hierarchy and a server-held key for every demo leader and organization.

    python manage.py pki_init [--out DIR] [--base-url URL] [--reset] [--reissue]

The CA (root standing in for the Government CA, issuing CA, timestamp authority, OCSP responder)
is kept in QLVB_PKI_DIR and reused on later runs; its root becomes a trust anchor. Each demo leader
(qlvb.demo.cast.PEOPLE with the leader role) and demo organization present in the database gets a key
kept encrypted in the database, and a drawn signature or seal image if it has none.

Key stores and PINs of the keys issued by the run are written to QLVB_PKI_DIR/demo-keys and, with
``--out DIR``, to DIR as well: ``<name>.p12`` and ``<name>.pin`` (name = the leader's username or
the organization's organ id), with ``root.pem`` and ``keys.json``. Since a PIN is never kept in
clear, ``--out`` issues fresh keys for everyone.
"""

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand

from qlvb.demo.pki import IssuedKey, demo_keys_issue, hosted_pki_open, hosted_pki_register
from signatures import conf


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        os.chmod(path, 0o600)


def write_key_files(directory: Path, issued: list[IssuedKey]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for key in issued:
        _write(directory / f"{key.name}.p12", key.pkcs12, private=True)
        _write(directory / f"{key.name}.pin", (key.pin + "\n").encode(), private=True)


class Command(BaseCommand):
    help = "Create the demo PKI: CA hierarchy, trust anchor, and server-held keys of the demo leaders and organizations."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="also write root.pem and each <name>.p12 / <name>.pin here")
        parser.add_argument("--base-url", help="URL prefix of the CRL/OCSP endpoints (default QLVB_PKI_BASE_URL)")
        parser.add_argument("--reset", action="store_true", help="create a new CA hierarchy even if one exists")
        parser.add_argument("--reissue", action="store_true", help="issue new keys even to holders that have one")

    def handle(self, *args, out: Path | None, base_url: str | None, reset: bool, reissue: bool, **options):
        base_url = (base_url or conf.pki_base_url()).rstrip("/")
        authority, created = hosted_pki_open(base_url=base_url, reset=reset)
        if not created and authority.urls.base_url.rstrip("/") != base_url:
            self.stderr.write(self.style.WARNING(
                f"The CA in {authority.directory} publishes its CRL/OCSP at {authority.urls.base_url}, "
                f"not {base_url}: run with --reset to create a CA for the new address."
            ))
        hosted_pki_register(authority=authority)
        issued = demo_keys_issue(authority=authority, reissue=reissue or out is not None or created)
        write_key_files(authority.directory / "demo-keys", issued)
        if out is not None:
            write_key_files(out, issued)
            _write(out / "root.pem", authority.root.cert.public_bytes(serialization.Encoding.PEM))
            manifest = [
                {"name": k.name, "kind": k.kind, "holder": k.holder, "certificate_serial": k.serial,
                 "p12": f"{k.name}.p12", "pin": f"{k.name}.pin"}
                for k in issued
            ]
            _write(out / "keys.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode())
        leaders = sum(1 for k in issued if k.kind == "leader")
        self.stdout.write(self.style.SUCCESS(
            f"PKI {'created' if created else 'reused'} in {authority.directory} (CRL/OCSP at {authority.urls.base_url}); "
            f"trust anchor: {authority.root.cert.subject.rfc4514_string()}; "
            f"issued {leaders} leader keys and {len(issued) - leaders} organization seal keys."
        ))
        if issued:
            self.stdout.write(f"Key stores and PINs: {out or authority.directory / 'demo-keys'}")
        elif not created:
            self.stdout.write("Every demo leader and organization already has a key (use --reissue for new ones).")
