"""Copies (sao y, sao lục, trích sao): request one from a document's page, sign, seal or print it,
open its file, and the copies register (Sổ bản sao) with its xlsx export."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from documents.forms.copies import CopyPrintForm, CopyRequestForm, CopySignForm
from documents.models import DocumentCopy
from documents.selectors.copies import (
    copies_waiting,
    copy_get,
    copy_register_organizations,
    copy_register_rows,
)
from documents.selectors.documents import document_get
from documents.services.copies.workflow import (
    copy_latest_file,
    copy_print,
    copy_request,
    copy_seal,
    copy_sign,
)
from documents.services.outgoing.review import route_for
from documents.views.common import run_service
from qlvb.access import delegators_of, has_role
from qlvb.audit_actions import AuditAction
from qlvb.models import Membership, Role
from qlvb.models.delegation import DelegationScope
from qlvb.services.audit import audit_record
from qlvb.spreadsheets import as_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def copy_create(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    sources = document.copies.filter(form=DocumentCopy.Form.TRUE_COPY,
                                     state__in=(DocumentCopy.State.SEALED, DocumentCopy.State.PRINTED))
    form = CopyRequestForm(request.POST or None, request.FILES or None, sources=sources.order_by("number"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        scan = (d["scan"].name, d["scan"].read()) if d.get("scan") else None
        copy = run_service(request, lambda: copy_request(
            actor=request.user, original=document, form=d["form"], mode=d["mode"], first_page=d.get("first_page"),
            last_page=d.get("last_page"), purpose=d.get("purpose") or "", recipients=d.get("recipients") or "",
            scan=scan, source_copy=form.source()))
        if copy:
            messages.success(request, "Đã tạo đề nghị sao văn bản, chờ lãnh đạo ký.")
            return redirect("copies:detail", pk=copy.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/copies/create.html", {"document": document, "form": form}, status=status)


def _leaders(organization):
    members = Membership.objects.filter(organization=organization, is_active=True, user__is_active=True,
                                        roles__role=Role.LEADER).select_related("user").distinct()
    return [m.user for m in members]


def _detail(request, copy, *, sign_form=None, print_form=None, status=200):
    user, org = request.user, copy.organization
    delegators = list(delegators_of(user, scope=DelegationScope.SIGNING, organization=org.pk))
    state = copy.State
    may_sign = (copy.state == state.REQUESTED and not copy.result_is_paper
                and (has_role(user, org, Role.LEADER) or bool(delegators)))
    clerk = has_role(user, org, Role.CLERK)
    context = {
        "copy": copy, "file": copy_latest_file(copy),
        "sign_form": (sign_form or CopySignForm(delegators=delegators)) if may_sign else None,
        "require_totp": route_for(org).require_second_factor,
        "may_seal": clerk and copy.state == state.SIGNED,
        "print_form": (print_form or CopyPrintForm(leaders=_leaders(org)))
        if clerk and copy.state == state.REQUESTED and copy.result_is_paper else None,
    }
    return render(request, "documents/copies/detail.html", context, status=status)


@login_required
@require_GET
def copy_detail(request, pk: int):
    return _detail(request, copy_get(user=request.user, pk=pk))


@login_required
@require_POST
def copy_sign_view(request, pk: int):
    copy = copy_get(user=request.user, pk=pk)
    delegators = list(delegators_of(request.user, scope=DelegationScope.SIGNING, organization=copy.organization_id))
    form = CopySignForm(request.POST, delegators=delegators)
    if form.is_valid():
        d = form.cleaned_data
        signed = run_service(request, lambda: copy_sign(actor=request.user, copy=copy, pin=d["pin"],
                                                        on_behalf_of=form.leader(), totp_code=d.get("totp_code")))
        if signed:
            messages.success(request, f"Đã ký bản sao số {signed.symbol}; chờ văn thư ký số cơ quan.")
            return redirect("copies:detail", pk=pk)
    return _detail(request, copy, sign_form=form, status=400)


@login_required
@require_POST
def copy_seal_view(request, pk: int):
    copy = copy_get(user=request.user, pk=pk)
    pin = request.POST.get("pin", "")
    if not pin:
        messages.error(request, "Nhập mã PIN khóa ký số của cơ quan.")
    else:
        sealed = run_service(request, lambda: copy_seal(actor=request.user, copy=copy, pin=pin,
                                                        totp_code=request.POST.get("totp_code")))
        if sealed:
            messages.success(request, f"Đã ký số cơ quan bản sao số {sealed.symbol}.")
            return redirect("copies:detail", pk=pk)
    return _detail(request, copy, status=400)


@login_required
@require_POST
def copy_print_view(request, pk: int):
    copy = copy_get(user=request.user, pk=pk)
    form = CopyPrintForm(request.POST, leaders=_leaders(copy.organization))
    if form.is_valid():
        d = form.cleaned_data
        printed = run_service(request, lambda: copy_print(actor=request.user, copy=copy,
                                                          signer=form.leaders[d["signer"]], count=d["count"]))
        if printed:
            messages.success(request, f"Đã cấp số {printed.symbol}; in {printed.printed_count} bản để ký tay, đóng dấu.")
            return redirect("copies:detail", pk=pk)
    return _detail(request, copy, print_form=form, status=400)


@login_required
@require_GET
def copy_file(request, pk: int, file_id: int):
    copy = copy_get(user=request.user, pk=pk)
    stored = get_object_or_404(copy.files.all(), pk=file_id)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trong kho lưu trữ.") from None
    response = FileResponse(handle, content_type="application/pdf", filename=stored.name,
                            as_attachment=bool(request.GET.get("tai-ve")))
    response["Cache-Control"] = "private, no-cache"
    return response


def _register_choice(request):
    organizations = copy_register_organizations(user=request.user)
    if not organizations:
        return [], None, timezone.localdate().year
    chosen = next((o for o in organizations if str(o.pk) == request.GET.get("org")), organizations[0])
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return organizations, chosen, year


@login_required
@require_GET
def copy_register(request):
    organizations, organization, year = _register_choice(request)
    if organization is None:
        return render(request, "documents/copies/register.html", {"organization": None, "year": year})
    rows = copy_register_rows(user=request.user, organization=organization, year=year)
    return render(request, "documents/copies/register.html", {
        "organizations": organizations, "organization": organization, "year": year, "rows": rows,
        "waiting": copies_waiting(user=request.user, organization=organization)})


COLUMNS = ("Số, ký hiệu bản sao", "Ngày sao", "Hình thức sao", "Cách sao", "Văn bản được sao", "Trang",
           "Người đề nghị", "Người ký", "Số bản in", "Nơi nhận")


@login_required
@require_GET
def copy_register_export(request):
    _organizations, organization, year = _register_choice(request)
    if organization is None:
        raise Http404("Bạn chưa thuộc cơ quan nào nên chưa có sổ bản sao để xem.")
    wb = Workbook()
    ws = wb.active
    ws.title = f"So ban sao {year}"
    ws.append([f"SỔ BẢN SAO NĂM {year} — {organization.name}"])
    ws.append(list(COLUMNS))
    for c in copy_register_rows(user=request.user, organization=organization, year=year):
        ws.append([c.symbol, c.copied_on.strftime("%d/%m/%Y") if c.copied_on else "", c.get_form_display(),
                   c.get_mode_display(), f"{c.original.symbol} — {c.original.subject}", c.pages_label or "Toàn bộ",
                   str(c.requested_by), c.signer_name, c.printed_count or "", c.recipients.replace("\n", "; ")])
    for row in ws.iter_rows():
        for cell in row:
            as_text(cell)
    out = io.BytesIO()
    wb.save(out)
    audit_record(action=AuditAction.COPY_REGISTER_EXPORT, actor=request.user, organization=organization,
                 data={"year": year})
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="so-ban-sao-{organization.organ_id}-{year}.xlsx"'
    return response
