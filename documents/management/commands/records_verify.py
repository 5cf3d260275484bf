"""Check a records package offline (no network): the SHA-256 of every member against the manifest,
the index against its schema and against the files (every document present, every file listed,
ordinals 1..n), and every signature of every PDF (integrity, and the chain to the roots shipped in
the package or in the local trust store).

    python manage.py records_verify goi.zip [--trust ROOT.pem]... [--audit-key-file FILE]

Exit status: 0 when nothing is wrong, 1 when a problem is found (each one printed), 2 when the
package cannot be read at all (not a zip, a hostile member).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.services.records.package_format import PackageError
from documents.services.records.packages import record_package_verify


def local_roots(extra: list[Path]):
    """The local trust store (when a database is at hand) and the --trust roots."""
    from signatures.management.commands.sign_pdf import trust_roots

    return trust_roots(extra)


class Command(BaseCommand):
    help = "Verify a records package offline: checksums, signatures, completeness. Non-zero exit on any problem."

    def add_arguments(self, parser):
        parser.add_argument("package", type=Path)
        parser.add_argument("--trust", type=Path, action="append", default=[], help="extra trusted root (PEM/DER)")
        parser.add_argument("--audit-key-file", type=Path, help="the exporting system's audit key (hex), to "
                                                                "recompute the MACs of the audit events")

    def handle(self, *args, package: Path, trust: list[Path], audit_key_file: Path | None, **options):
        key = bytes.fromhex(audit_key_file.read_text().strip()) if audit_key_file else None
        try:
            report = record_package_verify(package, trust_roots=local_roots(trust), audit_key=key)
        except (PackageError, OSError) as exc:
            raise CommandError(f"cannot read {package}: {getattr(exc, 'message', exc)}", returncode=2) from exc
        self.stdout.write(f"package {package}: manifest SHA-256 {report.manifest_sha256}")
        self.stdout.write(f"checked: {report.records} hồ sơ, {report.documents} document(s), {report.files} "
                          f"file(s), {report.signatures} signature(s)")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for problem in report.problems:
            self.stderr.write(f"PROBLEM: {problem}")
        if report.problems:
            raise CommandError(f"the package is NOT valid: {len(report.problems)} problem(s)", returncode=1)
        self.stdout.write(self.style.SUCCESS("the package is valid: checksums, signatures and index all hold"))
