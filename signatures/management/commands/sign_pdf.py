"""Sign a PDF with a PKCS#12 key store, as a leader or as an organization.

    python manage.py sign_pdf IN.pdf OUT.pdf --p12 FILE.p12 --pin PIN [--seal] [--stamp-text TEXT]

Without ``--seal``/``--stamp-text``: the leader's signature, with the signature image between the
title line and the signer's name (the certificate's common name) found in the text.
``--seal``: the organization's signature, the seal over the left third of the leader's signature
(refused unless that signature is valid and trusted, the key store holds an organization's key, and
the leader's certificate names that same organization: an organization seals only its own
documents, the rule the application follows, signatures.services.signing.seal_organization_check).
``--stamp-text TEXT``: the organization's signature on an attachment or copy, no image, the line
``TEXT; <signing time>`` at the top right of page 1.

The timestamp comes from QLVB_TSA_URL (or ``--tsa-url``) when it answers; otherwise the file is
signed without one (PAdES B-B) and a warning is printed. Trust roots for checking the leader's
signature before sealing: the trust store in the database and ``--trust`` files.
"""

from pathlib import Path

from cryptography import x509
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from signatures import conf
from signatures.errors import SignatureServiceError
from signatures.pdf import pades, signing
from signatures.pdf.appearance import Placement
from signatures.pki import images, keys
from signatures.pki.certificates import load_certificates
from signatures.pki.issuing import subject_field
from signatures.pki.pkcs12 import load_pkcs12
from signatures.pki.tsa import http_timestamper
from signatures.selectors.certificates import trust_anchor_list
from signatures.services import publication
from signatures.services.signing import seal_organization_check


def trust_roots(extra: list[Path]) -> list[x509.Certificate]:
    """The database trust store (when there is a database to read) and the given PEM/DER files."""
    try:
        roots = trust_anchor_list()
    except DatabaseError:
        roots = []
    for path in extra:
        roots += load_certificates(path.read_bytes())
    return roots


def parse_placement(text: str) -> Placement:
    try:
        page, x, y, width, height = (float(v) for v in text.split(","))
    except ValueError:
        raise CommandError("--placement is PAGE,X,Y,WIDTH,HEIGHT (page from 1, PDF points)") from None
    return Placement(int(page) - 1, x, y, width, height)


class Command(BaseCommand):
    help = "Sign a PDF with a PKCS#12 key store: as a leader, with --seal as the organization, or with --stamp-text on an attachment."

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)
        parser.add_argument("--p12", type=Path, required=True, help="PKCS#12 key store (.p12, .pfx)")
        parser.add_argument("--pin", required=True, help="PIN of the key store")
        parser.add_argument("--seal", action="store_true", help="the organization's seal over the leader's signature")
        parser.add_argument("--stamp-text", help="the organization's signature on an attachment: number and symbol")
        parser.add_argument("--image", type=Path, help="signature or seal image (transparent PNG); drawn if omitted")
        parser.add_argument("--signer-name", help="name to look for under the signature (default: certificate CN)")
        parser.add_argument("--placement", help="PAGE,X,Y,WIDTH,HEIGHT instead of finding the signing block")
        parser.add_argument("--tsa-url", help="RFC 3161 timestamp authority (default QLVB_TSA_URL)")
        parser.add_argument("--no-timestamp", action="store_true", help="sign without a timestamp (PAdES B-B)")
        parser.add_argument("--trust", type=Path, action="append", default=[], help="extra trusted root (PEM/DER)")

    def handle(self, *args, **options):
        try:
            self._sign(**options)
        except SignatureServiceError as exc:
            english, local = exc.text("en"), exc.user_message
            raise CommandError(english if english == local else f"{english}\n{local}") from exc

    def _sign(self, *, input: Path, output: Path, p12: Path, pin: str, seal: bool, stamp_text: str | None,
              image: Path | None, signer_name: str | None, placement: str | None, tsa_url: str | None,
              no_timestamp: bool, trust: list[Path], **options):  # noqa: A002 - argparse names
        pdf = input.read_bytes()
        credential = load_pkcs12(p12.read_bytes(), pin)
        signer = keys.signer_from_credential(credential)
        tsa = tsa_url or conf.tsa_url()
        policy = pades.SigningPolicy(
            level=pades.Level.B_B if no_timestamp else pades.Level.B_T,
            timestamper=None if no_timestamp else http_timestamper(tsa, timeout=conf.tsa_timeout()),
            allow_without_timestamp=True,
            trust_roots=tuple(trust_roots(trust)),
            fetch=publication.revocation_fetch(),
        )
        name = subject_field(credential.cert, x509.oid.NameOID.COMMON_NAME) or ""
        organization = subject_field(credential.cert, x509.oid.NameOID.ORGANIZATION_NAME) or name
        picture = image.read_bytes() if image else None
        if stamp_text:
            signed = signing.seal_attachment(pdf, signer, document_number=stamp_text, policy=policy)
        elif seal:
            signed = signing.seal_document(
                pdf, signer, seal_image=picture or images.seal_png(organization), policy=policy,
                trust_roots=policy.trust_roots, fetch=policy.fetch,
                leader_check=lambda leader: seal_organization_check(leader=leader, seal_certificate=credential.cert),
            )
        else:
            signed = signing.sign_as_leader(
                pdf, signer, signature_image=picture or images.signature_png(signer_name or name), policy=policy,
                signer_name=signer_name or name, placement=parse_placement(placement) if placement else None,
            )
        output.write_bytes(signed.data)
        if signed.level is pades.Level.B_B and not no_timestamp:
            self.stderr.write(self.style.WARNING(
                f"Không kết nối được máy chủ cấp dấu thời gian {tsa}: đã ký không có dấu thời gian (PAdES B-B)."
            ))
        self.stdout.write(
            f"Đã ký {output} ({signed.level.value}, trường {signed.field_name}, SHA-256 {signed.sha256})"
        )
