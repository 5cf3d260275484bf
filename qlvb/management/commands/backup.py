"""Back up this instance: one snapshot of the database, the media files, a manifest of SHA-256.

    python manage.py backup --out /srv/backup/qlvb-$(date +%Y%m%d-%H%M)

Key material (audit key, KEK, PKI private keys, SECRET_KEY) is left out, and the manifest says so;
keep it apart. See qlvb.services.backup and the README ("Sao lưu và khôi phục").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qlvb.services.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Make a consistent backup (database, media, manifest with SHA-256) into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="a new (or empty) directory")

    def handle(self, *args, out: Path, **options):
        try:
            result = backup_create(out=out)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        for name in result.skipped:
            self.stderr.write(f"skipped (link or key material): media/{name}")
        self.stdout.write(f"backup written to {result.directory}: {result.files} file(s), {result.bytes} bytes")
        self.stdout.write(f"manifest SHA-256: {result.manifest_sha256}")
        self.stdout.write("key material is NOT included (audit key, KEK, PKI private keys, SECRET_KEY): keep it apart")
