"""The clerk's actions (văn thư): enter a paper document, register, reject, present to a leader,
answer the sender's request to take a document back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from documents.forms.incoming import PaperEntryForm, PresentForm, RecallAnswerForm, RegisterForm, RejectForm
from documents.models import ScanReading
from documents.selectors.documents import document_get
from documents.selectors.incoming import issuer_search
from documents.services.incoming.handling import incoming_present
from documents.services.incoming.recall import incoming_recall_answer
from documents.services.incoming.registration import incoming_create_paper, incoming_register, incoming_reject
from documents.views.common import run_service
from documents.views.incoming.common import respond
from documents.views.incoming.scan import scan_initial, scan_reading_for
from qlvb.access import organizations_of, roles_in
from qlvb.models import Role


def _clerk_organizations(user) -> list:
    return [o for o in organizations_of(user) if Role.CLERK in roles_in(user, o.pk)]


@login_required
def paper_create(request):
    """Nhập văn bản giấy: keyboard first, or filled from the scan read by OCR; then on to the document."""
    organizations = _clerk_organizations(request.user)
    if not organizations:
        messages.error(request, "Chỉ văn thư mới nhập được văn bản đến.")
        return redirect("documents:incoming-list")
    chosen = request.POST.get("org") or request.GET.get("org")
    organization = next((o for o in organizations if str(o.pk) == chosen), organizations[0])
    reading_id = request.POST.get("scan_reading") or request.GET.get("scan")
    reading = scan_reading_for(request.user, reading_id) if reading_id else None
    if reading is not None and (reading.organization_id != organization.pk or reading.document_id):
        raise Http404
    initial, scan_fields = scan_initial(reading) if reading else ({}, [])
    form = PaperEntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        if kwargs["scan"] is None and reading is not None:
            with reading.file.open("rb") as fh:
                kwargs["scan"] = (reading.name, fh.read())
        try:
            document = incoming_create_paper(actor=request.user, organization=organization, **kwargs)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            if reading is not None:
                ScanReading.objects.filter(pk=reading.pk).update(document=document)
            messages.success(request, f"Đã nhập văn bản {document.symbol}. Kiểm tra thông tin rồi vào sổ.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/incoming/paper_form.html",
                  {"form": form, "organization": organization, "organizations": organizations,
                   "reading": reading, "scan_fields": scan_fields})


@login_required
@require_GET
def issuer_options(request):
    """Autocomplete of the issuing organization: <option>s for the form's <datalist>."""
    text = request.GET.get("issuer_name") or request.GET.get("q") or ""
    return render(request, "documents/incoming/_issuer_options.html", {"organizations": issuer_search(text=text)})


@login_required
@require_POST
def register(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    form = RegisterForm(request.POST)
    form.is_valid()
    allow = bool(form.cleaned_data.get("allow_duplicate"))
    run_service(request, lambda: incoming_register(actor=request.user, document=document, allow_duplicate=allow),
                "Đã vào sổ văn bản đến.")
    return respond(request, pk)


@login_required
@require_POST
def reject(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return respond(request, pk, reject_form=form)
    run_service(request, lambda: incoming_reject(actor=request.user, document=document,
                                                 reason=form.cleaned_data["reason"]),
                "Đã từ chối tiếp nhận và báo cho bên gửi.")
    return respond(request, pk)


@login_required
@require_POST
def present(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    form = PresentForm(request.POST, organization_id=document.organization_id)
    if not form.is_valid():
        return respond(request, pk, present_form=form)
    leader = form.cleaned_data["leader"]
    run_service(request, lambda: incoming_present(actor=request.user, document=document, leader=leader,
                                                  note=form.cleaned_data["note"]),
                f"Đã trình {leader}.")
    return respond(request, pk)


@login_required
@require_POST
def recall_answer(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    form = RecallAnswerForm(request.POST)
    if not form.is_valid():
        return respond(request, pk, recall_form=form)
    agree = form.cleaned_data["decision"] == "agree"
    run_service(request, lambda: incoming_recall_answer(actor=request.user, document=document, agree=agree,
                                                        note=form.cleaned_data["note"]),
                "Đã đồng ý cho bên gửi lấy lại; văn bản đã bị khóa." if agree else "Đã từ chối đề nghị lấy lại.")
    return respond(request, pk)
