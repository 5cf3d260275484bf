"""The daily report: Báo cáo tình hình gửi, nhận văn bản điện tử.

One report per hosted organization and working day, covering the organization and the
organizations below it (a province's report covers its departments). The period runs from the
previous working day's report time to this one's. Flows (sent, received, receive errors) count
what happened in the period; the things to fix (send errors, backlog, statuses owed and
missing) are counted as they stand when the report is made. Each figure is compared with the
previous report of the same organization.

The report is kept as made (figures, lists, PDF, Excel) and e-mailed through the outbox. Its
readers — the page, the downloads, each recipient's e-mail — get it with the documents' subjects
they may read (reports.gather.lists_for_reader): the counts, numbers and states for everyone, a
subject only where the permission rule lets that reader read the document.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from alerts.reports.excel import report_xlsx
from alerts.reports.pdf import report_pdf
from qlvb.models import Organization

from .. import conf, selectors
from ..deadlines import Deadlines, at_local, local_date
from ..models import DailyReport, EmailMessage
from ..reports.gather import lists_for_reader, report_gather
from ..reports.sections import SECTIONS
from .notifications import emails_enqueue, preference_for

log = logging.getLogger(__name__)


def report_period(report_date: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the previous working day's report time to `report_date`'s."""
    at = conf.clock_time("DAILY_REPORT_TIME")
    deadlines = Deadlines()
    previous = report_date - dt.timedelta(days=1)
    for _ in range(30):
        if deadlines.is_working(previous):
            break
        previous -= dt.timedelta(days=1)
    return at_local(previous, at), at_local(report_date, at)


def _with_change(figures: dict, previous: DailyReport | None) -> dict:
    before = (previous.figures or {}).get("counts", {}) if previous else {}
    figures["previous"] = {key: before.get(key) for key in figures["counts"]}
    figures["change"] = {key: (n - before[key]) if before.get(key) is not None else None
                         for key, n in figures["counts"].items()}
    figures["previous_date"] = previous.report_date.isoformat() if previous else None
    return figures


REPORT_FILE_TYPES = {"pdf": "application/pdf",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def report_stem(report: DailyReport) -> str:
    return f"bao-cao-{report.organization.organ_id}-{report.report_date:%Y%m%d}"


def report_file_for(report: DailyReport, fmt: str, *, user) -> bytes:
    """The report's PDF or Excel file ("pdf", "xlsx") as `user` may read it."""
    return {"pdf": report_pdf, "xlsx": report_xlsx}[fmt](report, lists_for_reader(report.lists, user))


def report_recipients(organization: Organization) -> list:
    users = {m.user for m in selectors.responsible_memberships(organization_id=organization.pk)
             if m.user.email and m.organization_id == organization.pk}
    return sorted((u for u in users if preference_for(u).daily_report), key=lambda u: u.pk)


@transaction.atomic
def daily_report_create(*, organization: Organization, report_date: dt.date, send: bool = True,
                        end: dt.datetime | None = None) -> DailyReport:
    """Make (or remake) the report of `organization` for `report_date`, keep it, and e-mail it."""
    start, period_end = report_period(report_date)
    end = end or period_end
    figures, lists = report_gather(organization=organization, start=start, end=end)
    previous = (DailyReport.objects.filter(organization=organization, report_date__lt=report_date)
                .order_by("-report_date").first())
    figures = _with_change(figures, previous)
    report, _ = DailyReport.objects.update_or_create(
        organization=organization, report_date=report_date,
        defaults={"period_start": start, "period_end": end, "figures": figures, "lists": lists},
    )
    stem = report_stem(report)
    for field in (report.pdf, report.xlsx):
        if field:
            field.delete(save=False)
    report.pdf.save(f"{stem}.pdf", ContentFile(report_pdf(report)), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(report_xlsx(report)), save=False)
    report.save(update_fields=["pdf", "xlsx"])
    if send:
        body = render_to_string("alerts/email/daily_report.txt", {"report": report, "sections": SECTIONS})
        subject = f"[QLVB] Báo cáo tình hình gửi, nhận văn bản điện tử ngày {report_date:%d/%m/%Y} — {organization.name}"
        emails_enqueue(EmailMessage(to=u.email, user=u, subject=subject[:300], body=body, report=report)
                       for u in report_recipients(organization))
    return report


def daily_reports_run(*, now: dt.datetime | None = None) -> dict:
    """Make today's reports that are due and not made yet (beat calls this every few minutes)."""
    now = now or timezone.now()
    today = local_date(now)
    if not Deadlines().is_working(today):
        return {"skipped": "not a working day"}
    if now < at_local(today, conf.clock_time("DAILY_REPORT_TIME")):
        return {"skipped": "before the report time"}
    made = []
    done = set(DailyReport.objects.filter(report_date=today).values_list("organization_id", flat=True))
    for organization in Organization.objects.filter(hosted=True, is_active=True).exclude(pk__in=done):
        try:
            daily_report_create(organization=organization, report_date=today)
            made.append(organization.organ_id)
        except Exception:  # one organization's failure must not stop the others
            log.exception("daily report of %s failed", organization.organ_id)
    return {"made": made}
