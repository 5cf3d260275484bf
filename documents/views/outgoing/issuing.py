"""The clerk issues a signed document: the organization's signature (seal), then dispatch to every
addressee in one action — refused, with the reasons, while anything is missing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from documents.forms.outgoing import SealForm
from documents.models import Document
from documents.selectors.outgoing import outgoing_get
from documents.services.outgoing.issuing import dispatch_problems, outgoing_dispatch, outgoing_seal
from documents.services.outgoing.review import route_for
from documents.views.common import run_service
from documents.views.outgoing.pages import page_context

# The states in which dispatch is worth checking; dispatch_problems verifies the signatures.
CHECKED = (Document.State.SIGNED, Document.State.ISSUED)
CONFIRM_FIRST = ("Chưa phát hành: hãy đánh dấu ô xác nhận đã kiểm tra số, ký hiệu và nơi nhận, "
                 "vì văn bản đã phát hành thì không sửa được nữa.")


def _seal_form(document, data=None) -> SealForm:
    return SealForm(data, require_totp=route_for(document.organization).require_second_factor)


def _issue_page(request, document, seal_form):
    problems = run_service(request, lambda: dispatch_problems(document)) if document.state in CHECKED else []
    context = page_context(request, document, seal_form=seal_form, problems=problems or [])
    return render(request, "documents/outgoing/issue.html", context)


@login_required
@require_GET
def issue(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    if document.source == Document.Source.PAPER:  # signed by hand: sealed and dispatched from its own page
        return redirect("outgoing:handsigned", pk=pk)
    return _issue_page(request, document, _seal_form(document))


@login_required
@require_POST
def seal(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    form = _seal_form(document, request.POST)
    if form.is_valid():
        done = run_service(request, lambda: outgoing_seal(actor=request.user, document=document,
                                                          pin=form.cleaned_data["pin"],
                                                          totp_code=form.cleaned_data.get("totp_code")),
                           "Đã ký số của cơ quan lên văn bản và các tệp kèm theo.")
        if done:
            return redirect("outgoing:issue", pk=pk)
    document.refresh_from_db()
    return _issue_page(request, document, form)


@login_required
@require_POST
def dispatch(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    if request.POST.get("xac_nhan") != "1":  # the confirm box of issue.html: nothing is sent without it
        messages.error(request, CONFIRM_FIRST)
        return redirect("outgoing:issue", pk=pk)
    done = run_service(request, lambda: outgoing_dispatch(actor=request.user, document=document),
                       "Đã phát hành văn bản đến các nơi nhận.")
    return redirect("outgoing:tracking" if done else "outgoing:issue", pk=pk)
