"""Drafting: the draft form with its recipient autocomplete, the draft page (versions, comments,
addressees, review steps), new versions, comments, submitting, and DOCX conversion progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.forms.outgoing import CommentForm, DraftForm, VersionForm, WithdrawForm
from documents.models import DocumentType
from documents.selectors.electronic_only import (
    electronic_only_type_ids,
    is_electronic_only,
    reachable_electronically,
)
from documents.selectors.outgoing import (
    conversion_pending,
    organizations_by_ids,
    outgoing_get,
    recipient_search,
    recipient_shortlist,
)
from documents.services.outgoing.drafting import (
    channel_for,
    draft_comment_add,
    draft_content_replace,
    outgoing_draft_create,
)
from documents.services.outgoing.review import outgoing_submit, outgoing_withdraw
from documents.views.common import run_service
from documents.views.outgoing.common import chosen_organization, safe_next
from documents.views.outgoing.pages import page_context
from qlvb.errors import Forbidden, Refused
from qlvb.models import Organization


@login_required
@require_http_methods(["GET", "POST"])
def draft_create(request):
    organization, organizations = chosen_organization(request)
    form = DraftForm(request.POST or None, request.FILES or None, user=request.user, organization=organization)
    if request.method == "POST":
        if form.is_valid():
            try:
                document = outgoing_draft_create(actor=request.user, **form.service_kwargs())
            except Refused as exc:  # e.g. paper for an e-only type without a reason: shown on the form
                form.add_error(None, exc.text())
            except Forbidden as exc:
                raise PermissionDenied(exc.text()) from exc
            else:
                messages.success(request, "Đã tạo dự thảo.")
                return redirect("outgoing:detail", pk=document.pk)
    shortlist = recipient_shortlist(sender=organization)
    chosen = form.chosen_recipients()
    chosen_ids = {o.pk for o in chosen}
    paper_orgs = [o for o in organizations_by_ids(form.paper_ids()) if o.pk not in chosen_ids]
    chosen += paper_orgs  # a paper choice survives the page coming back with an error
    _paper_options(organization, [*shortlist, *chosen], document_type=form.chosen_type(),
                   secrecy=form.chosen_secrecy(), paper=set(form.paper_ids()), reason=form.paper_reason)
    context = {"form": form, "organization": organization, "organizations": organizations,
               "shortlist": shortlist, "chosen": chosen,
               "electronic_only_types": sorted(electronic_only_type_ids(organization=organization))}
    return render(request, "documents/outgoing/draft_form.html", context)


def _paper_options(sender: Organization, orgs: list[Organization], *, document_type: DocumentType | None,
                   secrecy: int, paper: set[int] = frozenset(), reason=lambda pk: "") -> None:
    """What the addressee form shows next to each organization: its channel, whether the type on the
    form is on the e-only catalogue for it (then paper needs a reason), and the paper choice posted."""
    eonly = document_type is not None and is_electronic_only(organization=sender, document_type=document_type,
                                                             secrecy=secrecy)
    for org in orgs:
        org.channel = channel_for(sender, org)
        org.electronic_only = eonly and reachable_electronically(org)
        org.paper, org.paper_reason = org.pk in paper, reason(org.pk)


@login_required
@require_GET
def recipient_options(request):
    """The autocomplete: organizations matching ?q=, or the chip for ?chon=<id> once picked."""
    organization, _ = chosen_organization(request)
    picked = request.GET.get("chon", "")
    if picked.isdigit():
        org = get_object_or_404(Organization.objects.filter(is_active=True).exclude(pk=organization.pk), pk=picked)
        # The chip knows the type chosen on the form (hx-include) to offer paper, or paper with a reason.
        type_id, secrecy = request.GET.get("document_type", ""), request.GET.get("secrecy", "")
        dtype = DocumentType.objects.filter(pk=type_id).first() if type_id.isdigit() else None
        _paper_options(organization, [org], document_type=dtype, secrecy=int(secrecy) if secrecy.isdigit() else 0)
        return render(request, "documents/outgoing/_recipient_chip.html", {"org": org})
    results = recipient_search(sender=organization, text=request.GET.get("q", ""))
    for org in results:
        org.channel = channel_for(organization, org)
    return render(request, "documents/outgoing/_recipient_options.html",
                  {"results": results, "q": request.GET.get("q", ""), "organization": organization})


@login_required
@require_GET
def document_page(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    if document.source == document.Source.PAPER:  # signed by hand: its own page (views.outgoing.handsigned)
        return redirect("outgoing:handsigned", pk=pk)
    context = page_context(request, document, version_form=VersionForm(), comment_form=CommentForm())
    return render(request, "documents/outgoing/document.html", context)


@login_required
@require_POST
def version_add(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(request, lambda: draft_content_replace(actor=request.user, document=document,
                                                           content=form.cleaned_data["content"],
                                                           note=form.cleaned_data["note"]),
                    "Đã lưu phiên bản mới của dự thảo.")
        return redirect("outgoing:detail", pk=pk)
    context = page_context(request, document, version_form=form, comment_form=CommentForm())
    return render(request, "documents/outgoing/document.html", context, status=400)


@login_required
@require_POST
def comment_add(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        run_service(request, lambda: draft_comment_add(actor=request.user, document=document,
                                                       text=form.cleaned_data["text"]), "Đã gửi góp ý.")
        return redirect(f"{safe_next(request) or reverse('outgoing:detail', args=[pk])}#gop-y")
    context = page_context(request, document, version_form=VersionForm(), comment_form=form)
    return render(request, "documents/outgoing/document.html", context, status=400)


@login_required
@require_POST
def submit(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    run_service(request, lambda: outgoing_submit(actor=request.user, document=document), "Đã trình dự thảo.")
    return redirect("outgoing:detail", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    """Rút lại: the author takes a submitted draft back to change it."""
    document = outgoing_get(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            outgoing_withdraw(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        except Forbidden as exc:
            raise PermissionDenied(exc.text()) from exc
        except Refused as exc:
            messages.error(request, exc.text())
        else:
            messages.success(request, "Đã rút lại dự thảo; bạn có thể sửa và trình lại.")
            return redirect("outgoing:detail", pk=pk)
    context = page_context(request, document, version_form=VersionForm(), comment_form=CommentForm(),
                           withdraw_form=form)
    return render(request, "documents/outgoing/document.html", context, status=400)


@login_required
@require_GET
def conversion_progress(request, pk: int):
    """Polled by htmx while a DOCX is being converted; when it is done the page reloads."""
    document = outgoing_get(user=request.user, pk=pk)
    conversion = conversion_pending(document)
    response = render(request, "documents/outgoing/_conversion.html", {"document": document, "conversion": conversion})
    if conversion is None and request.htmx:
        response["HX-Refresh"] = "true"
    return response
