"""The monthly KPIs of the BTTTT directive (seed 004), per organization and unit, on the page and
as an Excel workbook: read by the organization's admins and its leaders (selectors.kpi_organizations)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qlvb.errors import Refused

from .. import charts, conf
from ..errors import AlertError
from ..kpis import organization_kpis
from ..reports.kpi_excel import kpis_xlsx
from ..selectors import kpi_organizations
from .access import pick_organization

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(request) -> tuple[int, int]:
    """The month asked for: ?thang=YYYY-MM, or ?nam=YYYY&thang=M; this month when neither is given."""
    today = timezone.localdate()
    raw_month = request.GET.get("thang", "").strip()
    raw_year = request.GET.get("nam", "").strip()
    if not raw_month and not raw_year:
        return today.year, today.month
    try:
        if "-" in raw_month and not raw_year:
            year, month = (int(x) for x in raw_month.split("-"))
        else:
            year, month = int(raw_year or today.year), int(raw_month or today.month)
    except ValueError:
        raise Refused(AlertError.KPI_BAD_MONTH) from None
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Refused(AlertError.KPI_BAD_MONTH)
    return year, month


def _context(request) -> dict:
    organizations = kpi_organizations(user=request.user)
    selected = pick_organization(request, organizations)
    return {"organizations": organizations, "selected": selected, "target": conf.get("KPI_TARGET_PERCENT")}


@login_required
def kpi_view(request):
    context = _context(request)
    try:
        year, month = _month(request)
    except Refused as error:
        today = timezone.localdate()
        return render(request, "alerts/kpis.html", {
            **context, "error": error.user_message, "results": [], "year": today.year, "month": today.month,
            "month_value": f"{today:%Y-%m}"}, status=400)
    shown = [context["selected"]] if context["selected"] else context["organizations"]
    results = [organization_kpis(organization=o, year=year, month=month) for o in shown]
    chart = charts.bar_chart(
        title="Tỷ lệ theo cơ quan (%)", labels=[r.organization.short_name or r.organization.name[:12] for r in results],
        series={"Ký số": [r.total.signed.percent or 0 for r in results],
                "Điện tử": [r.total.electronic.percent or 0 for r in results],
                "Vào sổ đúng hạn": [r.total.on_time.percent or 0 for r in results]},
        colors=["#0d6efd", "#198754", "#fd7e14"], unit="%", x_title="Cơ quan", y_title="Tỷ lệ (%)")
    return render(request, "alerts/kpis.html", {
        **context, "results": results, "year": year, "month": month,
        "month_value": f"{year:04d}-{month:02d}", "chart": chart,
    })


@login_required
def kpi_xlsx_view(request):
    context = _context(request)
    try:
        year, month = _month(request)
    except Refused as error:
        return HttpResponse(error.user_message, status=400, content_type="text/plain; charset=utf-8")
    shown = [context["selected"]] if context["selected"] else context["organizations"]
    results = [organization_kpis(organization=o, year=year, month=month) for o in shown]
    response = HttpResponse(kpis_xlsx(results, year=year, month=month, target=context["target"]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-so-{year:04d}-{month:02d}.xlsx"'
    return response
