"""Make the daily report of one organization (or every hosted one) now."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alerts.services.reports import daily_report_create
from qlvb.models import Organization


class Command(BaseCommand):
    help = "Lập báo cáo tình hình gửi, nhận văn bản điện tử."

    def add_arguments(self, parser):
        parser.add_argument("--organ-id", help="mã định danh; default: every hosted organization")
        parser.add_argument("--date", help="YYYY-MM-DD; default: today")
        parser.add_argument("--no-email", action="store_true", help="keep the report without e-mailing it")

    def handle(self, *args, **options):
        day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        orgs = Organization.objects.filter(hosted=True)
        if options["organ_id"]:
            orgs = orgs.filter(organ_id=options["organ_id"])
            if not orgs.exists():
                raise CommandError(f"no hosted organization {options['organ_id']}")
        for org in orgs:
            report = daily_report_create(organization=org, report_date=day, send=not options["no_email"])
            counts = ", ".join(f"{k}={v}" for k, v in report.figures["counts"].items())
            self.stdout.write(f"{org.organ_id} {day}: {counts} → {report.pdf.name}, {report.xlsx.name}")
