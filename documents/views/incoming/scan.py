"""The clerk's scan read to fill the paper-entry form: upload it, follow the reading, use its fields."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from documents.models import DocumentType, ScanReading
from documents.services.scan.reading import scan_reading_create
from documents.views.common import run_service
from qlvb.access import organizations_of, roles_in
from qlvb.models import Role

# Form fields the reading fills, and the reading's key for each.
FORM_FIELDS = {"issuer_name": "issuer", "symbol": "symbol", "issued_on": "issued_on",
               "document_type": "document_type", "subject": "subject", "signer_name": "signer_name",
               "signer_title": "signer_title"}


def clerk_organizations(user) -> list:
    return [o for o in organizations_of(user) if Role.CLERK in roles_in(user, o.pk)]


def scan_reading_for(user, pk) -> ScanReading:
    """The reading `pk` if it belongs to an organization where `user` is a clerk; 404 otherwise."""
    organizations = {o.pk for o in clerk_organizations(user)}
    reading = ScanReading.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if reading is None or reading.organization_id not in organizations:
        raise Http404
    return reading


def scan_initial(reading: ScanReading) -> tuple[dict, list[str]]:
    """The form's initial values from a finished reading, and the names of the fields it filled."""
    if reading.state != ScanReading.State.DONE:
        return {}, []
    found = reading.fields or {}
    initial = {}
    for name, key in FORM_FIELDS.items():
        value = found.get(key) or ""
        if not value:
            continue
        if name == "issuer_name":
            value = found.get("issuer_directory_name") or value
        elif name == "issued_on":
            value = date.fromisoformat(value)
        elif name == "document_type":
            value = DocumentType.objects.filter(name__iexact=value, is_active=True).first()
            if value is None:
                continue
        initial[name] = value
    return initial, list(initial)


@login_required
@require_POST
def paper_scan_upload(request):
    """Đọc bản quét: keep the upload and queue its reading; the form then waits for it."""
    organizations = clerk_organizations(request.user)
    chosen = request.POST.get("org")
    organization = next((o for o in organizations if str(o.pk) == chosen), None)
    if organization is None:
        if organizations:
            raise Http404
        messages.error(request, "Chỉ văn thư mới nhập được văn bản đến.")
        return redirect("documents:incoming-list")
    upload = request.FILES.get("scan_file")
    back = f"{reverse('documents:paper-create')}?org={organization.pk}"
    if upload is None:
        messages.error(request, "Chưa chọn tệp bản quét.")
        return redirect(back)
    reading = run_service(request, lambda: scan_reading_create(
        actor=request.user, organization=organization, name=upload.name, data=upload.read()))
    if reading is None:
        return redirect(back)
    return redirect(f"{back}&scan={reading.pk}")


@login_required
@require_GET
def scan_reading_status(request, pk: int):
    """Where the reading is: polled by static/qlvb/scan-reading.js while the form waits."""
    reading = scan_reading_for(request.user, pk)
    return JsonResponse({"state": reading.state, "label": reading.get_state_display(), "error": reading.error})
