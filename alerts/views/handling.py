"""Báo cáo tình hình giải quyết văn bản đến, đi (Phụ lục VI, V.2 and V.4): the page, the list of
documents behind a count, and the Excel and PDF downloads. Who reads what: reports.handling_scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..errors import AlertError
from ..forms import HandlingReportForm
from ..reports.handling import (
    INCOMING_CLASSES,
    INCOMING_LABELS,
    OUTGOING_LABELS,
    OUTGOING_STATES,
    IncomingHandling,
    OutgoingHandling,
    incoming_handling,
    incoming_ids,
    lead_people,
    outgoing_handling,
    readable_list,
)
from ..reports.handling_charts import incoming_chart, outgoing_chart
from ..reports.handling_files import FILE_TYPES, handling_pdf, handling_xlsx
from ..reports.handling_scope import PRESETS, HandlingScope, handling_scope_pick, handling_scopes

LISTS = {**INCOMING_LABELS, "waiting": "Văn bản đi chờ quá lâu"}


@dataclass
class HandlingReport:
    scope: HandlingScope
    unit: object
    start: dt.date
    end: dt.date
    made_at: dt.datetime
    incoming: IncomingHandling
    outgoing: OutgoingHandling

    @property
    def where(self) -> str:
        unit = self.unit or self.scope.unit
        return f"{unit.name} — {self.scope.organization.name}" if unit else self.scope.organization.name


def _scopes(request) -> list[HandlingScope]:
    scopes = handling_scopes(user=request.user)
    if not scopes:
        raise PermissionDenied(AlertError.NOT_A_REPORT_READER.label)
    return scopes


def _form(request, scope: HandlingScope) -> HandlingReportForm:
    units = [scope.unit] if scope.unit else list(scope.organization.units.filter(is_active=True).order_by("name"))
    form = HandlingReportForm(request.GET, units=units, fixed_unit=scope.unit is not None,
                              today=timezone.localdate())
    form.is_valid()
    return form


def handling_report_make(*, scope: HandlingScope, form: HandlingReportForm) -> HandlingReport:
    data, now = form.cleaned_data, timezone.now()
    unit = scope.unit or form.unit_chosen()
    return HandlingReport(
        scope=scope, unit=form.unit_chosen() if not scope.unit else None, start=data["tu"], end=data["den"],
        made_at=now,
        incoming=incoming_handling(organization=scope.organization, start=data["tu"], end=data["den"], unit=unit,
                                   today=timezone.localdate(now)),
        outgoing=outgoing_handling(organization=scope.organization, start=data["tu"], end=data["den"], unit=unit,
                                   now=now),
    )


def _prepare(request):
    scopes = _scopes(request)
    scope = handling_scope_pick(scopes, request.GET.get("co_quan"))
    form = _form(request, scope)
    report = handling_report_make(scope=scope, form=form) if not form.errors else None
    return scopes, scope, form, report


def _context(scopes, scope, form, report, **extra) -> dict:
    return {"scopes": scopes, "scope": scope, "form": form, "report": report, "presets": list(PRESETS.items()),
            "classes": INCOMING_CLASSES, **extra}


def _query(form: HandlingReportForm, scope: HandlingScope, **extra) -> str:
    return form.query(co_quan=scope.organization.pk, **extra)


@login_required
@require_GET
def handling_report(request):
    scopes, scope, form, report = _prepare(request)
    context = _context(scopes, scope, form, report)
    if report is None:
        return render(request, "alerts/handling_report.html", context, status=400)
    context.update(query=_query(form, scope), chart_incoming=incoming_chart(report.incoming),
                   chart_outgoing=outgoing_chart(report.outgoing),
                   state_labels=[OUTGOING_LABELS[s] for s in OUTGOING_STATES],
                   outgoing_rows=[report.outgoing.total, *report.outgoing.units])
    return render(request, "alerts/handling_report.html", context)


def _whole(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


@login_required
@require_GET
def handling_documents(request):
    """The documents behind one count of the report, those the reader may read."""
    scopes, scope, form, report = _prepare(request)
    kind = request.GET.get("muc", "")
    try:
        row_unit, row_person = _whole(request.GET.get("dv")), _whole(request.GET.get("nguoi"))
    except ValueError:
        form.add_error(None, AlertError.REPORT_CHOICE_INVALID.label)
        report = None
    if kind not in LISTS:
        raise Http404("Không có danh sách này.")
    context = _context(scopes, scope, form, report, title=LISTS[kind], kind=kind)
    if report is None:
        return render(request, "alerts/handling_documents.html", context, status=400)
    if kind == "waiting":
        ids = report.outgoing.waiting_ids
    else:
        ids = incoming_ids(report.incoming, kinds=[kind], unit_id=row_unit, person_id=row_person)
    found = readable_list(user=request.user, document_ids=ids)
    context.update(found=found, total=len(ids), query=_query(form, scope),
                   leads=lead_people([d.pk for d in found.documents]), today=timezone.localdate())
    return render(request, "alerts/handling_documents.html", context)


@login_required
@require_GET
def handling_report_file(request, fmt: str):
    if fmt not in FILE_TYPES:
        raise Http404("Không có tệp này.")
    scopes, scope, form, report = _prepare(request)
    if report is None:
        return render(request, "alerts/handling_report.html", _context(scopes, scope, form, None), status=400)
    make = handling_xlsx if fmt == "xlsx" else handling_pdf
    response = HttpResponse(make(report, user=request.user), content_type=FILE_TYPES[fmt])
    name = f"bao-cao-xu-ly-{scope.organization.organ_id}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def handling_panel(request) -> dict | None:
    """The two charts of this month for the dashboard, each a link to the report; None for a
    person who reads no handling report."""
    scopes = handling_scopes(user=request.user)
    if not scopes:
        return None
    wanted = request.GET.get("co_quan")
    scope = next((s for s in scopes if str(s.organization.pk) == wanted), scopes[0])
    form = HandlingReportForm({}, units=[scope.unit] if scope.unit else [], fixed_unit=scope.unit is not None,
                              today=timezone.localdate())
    form.is_valid()
    report = handling_report_make(scope=scope, form=form)
    return {"report": report, "query": _query(form, scope), "chart_incoming": incoming_chart(report.incoming),
            "chart_outgoing": outgoing_chart(report.outgoing)}
