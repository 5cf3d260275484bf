"""Handling: the leader's instruction, the unit head's redistribution, the handler's progress and
completion, and reminders (đôn đốc)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.forms.incoming import CompleteForm, InstructForm, ProgressForm, RedistributeForm, RemindForm
from documents.selectors.documents import document_get
from documents.selectors.incoming import assignment_get, document_actions
from documents.services.incoming.handling import (
    assignment_complete,
    assignment_progress,
    assignment_redistribute,
    document_remind,
    incoming_instruct,
)
from documents.views.common import run_service
from documents.views.incoming.common import respond
from qlvb.access import delegators_of, roles_in
from qlvb.models import Role
from qlvb.models.delegation import DelegationScope


@login_required
def instruct(request, pk: int):
    """Phiếu giải quyết: lead, coordinating and informed, a deadline, the text; "thay mặt" under a delegation."""
    document = document_get(user=request.user, pk=pk)
    if not document_actions(user=request.user, document=document).instruct:
        messages.error(request, "Bạn không thể cho ý kiến chỉ đạo văn bản này lúc này.")
        return redirect("documents:detail", pk=pk)
    is_leader = Role.LEADER in roles_in(request.user, document.organization_id)
    form = InstructForm(request.POST or None, organization_id=document.organization_id, is_leader=is_leader,
                        delegators=list(delegators_of(request.user, scope=DelegationScope.HANDLING,
                                                      organization=document.organization_id)))
    if request.method == "POST" and form.is_valid():
        try:
            incoming_instruct(actor=request.user, document=document, **form.service_kwargs())
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, "Đã cho ý kiến chỉ đạo và phân công xử lý.")
            return redirect("documents:detail", pk=pk)
    return render(request, "documents/incoming/instruct_form.html", {"document": document, "form": form})


@login_required
@require_POST
def remind(request, pk: int):
    document = document_get(user=request.user, pk=pk)
    form = RemindForm(request.POST)
    form.is_valid()
    run_service(request, lambda: document_remind(document=document, actor=request.user,
                                                 text=form.cleaned_data.get("text", "")),
                "Đã đôn đốc những người đang xử lý.")
    return respond(request, pk)


@login_required
@require_POST
def redistribute(request, assignment_pk: int):
    assignment = assignment_get(user=request.user, pk=assignment_pk)
    form = RedistributeForm(request.POST, assignment=assignment)
    if not form.is_valid():
        return respond(request, assignment.document_id, **{f"redistribute_{assignment.pk}": form})
    users = form.chosen_users()
    run_service(request, lambda: assignment_redistribute(actor=request.user, assignment=assignment, users=users,
                                                         note=form.cleaned_data["note"]),
                "Đã phân công cho " + ", ".join(str(u) for u in users) + ".")
    return respond(request, assignment.document_id)


@login_required
@require_POST
def progress(request, assignment_pk: int):
    assignment = assignment_get(user=request.user, pk=assignment_pk)
    form = ProgressForm(request.POST, assignment=assignment)
    if not form.is_valid():
        return respond(request, assignment.document_id, **{f"progress_{assignment.pk}": form})
    run_service(request, lambda: assignment_progress(actor=request.user, assignment=assignment,
                                                     text=form.cleaned_data["text"],
                                                     percent=form.cleaned_data["percent"]),
                "Đã cập nhật tiến độ.")
    return respond(request, assignment.document_id)


@login_required
@require_POST
def complete(request, assignment_pk: int):
    assignment = assignment_get(user=request.user, pk=assignment_pk)
    form = CompleteForm(request.POST, assignment=assignment, user=request.user)
    if not form.is_valid():
        return respond(request, assignment.document_id, **{f"complete_{assignment.pk}": form})
    run_service(request, lambda: assignment_complete(actor=request.user, assignment=assignment,
                                                     result=form.cleaned_data["result"],
                                                     reply_document=form.cleaned_data["reply_document"]),
                "Đã hoàn thành xử lý.")
    return respond(request, assignment.document_id)
