"""Verify the audit log: the keyed chain, row by row, and the TSA anchors of its head.

Prints the first broken row (sequence number, time, what differs) and every other problem, then
the last good anchor (the last head MAC whose TSA token verifies and that comes before the first
broken row). Exits 1 if anything is wrong.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qlvb.services.audit import audit_check


class Command(BaseCommand):
    help = "Verify the audit log's keyed chain and its TSA anchors (detects modified, deleted and cut-off rows)."

    def _anchor_line(self, report) -> str:
        anchor = report.last_good_anchor
        if anchor is None:
            return "last good anchor: none"
        when = timezone.localtime(report.last_good_anchor_time).isoformat(timespec="seconds")
        return f"last good anchor: row {anchor.head_seq} (MAC {anchor.head_mac[:16]}…), timestamped by the TSA at {when}"

    def handle(self, *args, **options):
        report = audit_check()
        anchor_line = self._anchor_line(report)
        if report.problems:
            first = report.first_broken
            when = f" at {timezone.localtime(first.at).isoformat(timespec='seconds')}" if first.at else ""
            self.stderr.write(f"first broken row: {first.seq}{when}: {first.message}")
            for p in report.problems:
                if p is not first:
                    self.stderr.write(f"row {p.seq}: {p.message}" if p.seq is not None else p.message)
            self.stderr.write(anchor_line)
            raise CommandError(f"audit log is NOT intact: {len(report.problems)} problem(s) in {report.rows} rows")
        self.stdout.write(anchor_line)
        self.stdout.write(self.style.SUCCESS(
            f"audit log intact: {report.rows} rows verified, {report.anchors} anchor(s) checked"))
