"""The daily report archive: list, read in the browser, download PDF or Excel, make one now.

A report is read with the documents' subjects the reader may read (reports.gather.lists_for_reader)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qlvb.widgets import parse_day

from .. import charts, conf
from ..models import DailyReport
from ..reports.gather import lists_for_reader
from ..reports.sections import SECTIONS
from ..selectors import report_organizations
from ..services.reports import REPORT_FILE_TYPES, daily_report_create, report_file_for
from .access import report_scope


@login_required
def report_list(request):
    organizations, selected = report_scope(request)
    reports = DailyReport.objects.filter(organization__in=[selected] if selected else organizations) \
        .select_related("organization")[:120]
    return render(request, "alerts/reports.html", {
        "reports": reports, "organizations": organizations, "selected": selected,
        "today": timezone.localdate(), "report_time": conf.get("DAILY_REPORT_TIME"),
    })


def _get_report(request, pk: int) -> DailyReport:
    report = get_object_or_404(DailyReport.objects.select_related("organization"), pk=pk)
    if report.organization not in report_organizations(user=request.user):
        raise PermissionDenied("Bạn không có quyền xem báo cáo này.")
    return report


@login_required
def report_detail(request, pk: int):
    report = _get_report(request, pk)
    counts = report.figures.get("counts", {})
    limit = conf.get("REPORT_PDF_MAX_ROWS")
    lists = lists_for_reader(report.lists, request.user)
    sections = [(s, lists.get(s.key, [])[:limit], len(lists.get(s.key, []))) for s in SECTIONS]
    chart = charts.bar_chart(
        title="Số liệu trong báo cáo", labels=[str(i) for i in range(1, len(SECTIONS) + 1)],
        series={"Số lượng": [counts.get(s.key, 0) for s in SECTIONS]}, colors=["#0d6efd"],
        x_title="Mục của báo cáo (số thứ tự như bảng trên)", y_title="Số văn bản")
    return render(request, "alerts/report.html", {
        "report": report, "sections": sections, "summary": SECTIONS, "chart": chart, "limit": limit,
    })


@login_required
def report_file(request, pk: int, fmt: str):
    report = _get_report(request, pk)
    if fmt not in REPORT_FILE_TYPES:
        raise Http404("Báo cáo không có tệp này.")
    name = f"bao-cao-gui-nhan-{report.organization.organ_id}-{report.report_date:%Y%m%d}.{fmt}"
    return FileResponse(io.BytesIO(report_file_for(report, fmt, user=request.user)), as_attachment=fmt == "xlsx",
                        filename=name, content_type=REPORT_FILE_TYPES[fmt])


@login_required
@require_POST
def report_generate(request):
    organizations = report_organizations(user=request.user)
    organization = next((o for o in organizations if str(o.pk) == request.POST.get("co_quan")), None)
    if organization is None:
        raise PermissionDenied("Bạn không có quyền lập báo cáo cho cơ quan này.")
    try:
        day = parse_day(request.POST.get("ngay")) or timezone.localdate()
    except ValueError:
        messages.error(request, "Ngày báo cáo không hợp lệ.")
        return redirect("alerts:reports")
    now = timezone.now()
    report = daily_report_create(organization=organization, report_date=day, send=False,
                                 end=now if day == timezone.localdate() else None)
    messages.success(request, f"Đã lập báo cáo ngày {day:%d/%m/%Y} cho {organization.name}.")
    return redirect("alerts:report", pk=report.pk)
