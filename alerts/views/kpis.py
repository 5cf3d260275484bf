"""The monthly KPIs of the BTTTT directive, per organization and unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .. import charts, conf
from ..kpis import organization_kpis
from ..selectors import dashboard_organizations
from .access import pick_organization


@login_required
def kpi_view(request):
    organizations = dashboard_organizations(user=request.user)
    selected = pick_organization(request, organizations)
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("thang", f"{today:%Y-%m}").split("-"))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    shown = [selected] if selected else organizations
    results = [organization_kpis(organization=o, year=year, month=month) for o in shown]
    chart = charts.bar_chart(
        title="Tỷ lệ theo cơ quan (%)", labels=[r.organization.short_name or r.organization.name[:12] for r in results],
        series={"Ký số": [r.total.signed.percent or 0 for r in results],
                "Điện tử": [r.total.electronic.percent or 0 for r in results],
                "Vào sổ đúng hạn": [r.total.on_time.percent or 0 for r in results]},
        colors=["#0d6efd", "#198754", "#fd7e14"], unit="%", x_title="Cơ quan", y_title="Tỷ lệ (%)")
    return render(request, "alerts/kpis.html", {
        "results": results, "organizations": organizations, "selected": selected, "year": year, "month": month,
        "month_value": f"{year:04d}-{month:02d}", "target": conf.get("KPI_TARGET_PERCENT"), "chart": chart,
    })
