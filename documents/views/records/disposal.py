"""Pages of keeping back (giữ lại), handover (bàn giao) and retention/disposal (hủy hồ sơ hết giá trị).
Thin: read through documents.selectors.records_disposal, act through the services, show refusals in
Vietnamese."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from documents.exports.records_disposal import (
    disposal_sheet,
    handover_sheet,
    kept_sheet,
    sheet_pdf,
    sheet_xlsx,
)
from documents.forms.records_disposal import (
    DesignateForm,
    DisposalDecideForm,
    DisposalProposeForm,
    DisposalRefuseForm,
    HandoverForm,
    KeepBackApproveForm,
    KeepBackRefuseForm,
    KeepBackRequestForm,
)
from documents.models.records_disposal import DisposalDecision
from documents.selectors import records_disposal as sel
from documents.services.records import disposal as svc
from documents.services.records.handover import handover_designate, records_hand_over
from documents.views.common import run_service
from qlvb.models import Membership, Role, User


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-cache"
    return response


NOT_LEADER = "Chỉ lãnh đạo cơ quan mới được quyết định việc này."
PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the section's landing page and a hồ sơ's page -----------------------------------------------

@login_required
@require_GET
def care_index(request):
    user = request.user
    context = {
        "candidates": sel.keep_back_candidates(user=user),
        "pending": sel.keep_backs_pending(user=user),
        "kept_count": sel.keep_backs_kept(user=user).count(),
        "sees_archive": bool(sel.orgs_with(user, Role.LEADER, Role.ARCHIVIST)),
        "sees_handover": bool(sel.orgs_with(user, Role.LEADER)) or any(
            sel.headed_unit_ids(user, o) for o in sel.orgs_with(user, Role.UNIT_HEAD)),
        "review_count": len(sel.disposal_review(user=user)),
        "decisions": sel.disposal_decisions(user=user)[:10],
        "held_count": sel.my_held_count(user=user),
    }
    return render(request, "documents/records/disposal/index.html", context)


@login_required
@require_GET
def record_care(request, pk: int):
    record = sel.record_care_get(user=request.user, pk=pk)
    return render(request, "documents/records/disposal/record.html", {"record": record})


# --- keeping back --------------------------------------------------------------------------------

@login_required
def keep_back_new(request, pk: int):
    record = sel.record_care_get(user=request.user, pk=pk)
    if not sel.may_request_keep_back(request.user, record):
        raise Http404("Không có hồ sơ này.")
    form = KeepBackRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keep = run_service(request, lambda: svc.keep_back_request(
            actor=request.user, record=record, reason=form.cleaned_data["reason"], until=form.cleaned_data["until"]),
            success="Đã gửi đề nghị giữ lại hồ sơ, chờ lãnh đạo phê duyệt.")
        if keep:
            return redirect("records:keep-back-detail", keep.pk)
    return render(request, "documents/records/disposal/keep_back_new.html", {
        "record": record, "form": form, "latest": sel.keep_back_latest(record),
        "open": sel.keep_back_open_to(record)})


@login_required
@require_GET
def keep_back_list(request):
    user = request.user
    if not sel.orgs_with(user, Role.LEADER, Role.ARCHIVIST) and not sel.keep_back_candidates(user=user):
        return render(request, "documents/records/disposal/keep_back_list.html", {"allowed": False})
    return render(request, "documents/records/disposal/keep_back_list.html", {
        "allowed": True, "kept": sel.keep_backs_kept(user=user), "pending": sel.keep_backs_pending(user=user),
        "candidates": sel.keep_back_candidates(user=user),
        "exports": bool(sel.orgs_with(user, Role.LEADER, Role.ARCHIVIST))})


@login_required
@require_GET
def keep_back_export(request, file_format: str):
    organizations = sel.organizations_with(request.user, Role.LEADER, Role.ARCHIVIST)
    if not organizations:
        raise Http404("Không có danh mục này.")
    organization = organizations[0]
    sheet = kept_sheet(sel.keep_backs_kept(user=request.user, organization_id=organization.pk),
                       organization=organization.name, today=timezone.localdate())
    if file_format == "pdf":
        return _download(sheet_pdf(sheet), "danh-muc-ho-so-giu-lai.pdf", PDF)
    return _download(sheet_xlsx(sheet), "danh-muc-ho-so-giu-lai.xlsx", XLSX)


@login_required
def keep_back_detail(request, pk: int):
    keep = sel.keep_back_get(user=request.user, pk=pk)
    is_leader = sel.is_leader(request.user, keep.organization_id)
    approve = KeepBackApproveForm(request.POST if request.POST.get("action") == "approve" else None,
                                  initial={"approval_date": timezone.localdate()})
    refuse = KeepBackRefuseForm(request.POST if request.POST.get("action") == "refuse" else None)
    if request.method == "POST":
        if not is_leader:
            raise PermissionDenied(NOT_LEADER)
        if request.POST.get("action") == "approve" and approve.is_valid():
            data = approve.cleaned_data
            if run_service(request, lambda: svc.keep_back_approve(
                    actor=request.user, keep=keep, approval_number=data["approval_number"],
                    approval_date=data["approval_date"], note=data["note"]), success="Đã đồng ý giữ lại hồ sơ."):
                return redirect("records:keep-back-detail", keep.pk)
        elif request.POST.get("action") == "refuse" and refuse.is_valid():
            if run_service(request, lambda: svc.keep_back_refuse(actor=request.user, keep=keep,
                                                                  note=refuse.cleaned_data["note"]),
                           success="Đã không đồng ý giữ lại hồ sơ."):
                return redirect("records:keep-back-detail", keep.pk)
        keep.refresh_from_db()
    return render(request, "documents/records/disposal/keep_back_detail.html", {
        "keep": keep, "record": keep.record, "is_leader": is_leader, "approve": approve, "refuse": refuse,
        "latest": sel.keep_back_latest(keep.record)})


# --- handover ------------------------------------------------------------------------------------

@login_required
def handover(request):
    user = request.user
    designation = sel.my_designation(user=user)
    if request.method == "POST" and designation is not None:
        reason = request.POST.get("reason", "")
        done = run_service(request, lambda: records_hand_over(
            actor=user, from_user=user, to_user=designation.to_user, reason=reason,
            organization=designation.organization), success="Đã bàn giao hồ sơ.")
        if done:
            return redirect("records:handover-detail", done.pk)
    return render(request, "documents/records/disposal/handover.html", {
        "holders": sel.handover_holders(user=user), "designation": designation,
        "held_count": sel.my_held_count(user=user),
        "handovers": sel.handovers_visible(user=user).order_by("-at")[:30]})


@login_required
def handover_person(request, org_id: int, user_id: int):
    holder = sel.handover_holder_get(user=request.user, organization_id=org_id, user_id=user_id)
    organization = holder.organization
    records = sel.held_records(actor=request.user, from_user=holder.user, organization=organization).order_by("year", "code")
    recipients = sel.handover_recipients(user=request.user, organization_id=org_id, exclude=holder.user)
    choices = [(r.pk, f"{r.code} — {r.title}") for r in records]
    action = request.POST.get("action")
    form = HandoverForm(request.POST if action == "handover" else None, recipients=recipients, records=choices)
    designate = DesignateForm(request.POST if action == "designate" else None, recipients=recipients,
                               prefix="designate")
    if action == "handover" and form.is_valid():
        data = form.cleaned_data
        done = run_service(request, lambda: records_hand_over(
            actor=request.user, from_user=holder.user, to_user=data["to_user"], records=data["records"] or None,
            reason=data["reason"], organization=organization), success="Đã bàn giao hồ sơ.")
        if done:
            return redirect("records:handover-detail", done.pk)
    elif action == "designate" and designate.is_valid():
        if run_service(request, lambda: handover_designate(actor=request.user, from_user=holder.user,
                                                           to_user=designate.cleaned_data["to_user"],
                                                           organization=organization),
                       success="Đã chỉ định người nhận bàn giao."):
            return redirect("records:handover")
    return render(request, "documents/records/disposal/handover_person.html", {
        "holder": holder, "records": records, "form": form, "designate": designate})


@login_required
@require_GET
def handover_detail(request, pk: int):
    return render(request, "documents/records/disposal/handover_detail.html",
                  {"handover": sel.handover_get(user=request.user, pk=pk)})


@login_required
@require_GET
def handover_pdf(request, pk: int):
    handover = sel.handover_get(user=request.user, pk=pk)
    return _download(sheet_pdf(handover_sheet(handover)), f"bien-ban-ban-giao-ho-so-{handover.pk}.pdf", PDF)


# --- retention and disposal ----------------------------------------------------------------------

@login_required
def disposal_review(request):
    user = request.user
    rows = sel.disposal_review(user=user)
    proposers = sel.organizations_with(user, Role.ARCHIVIST)
    free = [(r.pk, r.code) for r in rows if not r.on_list]
    form = DisposalProposeForm(request.POST or None, choices=free)
    if request.method == "POST":
        if not proposers:
            raise PermissionDenied("Chỉ người làm lưu trữ cơ quan mới được lập danh mục tài liệu đề nghị hủy.")
        if form.is_valid():
            chosen = form.cleaned_data["records"]
            organization = proposers[0]
            decision = run_service(request, lambda: svc.disposal_propose(
                actor=user, organization=organization, records=chosen, note=form.cleaned_data["note"]),
                success="Đã lập danh mục đề nghị hủy, chờ quyết định của lãnh đạo.")
            if decision:
                return redirect("records:disposal-detail", decision.pk)
    return render(request, "documents/records/disposal/review.html", {
        "rows": rows, "form": form, "may_propose": bool(proposers),
        "allowed": bool(sel.orgs_with(user, Role.LEADER, Role.ARCHIVIST))})


@login_required
@require_GET
def disposal_list(request):
    return render(request, "documents/records/disposal/decisions.html", {
        "decisions": sel.disposal_decisions(user=request.user),
        "allowed": bool(sel.orgs_with(request.user, Role.LEADER, Role.ARCHIVIST))})


def _signers(organization_id: int):
    ids = Membership.objects.filter(organization_id=organization_id, is_active=True,
                                    roles__role=Role.LEADER).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


@login_required
def disposal_detail(request, pk: int):
    decision = sel.disposal_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    decide = DisposalDecideForm(request.POST if action == "decide" else None, signers=_signers(decision.organization_id),
                                initial={"signed_on": timezone.localdate()})
    refuse = DisposalRefuseForm(request.POST if action == "refuse" else None)
    if request.method == "POST":
        ok = None
        if action == "decide" and decide.is_valid():
            d = decide.cleaned_data
            ok = run_service(request, lambda: svc.disposal_decide(
                actor=request.user, decision=decision, number=d["number"], signed_on=d["signed_on"],
                reason=d["reason"], signer=d["signer"]), success="Đã ghi nhận quyết định hủy.")
        elif action == "refuse" and refuse.is_valid():
            ok = run_service(request, lambda: svc.disposal_refuse(actor=request.user, decision=decision,
                                                                   reason=refuse.cleaned_data["reason"]),
                             success="Đã ghi nhận: không hủy.")
        elif action == "execute":
            ok = run_service(request, lambda: svc.disposal_execute(actor=request.user, decision=decision),
                             success="Đã hủy các hồ sơ trong danh mục theo quyết định.")
        elif action == "retry":
            ok = run_service(request, lambda: svc.disposal_blobs_retry(actor=request.user, decision=decision),
                             success="Đã thử xóa lại các tệp.")
        if ok:
            return redirect("records:disposal-detail", decision.pk)
        decision = sel.disposal_get(user=request.user, pk=pk)
    organization_id = decision.organization_id
    return render(request, "documents/records/disposal/decision.html", {
        "decision": decision, "items": sel.disposal_items(decision), "decide": decide, "refuse": refuse,
        "is_leader": sel.is_leader(request.user, organization_id),
        "may_execute": sel.is_leader(request.user, organization_id) or sel.is_archivist(request.user, organization_id),
        "State": DisposalDecision.State})


@login_required
@require_GET
def disposal_pdf(request, pk: int):
    decision = sel.disposal_get(user=request.user, pk=pk)
    data = sheet_pdf(disposal_sheet(decision, sel.disposal_items(decision)))
    return _download(data, f"danh-muc-ho-so-huy-{decision.pk}.pdf", PDF)

