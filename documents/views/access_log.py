"""Who opened a document's files (its access history) and the access reports of an organization
(documents.selectors.access_log; who sees them: documents.permissions)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents.exports.access_log import access_report_xlsx
from documents.forms.access_log import AccessReportForm
from documents.literals import Direction
from documents.selectors.access_log import (
    access_report,
    access_report_organizations,
    document_access_list,
    with_people,
)
from documents.selectors.documents import document_get

PAGE_SIZE = 50


@login_required
@require_GET
def access_history(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    page = Paginator(document_access_list(user=request.user, document=document), PAGE_SIZE).get_page(
        request.GET.get("page"))
    back = "outgoing:detail" if document.direction == Direction.OUTGOING else "documents:detail"
    return render(request, "documents/access_log/history.html", {
        "document": document, "page": page, "rows": with_people(page.object_list), "back": back})


def _report(request):
    organizations = access_report_organizations(user=request.user)
    if not organizations:
        return None, None
    form = AccessReportForm(request.GET, organizations=organizations)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, access_report(user=request.user, organization=form.organization_chosen(),
                               start=data["date_from"], end=data["date_to"])


@login_required
@require_GET
def access_report_page(request):
    form, report = _report(request)
    status = 403 if form is None else 400 if form.errors else 200
    return render(request, "documents/access_log/report.html",
                  {"form": form, "report": report, "query": request.GET.urlencode()}, status=status)


@login_required
@require_GET
def access_report_export(request):
    form, report = _report(request)
    if form is None:
        raise Http404("Bạn không có cơ quan nào để thống kê.")
    if report is None:
        return render(request, "documents/access_log/report.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(access_report_xlsx(report),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"truy-cap-{report.organization.organ_id}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
