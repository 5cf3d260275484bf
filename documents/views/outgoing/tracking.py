"""Theo dõi: where the dispatched document is for each recipient, what happened when, the retry of
a failed send, and the recall."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from documents.forms.outgoing import RecallForm
from documents.selectors.outgoing import (
    deliveries,
    delivery_summary,
    outgoing_actions,
    outgoing_get,
    tracking_timeline,
)
from documents.services.outgoing.issuing import outgoing_recall
from documents.views.common import run_service
from interchange.models import Outbound
from interchange.services.outbox import outbound_retry
from qlvb.models import Role


def _tracking_page(request, document, recall_form, status=200):
    actions = outgoing_actions(user=request.user, document=document)
    context = {
        "document": document, "actions": actions, "deliveries": deliveries(document=document),
        "summary": delivery_summary(document=document), "timeline": tracking_timeline(document=document),
        "recall_form": recall_form, "may_retry": Role.CLERK in actions.roles and not document.is_frozen,
    }
    template = "documents/outgoing/_deliveries.html" if request.htmx else "documents/outgoing/tracking.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def tracking(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    return _tracking_page(request, document, RecallForm())


@login_required
@require_POST
def retry(request, pk: int, outbound_id: int):
    document = outgoing_get(user=request.user, pk=pk)
    outbound = get_object_or_404(Outbound.objects.filter(document=document), pk=outbound_id)
    if Role.CLERK not in outgoing_actions(user=request.user, document=document).roles:
        messages.error(request, "Chỉ văn thư của cơ quan mới gửi lại văn bản.")
    else:
        run_service(request, lambda: outbound_retry(outbound=outbound, actor=request.user),
                    "Đã đưa văn bản vào hàng đợi để gửi lại.")
    return redirect("outgoing:tracking", pk=pk)


@login_required
@require_POST
def recall(request, pk: int):
    document = outgoing_get(user=request.user, pk=pk)
    form = RecallForm(request.POST)
    if form.is_valid():
        done = run_service(request, lambda: outgoing_recall(actor=request.user, document=document,
                                                            reason=form.cleaned_data["reason"]),
                           "Đã gửi đề nghị thu hồi đến các nơi nhận.")
        if done:
            return redirect("outgoing:tracking", pk=pk)
    return _tracking_page(request, document, form, status=400)
