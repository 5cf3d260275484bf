"""The organization's archive pages (lưu trữ cơ quan): submitting hồ sơ, the archive's queue, the check
and the decision, the transfer's papers, what is due, the catalogue of archived hồ sơ and reading
requests. Thin: selectors read, services write, refusals come back as Vietnamese messages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents.forms.records_archive import ReadingDecisionForm, ReadingRequestForm, ReturnForm
from documents.models import Document
from documents.models.records import RecordFile
from documents.models.records_archive import ArchiveTransfer
from documents.selectors import records_archive as sel
from documents.services.records import archive as svc
from documents.views.common import run_service


def _tabs(user) -> dict:
    return {"archive_staff": bool(sel.archive_organizations(user)),
            "is_leader": bool(sel.leader_organizations(user))}


def _page(request, template: str, context: dict, tab: str):
    return render(request, f"documents/records/archive/{template}", {**_tabs(request.user), "tab": tab, **context})


# --- submission -----------------------------------------------------------------------------------


@login_required
def submit(request, pk: int):
    """Nộp lưu: this hồ sơ, with others the person may submit ticked alongside (one transfer)."""
    record = sel.archive_record_get(user=request.user, pk=pk)
    others = sel.submittable_records(user=request.user).exclude(pk=record.pk)
    if request.method == "POST":
        chosen = [record, *others.filter(pk__in=[int(x) for x in request.POST.getlist("also") if x.isdigit()])]
        transfer = run_service(request, lambda: svc.archive_submit(actor=request.user, records=chosen),
                               f"Đã nộp lưu {len(chosen)} hồ sơ vào Lưu trữ cơ quan.")
        if transfer:
            return redirect("records:archive-transfer", transfer.pk)
    return _page(request, "submit.html", {
        "record": record, "others": others, "may_submit": svc.may_submit(request.user, record),
        "due_on": sel.archive_due_on(record), "inspection": sel.record_inspection(record)}, tab="due")


@login_required
def due(request):
    return _page(request, "due.html", {"due": sel.due_records(user=request.user)}, tab="due")


# --- the archive's queue and decisions ---------------------------------------------------------------


@login_required
def queue(request):
    if not sel.archive_organizations(request.user):
        raise Http404("Trang này dành cho Lưu trữ cơ quan và lãnh đạo cơ quan.")
    return _page(request, "queue.html", {"transfers": sel.archive_queue(user=request.user),
                                         "history": sel.archive_history(user=request.user)}, tab="queue")


@login_required
def transfer_page(request, pk: int):
    transfer = sel.transfer_get(user=request.user, pk=pk)
    items = list(transfer.items.select_related("record", "record__owner", "decided_by").order_by("position"))
    readable = set(RecordFile.objects.visible_to(request.user).filter(pk__in=[i.record_id for i in items])
                   .values_list("pk", flat=True))
    may_decide = (transfer.state == ArchiveTransfer.State.SUBMITTED
                  and svc.is_archivist(request.user, transfer.organization_id))
    return _page(request, "transfer.html", {"transfer": transfer, "items": items, "may_decide": may_decide,
                                            "readable": readable}, tab="queue")


@login_required
@require_POST
def accept(request, pk: int):
    transfer = sel.transfer_get(user=request.user, pk=pk)
    run_service(request, lambda: svc.archive_accept(actor=request.user, transfer=transfer),
                "Đã tiếp nhận hồ sơ vào Lưu trữ cơ quan; mục lục và biên bản giao nhận đã lập.")
    return redirect("records:archive-transfer", transfer.pk)


def _stored_pdf(fieldfile, name: str):
    if not fieldfile:
        raise Http404("Biên bản chưa được lập.")
    return FileResponse(fieldfile.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


@login_required
def transfer_catalogue(request, pk: int):
    transfer = sel.transfer_get(user=request.user, pk=pk)
    return _stored_pdf(transfer.catalogue_pdf, f"muc-luc-ho-so-nop-luu-{transfer.pk}.pdf")


@login_required
def transfer_minutes(request, pk: int):
    transfer = sel.transfer_get(user=request.user, pk=pk)
    return _stored_pdf(transfer.minutes_pdf, f"bien-ban-giao-nhan-{transfer.pk}.pdf")


@login_required
def record_page(request, pk: int):
    """A hồ sơ as the archive sees it: the check before acceptance, or the reading of an archived one."""
    record = sel.archive_record_get(user=request.user, pk=pk)
    archivist = svc.is_archivist(request.user, record.organization_id)
    inspection = sel.record_inspection(record)
    documents = [item.document_id for item in inspection.items if item.document_id]
    readable = set(Document.objects.visible_to(request.user).filter(pk__in=documents).values_list("pk", flat=True))
    return _page(request, "record.html", {
        "record": record, "inspection": inspection, "readable": readable,
        "transfer_items": sel.record_transfer_items(record),
        "may_return": archivist and record.state == RecordFile.State.SUBMITTED, "form": ReturnForm()}, tab="queue")


@login_required
def return_record(request, pk: int):
    record = sel.archive_record_get(user=request.user, pk=pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(request, lambda: svc.archive_return(actor=request.user, record=record,
                                                               reason=form.cleaned_data["reason"]),
                           f"Đã trả lại hồ sơ {record.code} cho đơn vị.")
        if done:
            return redirect("records:archive-queue" if sel.archive_organizations(request.user) else "records:archive-due")
    return redirect("records:archive-record", record.pk)


# --- the catalogue of archived hồ sơ and reading ------------------------------------------------------


@login_required
def catalogue(request):
    query = request.GET.get("q", "")
    records = list(sel.archived_catalogue(user=request.user, query=query)[:300])
    readable = set(RecordFile.objects.visible_to(request.user).filter(pk__in=[r.pk for r in records])
                   .values_list("pk", flat=True))
    rows = [(r, sel.record_period(r), r.pk in readable) for r in records]
    return _page(request, "catalogue.html", {"rows": rows, "query": query}, tab="catalogue")


@login_required
def reading_request(request, pk: int):
    record = sel.catalogue_record_get(user=request.user, pk=pk)
    form = ReadingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(request, lambda: svc.reading_request_create(
            actor=request.user, record=record, purpose=form.cleaned_data["purpose"], until=form.cleaned_data["until"]),
            "Đã gửi đề nghị đọc hồ sơ; lãnh đạo cơ quan sẽ xem xét.")
        if done:
            return redirect("records:archive-readings")
    return _page(request, "reading_request.html", {"record": record, "form": form,
                                                   "period": sel.record_period(record)}, tab="catalogue")


@login_required
def readings(request):
    return _page(request, "readings.html", {
        "mine": sel.reading_requests_mine(user=request.user),
        "to_decide": sel.reading_requests_to_decide(user=request.user),
        "log": sel.reading_requests_log(user=request.user) if sel.archive_organizations(request.user) else [],
        "form": ReadingDecisionForm(), "today": timezone.localdate()}, tab="readings")


@login_required
@require_POST
def reading_decide(request, pk: int):
    reading = sel.reading_request_get(user=request.user, pk=pk)
    form = ReadingDecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    run_service(request, lambda: svc.reading_request_decide(
        actor=request.user, request=reading, approve=approve, reason=form.cleaned_data.get("reason", "")),
        "Đã phê duyệt đề nghị đọc hồ sơ." if approve else "Đã từ chối đề nghị đọc hồ sơ.")
    return redirect("records:archive-readings")
