"""Verify every signature of a PDF and print one JSON entry per signature.

    python manage.py verify_pdf FILE.pdf [--trust ROOT.pem]... [--no-fetch] [--at YYYY-MM-DD]

Each entry: signer, organization, signing time (ISO 8601, Vietnam time), intact, covers the whole
file, trusted (chains to the trust store in the database or a --trust root), revoked, expired,
timestamp, valid, and a Vietnamese summary. Revocation is checked through the CRL/OCSP URLs in
the certificates unless --no-fetch.

--at checks the file as of that date (00:00 UTC) instead of now, with only the validation data the
file carries (no fetching): an archived file (PAdES B-LTA, manage.py records_longterm_renew) stays
valid while its last archive timestamp holds; a signature whose timestamp has expired by then
without such a proof is reported as not provable ("not_provable").

Exit status: 0 when the file has signatures and all are valid; 1 when one is not valid or there
is none; 2 when the file cannot be read as a PDF.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from signatures.errors import InvalidPdfError
from signatures.management.commands.sign_pdf import trust_roots
from signatures.pdf.verify import verify_pdf
from signatures.services import publication

ENTRY_KEYS = (
    "field_name", "signer", "organization", "signing_time", "intact", "covers_whole_file", "trusted", "revoked",
    "expired", "timestamp", "archive_timestamp", "valid", "summary", "problems",
)


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise CommandError(f"--at takes a date YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Verify every signature of a PDF; print a JSON list; exit non-zero unless all are valid."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--trust", type=Path, action="append", default=[], help="extra trusted root (PEM/DER)")
        parser.add_argument("--no-fetch", action="store_true", help="do not fetch CRLs or OCSP answers")
        parser.add_argument(
            "--at", type=_date, default=None, metavar="YYYY-MM-DD",
            help="check as of that date (UTC), with the validation data in the file only (implies --no-fetch)",
        )

    def handle(self, *args, file: Path, trust: list[Path], no_fetch: bool, at: datetime | None = None, **options):
        fetch = None if no_fetch or at is not None else publication.revocation_fetch()
        try:
            reports = verify_pdf(file.read_bytes(), trust_roots=trust_roots(trust), fetch=fetch, now=at)
        except InvalidPdfError as exc:
            raise CommandError(exc.user_message, returncode=2) from exc
        entries = [{key: report.to_json()[key] for key in ENTRY_KEYS} for report in reports]
        self.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2))
        if not reports:
            raise CommandError("Tệp không có chữ ký số.", returncode=1)
        invalid = [report for report in reports if not report.valid]
        if invalid:
            raise CommandError(f"{len(invalid)}/{len(reports)} chữ ký số không hợp lệ.", returncode=1)
