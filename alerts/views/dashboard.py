"""The admins' dashboard (charts of today and the last 30 days), the drill-down to failing
documents, the system panel, and a document's exchange tracking page.

Counts, numbers, states and organ ids are operational facts the organization's admins see; a
document's subject only where the permission rule (Document.objects.visible_to) lets the reader
read the document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from documents.models import Document
from interchange.models import Inbound, MessageKind, Outbound

from .. import charts, health
from ..dashboard import daily_figures, organization_breakdown, unit_breakdown
from ..deadlines import day_start, local_date
from ..models import Alert, EmailMessage, ScanState
from ..reports.gather import lists_for_reader, report_gather
from ..reports.sections import SECTION_BY_KEY, SECTIONS
from ..rules import RULES
from ..selectors import alert_list, can_manage_organization, dashboard_organizations, expiring_certificates
from .access import dashboard_scope
from .handling import handling_panel

DRILLDOWN = ["send_errors", "receive_errors", "backlog", "status_owed", "status_missing", "rejected"]


@login_required
def dashboard(request):
    handling = handling_panel(request)
    if handling is not None and not dashboard_organizations(user=request.user):
        # A leader or unit head: the handling charts only (the rest is the admins' operations view).
        return render(request, "alerts/dashboard.html", {"handling": handling, "leader_only": True,
                                                         "now": timezone.now()})
    organizations, selected, scope = dashboard_scope(request)
    now = timezone.now()
    days = daily_figures(org_ids=scope, now=now)
    labels = [f"{d.day:%d/%m}" for d in days]
    today = days[-1]
    current, _ = report_gather(scope=scope, start=day_start(local_date(now)), end=now)
    open_by_rule = {row["rule"]: row["n"] for row in alert_list(user=request.user, active=True)
                    .filter(organization_id__in=scope).values("rule").annotate(n=Count("id"))}
    context = {
        "organizations": organizations, "selected": selected, "now": now, "today": today,
        "counts": current["counts"], "sections": [SECTION_BY_KEY[k] for k in DRILLDOWN],
        "open_by_rule": [(RULES[code], n) for code, n in open_by_rule.items() if code in RULES],
        "chart_volume": charts.bar_chart(
            title="Văn bản điện tử gửi, nhận 30 ngày qua", labels=labels,
            series={"Đã gửi": [d.sent for d in days], "Đã nhận": [d.received for d in days]},
            colors=["#0d6efd", "#198754"], x_title="Ngày", y_title="Số văn bản"),
        "chart_errors": charts.bar_chart(
            title="Lỗi gửi, nhận và văn bản tồn đọng", labels=labels,
            series={"Gửi lỗi": [d.send_errors for d in days], "Nhận lỗi": [d.receive_errors for d in days],
                    "Tồn đọng cuối ngày": [d.backlog for d in days]},
            colors=["#dc3545", "#fd7e14", "#6f42c1"], x_title="Ngày", y_title="Số văn bản"),
        "chart_times": charts.line_chart(
            title="Thời gian xử lý (trung vị)", labels=labels, unit="giờ",
            series={"Đến → vào sổ (giờ)": [d.median_register_hours for d in days],
                    "Gửi → trạng thái đầu tiên (giờ)": [
                        None if d.median_first_status_minutes is None else round(d.median_first_status_minutes / 60, 2)
                        for d in days]},
            colors=["#0d6efd", "#20c997"], x_title="Ngày", y_title="Số giờ"),
        "by_organization": organization_breakdown(org_ids=scope, now=now) if len(scope) > 1 else [],
        "by_unit": unit_breakdown(organization=selected, now=now) if selected else [],
        "handling": handling,
    }
    return render(request, "alerts/dashboard.html", context)


@login_required
def drilldown(request, kind: str):
    if kind not in DRILLDOWN:
        raise Http404
    organizations, selected, scope = dashboard_scope(request)
    now = timezone.now()
    _, lists = report_gather(scope=scope, start=day_start(local_date(now)), end=now)
    lists = lists_for_reader({kind: lists[kind]}, request.user)
    return render(request, "alerts/drilldown.html", {
        "section": SECTION_BY_KEY[kind], "rows": lists[kind], "selected": selected, "organizations": organizations,
        "sections": [SECTION_BY_KEY[k] for k in DRILLDOWN],
    })


def _system_context(request) -> dict:
    now = timezone.now()
    emails = dict(EmailMessage.objects.values_list("state").annotate(n=Count("id")))
    return {
        "now": now,
        "checks": [health.check_database(), health.check_cache(), *health.check_heartbeats(now),
                   health.check_axis(now), health.check_disk()],
        "outbox": health.outbox_depth(),
        "outbox_states": Outbound.State.choices,
        "emails": [(label, emails.get(state, 0)) for state, label in EmailMessage.State.choices],
        "scans": [(RULES.get(s.rule), s) for s in ScanState.objects.order_by("rule")],
        "certificates": list(expiring_certificates(now=now))[:20],
        "system_alerts": alert_list(user=request.user, active=True).filter(organization__isnull=True),
    }


@login_required
def system(request):
    dashboard_scope(request)  # admins only
    return render(request, "alerts/system.html", _system_context(request))


@login_required
def system_panel(request):
    dashboard_scope(request)
    return render(request, "alerts/_system_panel.html", _system_context(request))


@login_required
def document_track(request, pk: int):
    """Where a document is in the exchange: recipients and their statuses, sends and their
    attempts, statuses we sent, what came in — for the clerk or admin fixing an alert.

    Who may read the document sees it all; who handles the organization's alerts without that
    right (its admin, a clerk of an organization above) sees the operational facts, not the
    subject; anyone else gets a 404."""
    documents = Document.objects.filter(pk=pk).select_related("organization")
    document = documents.visible_to(request.user).first()
    readable = document is not None
    if document is None:
        document = documents.first()
        if document is None or not can_manage_organization(request.user, document.organization_id):
            raise Http404("Không có văn bản này trong phạm vi của bạn.")
    outbounds = (Outbound.objects.filter(document=document).prefetch_related("attempt_log", "recipients")
                 .order_by("created_at"))
    return render(request, "alerts/document.html", {
        "document": document, "readable": readable,
        "subject": documents.subjects_for(request.user)[document.pk],
        "deliveries": document.deliveries.prefetch_related("events").order_by("pk"),
        "sends": [o for o in outbounds if o.kind == MessageKind.EDOC],
        "statuses": [o for o in outbounds if o.kind == MessageKind.STATUS],
        "inbound": Inbound.objects.filter(document=document).order_by("received_at"),
        "alerts": Alert.objects.filter(documents=document).order_by("-opened_at"),
        "sections": SECTIONS,
    })
