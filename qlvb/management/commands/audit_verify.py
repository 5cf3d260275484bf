"""Verify the hash chain of the audit log; exit 1 if any row was changed, removed or inserted."""

from django.core.management.base import BaseCommand, CommandError

from qlvb.models import AuditEvent
from qlvb.services.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (detects modified and deleted rows)."

    def handle(self, *args, **options):
        problems = audit_verify()
        total = AuditEvent.objects.count()
        if problems:
            for p in problems:
                self.stderr.write(f"row {p.seq}: {p.message}")
            raise CommandError(f"audit log is NOT intact: {len(problems)} problem(s) in {total} rows")
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {total} rows verified"))
