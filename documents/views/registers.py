"""The registers (sổ văn bản) on screen and as Excel/PDF downloads, filtered by period, book, type,
issuing organization, unit and state."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from documents.exports import (
    PDF_MAX_ROWS,
    SPECS,
    RegisterTooLarge,
    register_pdf,
    register_rows,
    register_sheet,
    register_xlsx,
)
from documents.forms.registers import RegisterFilterForm
from documents.selectors.registers import (
    INCOMING,
    OUTGOING,
    TRACKING,
    register_documents,
    register_organizations,
)
from documents.selectors.search import id_page

# URL slug → register kind, and the tab titles.
KINDS = {"den": INCOMING, "theo-doi": TRACKING, "di": OUTGOING}
PAGE_SIZE = 50


def _form(request, kind: str) -> RegisterFilterForm | None:
    organizations = register_organizations(user=request.user)
    if not organizations:
        return None
    data = request.GET.copy()
    if not data:  # first visit: this year so far
        today = timezone.localdate()
        data.update({"date_from": dt.date(today.year, 1, 1).isoformat(), "date_to": today.isoformat()})
    form = RegisterFilterForm(data, organizations=organizations, kind=kind)
    form.is_valid()
    return form


def _kind(slug: str) -> str:
    if slug not in KINDS:
        raise Http404("Không có sổ này.")
    return KINDS[slug]


@login_required
def register_index(request):
    return redirect("registers:register", slug="den")


@login_required
def register_page(request, slug: str):
    kind = _kind(slug)
    form = _form(request, kind)
    context = {"spec": SPECS[kind], "slug": slug, "tabs": [(s, SPECS[k]) for s, k in KINDS.items()], "form": form}
    if form is None:
        return render(request, "documents/registers/register.html", context)
    documents = register_documents(user=request.user, kind=kind, filters=form.filters()).values_list("pk", flat=True)
    page = id_page(documents, request.GET.get("page"), PAGE_SIZE)
    query = form.data.copy()  # what is shown, defaults included, so that the downloads match the screen
    query.pop("page", None)
    context.update(page=page, rows=register_rows(page.object_list, kind=kind, user=request.user), query=query.urlencode(),
                   organization=form.organization_chosen())
    return render(request, "documents/registers/register.html", context)


@login_required
def register_export(request, slug: str, file_format: str):
    kind = _kind(slug)
    form = _form(request, kind)
    if form is None:
        raise Http404("Bạn chưa thuộc cơ quan nào.")
    organization = form.organization_chosen()
    try:
        sheet = register_sheet(user=request.user, kind=kind, filters=form.filters(), organization=organization,
                               limit=PDF_MAX_ROWS if file_format == "pdf" else None)
    except RegisterTooLarge as exc:
        messages.error(request, exc.user_message)
        return redirect(f"{reverse('registers:register', args=[slug])}?{request.GET.urlencode()}")
    if file_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = register_xlsx(sheet)
    else:
        content_type, body = "application/pdf", register_pdf(sheet)
    response = HttpResponse(body, content_type=content_type)
    name = f"so-{slug}-{organization.organ_id}-{sheet.year.replace('–', '-')}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
