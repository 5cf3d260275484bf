"""Văn bản đi ký tay: the clerk registers a document a leader signed on paper, seals its digitized
copy, dispatches it; the page of such a document; the post register (sổ gửi văn bản đi bưu điện)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.exports import register_pdf, register_xlsx
from documents.exports.post_register import POST_SPEC, post_register_entries, post_register_sheet
from documents.forms.handsigned import HandsignedForm, PostRegisterFilterForm
from documents.forms.outgoing import SealForm
from documents.models import Addressee, Document
from documents.selectors.outgoing import deliveries, delivery_summary, outgoing_get
from documents.services.outgoing.drafting import channel_for
from documents.services.outgoing.handsigned import (
    copy_stamp_text,
    handsigned_dispatch,
    handsigned_register,
    handsigned_seal,
    refuse_unless_clerk,
)
from documents.services.outgoing.review import route_for
from documents.views.common import run_service
from documents.views.outgoing.common import chosen_organization
from documents.views.outgoing.pages import page_context
from qlvb.access import has_role
from qlvb.models import Role
from signatures.models import SignatureRecord

ENVELOPES = "bi-"  # the dispatch form's field of each paper addressee: bi-<addressee id>


@login_required
@require_http_methods(["GET", "POST"])
def handsigned_create(request):
    organization, organizations = chosen_organization(request)
    refuse_unless_clerk(request.user, organization)
    form = HandsignedForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            document = handsigned_register(actor=request.user, **form.service_kwargs())
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, f"Đã vào sổ văn bản ký tay: số, ký hiệu {document.symbol}.")
            return redirect("outgoing:handsigned", pk=document.pk)
    chosen = form.chosen_recipients()
    for org in chosen:
        org.channel = channel_for(organization, org)
    return render(request, "documents/outgoing/handsigned_form.html",
                  {"form": form, "organization": organization, "organizations": organizations, "chosen": chosen})


def _handsigned_get(request, pk: int) -> Document:
    document = outgoing_get(user=request.user, pk=pk)
    if document.source != Document.Source.PAPER:
        raise Http404("not a hand-signed document")
    return document


def _page(request, document: Document, seal_form=None, status: int = 200):
    clerk = has_role(request.user, document.organization, Role.CLERK)
    context = page_context(request, document)
    paper = [a for a in context["addressees"] if a.channel == Addressee.Channel.PAPER]
    electronic = [a for a in context["addressees"] if a.channel != Addressee.Channel.PAPER]
    main = context["main"]
    context.update(
        deliveries=deliveries(document=document), summary=delivery_summary(document=document),
        seal_record=(SignatureRecord.objects.filter(signed_file=main).select_related("signer").first()
                     if main is not None else None),
        stamp_text=copy_stamp_text(document.organization), paper_addressees=paper, electronic_addressees=electronic,
        may_seal=clerk and document.state == Document.State.SIGNED and bool(electronic) and not document.is_frozen,
        may_dispatch=(clerk and document.dispatched_at is None and not document.is_frozen
                      and (document.sealed_at is not None or not electronic)),
        seal_form=seal_form or SealForm(require_totp=route_for(document.organization).require_second_factor),
        post_entries=list(document.post_entries.order_by("id")),
    )
    return render(request, "documents/outgoing/handsigned.html", context, status=status)


@login_required
@require_GET
def handsigned_page(request, pk: int):
    return _page(request, _handsigned_get(request, pk))


@login_required
@require_POST
def handsigned_seal_view(request, pk: int):
    document = _handsigned_get(request, pk)
    refuse_unless_clerk(request.user, document.organization)
    form = SealForm(request.POST, require_totp=route_for(document.organization).require_second_factor)
    if form.is_valid():
        done = run_service(request, lambda: handsigned_seal(actor=request.user, document=document,
                                                            pin=form.cleaned_data["pin"],
                                                            totp_code=form.cleaned_data.get("totp_code")),
                           "Đã ký số của cơ quan lên bản số hóa.")
        if done:
            return redirect("outgoing:handsigned", pk=pk)
    document.refresh_from_db()
    return _page(request, document, seal_form=form)


@login_required
@require_POST
def handsigned_dispatch_view(request, pk: int):
    document = _handsigned_get(request, pk)
    refuse_unless_clerk(request.user, document.organization)
    envelopes = {}
    for name, value in request.POST.items():
        if name.startswith(ENVELOPES) and name[len(ENVELOPES):].isdigit():
            envelopes[int(name[len(ENVELOPES):])] = int(value) if value.strip().lstrip("-").isdigit() else 0
    run_service(request, lambda: handsigned_dispatch(actor=request.user, document=document, envelopes=envelopes,
                                                     note=request.POST.get("ghi_chu", "")),
                "Đã phát hành văn bản ký tay đến các nơi nhận.")
    return redirect("outgoing:handsigned", pk=pk)


def _post_register(request):
    organization, organizations = chosen_organization(request)
    today = timezone.localdate()
    form = PostRegisterFilterForm(request.GET or None, initial={"date_from": dt.date(today.year, 1, 1), "date_to": today})
    date_from, date_to = form.period()
    return organization, organizations, form, date_from, date_to


@login_required
@require_GET
def post_register_page(request):
    organization, organizations, form, date_from, date_to = _post_register(request)
    entries = post_register_entries(user=request.user, organization=organization, date_from=date_from,
                                    date_to=date_to)
    query = request.GET.copy()
    query.update({"org": organization.pk, "date_from": f"{date_from:%d/%m/%Y}", "date_to": f"{date_to:%d/%m/%Y}"})
    return render(request, "documents/registers/post_register.html", {
        "form": form, "organization": organization, "organizations": organizations, "entries": entries,
        "spec": POST_SPEC, "date_from": date_from, "date_to": date_to, "query": query.urlencode()})


@login_required
@require_GET
def post_register_export(request, file_format: str):
    organization, _, _, date_from, date_to = _post_register(request)
    sheet = post_register_sheet(user=request.user, organization=organization, date_from=date_from, date_to=date_to)
    if file_format == "xlsx":
        content_type, body = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", register_xlsx(sheet)
    else:
        content_type, body = "application/pdf", register_pdf(sheet)
    response = HttpResponse(body, content_type=content_type)
    name = f"so-gui-buu-dien-{organization.organ_id}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
