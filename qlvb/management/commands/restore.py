"""Rebuild an empty instance from a backup made by `manage.py backup`.

    python manage.py restore /srv/backup/qlvb-20261207-0200 [--force]

Checks every checksum of the backup first (nothing is restored on a mismatch), refuses a database
or MEDIA_ROOT that is not empty unless --force, loads the database (pg_restore in one transaction,
or SQLite's backup API), copies the media, then checks every stored file against its SHA-256 and
the audit chain with the audit key supplied out of band, and records the restore in the audit log.
Exit status 1 when anything is wrong.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qlvb.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty instance (database and media), then verify files and audit log."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database and media that are not empty")

    def handle(self, *args, directory: Path, force: bool, **options):
        try:
            result = backup_restore(directory=directory, force=force)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"restored {result.files} file(s) of the backup ({result.media_files} media file(s))")
        check = result.file_check
        for problem in check.problems:
            self.stderr.write(f"PROBLEM: {problem}")
        self.stdout.write(f"stored files: {check.checked} checked against their SHA-256, "
                          f"{len(check.problems)} problem(s)")
        if result.audit_key_missing:
            raise CommandError("the audit key is missing: put the key of the backed-up instance in place "
                               "(QLVB_AUDIT_KEY or QLVB_AUDIT_KEY_FILE), then run audit_verify")
        for problem in result.audit_problems:
            self.stderr.write(f"PROBLEM: audit log: {problem}")
        if result.audit_problems:
            raise CommandError(f"the audit log does not verify ({len(result.audit_problems)} problem(s)): is the "
                               "audit key the backed-up instance's?")
        self.stdout.write(f"audit log intact: {result.audit_rows} rows verified; the restore is recorded")
        if check.problems:
            raise CommandError(f"{len(check.problems)} stored file(s) do not match their SHA-256")
        self.stdout.write(self.style.SUCCESS("restore complete"))
