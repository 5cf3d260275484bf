"""Run the detection rules once (what beat does every few minutes) and print what changed."""

from django.core.management.base import BaseCommand

from alerts.rules import RULES
from alerts.services.scan import alerts_scan


class Command(BaseCommand):
    help = "Chạy các quy tắc phát hiện sự cố một lần."

    def add_arguments(self, parser):
        parser.add_argument("--rule", action="append", choices=sorted(RULES), help="only this rule (repeatable)")

    def handle(self, *args, **options):
        for code, result in alerts_scan(rules=options["rule"]).items():
            self.stdout.write(f"{code}: {result}")
