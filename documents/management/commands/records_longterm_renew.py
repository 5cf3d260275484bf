"""Renew the archive timestamps of archived hồ sơ that are due, and add the missing long-term proofs.

    python manage.py records_longterm_renew [--days N]

What the daily beat task ``documents.records_longterm_renew`` does, for operators: every proof whose
archive timestamp authority's certificate expires within N days (default QLVB_LTV_RENEW_DAYS) gets
fresh validation data and a new archive timestamp; signed files of archived hồ sơ without a proof
get one. Prints what was done; exits 1 when something failed (the failures are logged and kept, and
tried again on the next run).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from documents.services.records.longterm import records_longterm_renew


class Command(BaseCommand):
    help = "Renew due archive timestamps (PAdES B-LTA) of archived hồ sơ and add missing long-term proofs."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="renew what expires within N days")

    def handle(self, *args, days: int | None = None, **options):
        margin = None if days is None else timedelta(days=days)
        run = records_longterm_renew(margin=margin)
        for proof in run.added:
            self.stdout.write(f"added file {proof.file_id} (valid until {proof.tsa_valid_until:%Y-%m-%d})")
        for proof in run.renewed:
            self.stdout.write(f"renewed file {proof.file_id} (valid until {proof.tsa_valid_until:%Y-%m-%d})")
        for file_id, reason in run.failed:
            self.stderr.write(f"failed file {file_id}: {reason}")
        counts = run.as_dict()
        self.stdout.write(f"added {counts['added']}, renewed {counts['renewed']}, failed {counts['failed']}")
        if run.failed:
            raise CommandError(f"{len(run.failed)} long-term proof(s) failed; they will be tried again", returncode=1)
