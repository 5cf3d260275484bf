"""The work-file screens (hồ sơ công việc): the list, opening a hồ sơ, the hồ sơ page with its
filing tools (picker, suggestions, upload, order), the review before closing, reopening, the
printed mục lục and cover, and who may read it. Thin: reads go through
documents.selectors.records_workfiles, writes through documents.services.records.workfiles (and
documents.services.records.access for the readers)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from documents.errors import RecordsError
from documents.exports.record_file import contents_pdf, cover_pdf
from documents.models import Document
from documents.models.records import PERMANENT, CatalogueEntry, RecordFile, RecordItem
from documents.selectors import records_workfiles as sel
from documents.services.records import access as access_services
from documents.services.records import freeze as freeze_services
from documents.services.records import workfiles as services
from documents.views.common import run_service
from qlvb.access import memberships
from qlvb.errors import Refused
from qlvb.widgets import parse_day

RETENTION_CHOICES = [(PERMANENT, "Vĩnh viễn"), (70, "70 năm"), (50, "50 năm"), (30, "30 năm"), (20, "20 năm"),
                     (15, "15 năm"), (10, "10 năm"), (5, "5 năm"), (3, "3 năm"), (2, "2 năm"), (1, "1 năm")]


def _record(request, pk: int) -> RecordFile:
    record = sel.record_file_for(user=request.user, pk=pk)
    if record is None:
        raise Http404("Không có hồ sơ này, hoặc bạn không có quyền xem.")
    return record


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _handling_membership(user):
    """The first organization where the person handles documents (where they open hồ sơ)."""
    for m in memberships(user):
        if m.role_set & services.HANDLING_ROLES:
            return m
    return None


@login_required
@require_GET
def record_index(request):
    year = _int(request.GET.get("nam"))
    state = request.GET.get("trang-thai", "")
    if state not in RecordFile.State.values:
        state = ""
    mine = request.GET.get("cua-toi") == "1"
    text = request.GET.get("q", "")[:200]
    records = sel.record_files_for(user=request.user, year=year, state=state, mine=mine, text=text)
    return render(request, "documents/records/index.html", {
        "records": records[:500], "stats": sel.record_file_stats(records), "years": sel.record_years_for(user=request.user), "year": year,
        "state": state, "mine": mine, "states": RecordFile.State.choices, "text": text,
        "may_open": _handling_membership(request.user) is not None,
    })


@login_required
def record_open(request):
    m = _handling_membership(request.user)
    if m is None:
        raise Http404("Bạn không lập hồ sơ trong cơ quan nào.")
    year = _int(request.GET.get("nam")) or timezone.localdate().year
    values = {"title": "", "code": "", "retention": "10", "started_on": timezone.localdate().strftime("%d/%m/%Y")}
    if request.method == "POST":
        entry_id = _int(request.POST.get("catalogue_entry"))
        if entry_id is not None:
            entry = CatalogueEntry.objects.filter(pk=entry_id).first() or CatalogueEntry(pk=entry_id)
            record = run_service(request, lambda: services.record_file_open(
                actor=request.user, organization=m.organization, catalogue_entry=entry))
        else:
            values = {k: request.POST.get(k, "") for k in values}
            try:
                started_on = parse_day(values["started_on"])
            except ValueError:
                messages.error(request, "Ngày bắt đầu phải có dạng dd/mm/yyyy.")
                record = None
            else:
                record = run_service(request, lambda: services.record_file_open(
                    actor=request.user, organization=m.organization, title=values["title"], code=values["code"],
                    retention_years=values["retention"], started_on=started_on))
        if record:
            messages.success(request, f"Đã mở hồ sơ {record.code}.")
            return redirect("records:detail", pk=record.pk)
    entries = sel.openable_catalogue_entries(user=request.user, organization=m.organization, year=year)
    return render(request, "documents/records/open.html", {
        "organization": m.organization, "year": year, "entries": entries, "values": values,
        "retention_choices": RETENTION_CHOICES,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def record_detail(request, pk: int):
    record = _record(request, pk)
    may_edit = services.may_edit_record(request.user, record)
    context = {
        "record": record, "items": sel.record_items(record, user=request.user), "file_code": sel.file_code(record),
        "may_edit": may_edit, "may_close": services.may_close_record(request.user, record),
        "may_reopen": services.may_reopen_record(request.user, record),
        "may_manage_access": access_services.may_manage_record_access(request.user, record),
        "may_freeze": freeze_services.may_freeze_record(request.user, record),
        "access_count": sel.record_access_count(user=request.user, record=record),
        "item_kinds": [(k, label) for k, label in RecordItem.Kind.choices if k in services.FILE_KINDS],
        "upload_max_mb": services.upload_limit_bytes() // (1024 * 1024),
        "retention_choices": _retention_choices(record),
    }
    if may_edit:
        context["suggestions"] = sel.filing_suggestions(user=request.user, record=record)
    if context["may_manage_access"]:
        context["access_modes"] = RecordFile.Access.choices
        context["grants"] = record.access_grants.select_related("user").order_by("user__full_name")
        context["members"] = sel.record_grantee_choices(record)
    return render(request, "documents/records/detail.html", context)


@login_required
@require_GET
def document_picker(request, pk: int):
    record = _record(request, pk)
    documents = (sel.document_picker(user=request.user, record=record, query=request.GET.get("q", ""))
                 if services.may_edit_record(request.user, record) else [])
    return render(request, "documents/records/_picker_results.html", {
        "record": record, "documents": documents, "query": request.GET.get("q", "")})


@login_required
@require_POST
def document_add(request, pk: int):
    record = _record(request, pk)
    document = Document.objects.filter(pk=_int(request.POST.get("document"))).first()
    if document is None:
        messages.error(request, "Không có văn bản này, hoặc bạn không có quyền xem.")
    else:
        kind = request.POST.get("kind") or RecordItem.Kind.DOCUMENT
        run_service(request, lambda: services.record_document_add(actor=request.user, record=record,
                                                                  document=document, kind=kind),
                    success=f"Đã thêm {document.symbol or 'văn bản'} vào hồ sơ.")
    return redirect("records:detail", pk=record.pk)


@login_required
@require_POST
def file_attach(request, pk: int):
    record = _record(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Hãy chọn tệp để thêm vào hồ sơ.")
    elif upload.size > services.upload_limit_bytes():  # not read into memory: refused on its size
        messages.error(request, Refused(RecordsError.UPLOAD_TOO_LARGE, limit=settings.QLVB_UPLOAD_MAX_MB).text())
    else:
        run_service(request, lambda: services.record_file_attach(
            actor=request.user, record=record, kind=request.POST.get("kind", ""), title=request.POST.get("title", ""),
            name=upload.name, data=upload.read(), content_type=upload.content_type or ""),
            success="Đã thêm tệp vào hồ sơ.")
    return redirect("records:detail", pk=record.pk)


@login_required
@require_POST
def item_move(request, pk: int, item_id: int):
    record = _record(request, pk)
    run_service(request, lambda: services.record_item_move(actor=request.user, record=record, item_id=item_id,
                                                           up=request.POST.get("direction") == "up"))
    return redirect("records:detail", pk=record.pk)


@login_required
@require_POST
def item_remove(request, pk: int, item_id: int):
    record = _record(request, pk)
    run_service(request, lambda: services.record_item_remove(actor=request.user, record=record, item_id=item_id,
                                                             reason=request.POST.get("reason", "")),
                success="Đã bỏ văn bản, tài liệu khỏi hồ sơ.")
    if request.POST.get("next") == "review":
        return redirect("records:close", pk=record.pk)
    return redirect("records:detail", pk=record.pk)


@login_required
def record_close(request, pk: int):
    """The review before closing: duplicates and drafts flagged, title, code and retention checked."""
    record = _record(request, pk)
    if not services.may_close_record(request.user, record):
        messages.error(request, "Chỉ người lập hồ sơ kết thúc được hồ sơ đang lập.")
        return redirect("records:detail", pk=record.pk)
    values = {"title": record.title, "code": record.code, "retention": str(record.retention_years)}
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        done = run_service(request, lambda: services.record_file_close(
            actor=request.user, record=record, title=values["title"], code=values["code"],
            retention_years=values["retention"]))
        if done:
            messages.success(request, f"Đã kết thúc hồ sơ {done.code}.")
            return redirect("records:detail", pk=record.pk)
        status = 400
    review = sel.record_review(record)
    items = sel.record_items(record, user=request.user)
    retention_choices = _retention_choices(record)
    return render(request, "documents/records/close.html", {
        "record": record, "items": items, "duplicates": review["duplicates"], "drafts": review["drafts"],
        "values": values, "retention_choices": retention_choices,
    }, status=status)


def _retention_choices(record: RecordFile) -> list:
    if record.retention_years in dict(RETENTION_CHOICES):
        return RETENTION_CHOICES
    return [*RETENTION_CHOICES, (record.retention_years, record.retention_label)]


@login_required
@require_POST
def record_edit(request, pk: int):
    """Correct the title, the code or the retention of a hồ sơ being made."""
    record = _record(request, pk)
    run_service(request, lambda: services.record_file_update(
        actor=request.user, record=record, title=request.POST.get("title", ""), code=request.POST.get("code", ""),
        retention_years=request.POST.get("retention", "")), success="Đã lưu thông tin hồ sơ.")
    return redirect("records:detail", pk=record.pk)


@login_required
@require_POST
def record_reopen(request, pk: int):
    record = _record(request, pk)
    run_service(request, lambda: services.record_file_reopen(actor=request.user, record=record,
                                                             reason=request.POST.get("reason", "")),
                success="Đã mở lại hồ sơ.")
    return redirect("records:detail", pk=record.pk)


@login_required
@require_GET
def contents_download(request, pk: int):
    record = _record(request, pk)
    return _pdf(contents_pdf(sel.record_contents(record, user=request.user)), f"muc-luc-ho-so-{record.pk}.pdf")


@login_required
@require_GET
def cover_download(request, pk: int):
    record = _record(request, pk)
    return _pdf(cover_pdf(sel.record_contents(record, user=request.user)), f"bia-ho-so-{record.pk}.pdf")


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def access_change(request, pk: int):
    """The access form: the mode, a person to name, a person to take off (services in records.access)."""
    record = _record(request, pk)
    action = request.POST.get("action")
    if action == "mode":
        run_service(request, lambda: access_services.record_access_mode_set(
            actor=request.user, record=record, mode=request.POST.get("mode", "")), success="Đã đổi quyền xem hồ sơ.")
    elif action in ("grant", "revoke"):
        person = sel.record_grantee(record, _int(request.POST.get("user")))
        if person is None:
            messages.error(request, "Hãy chọn người trong cơ quan.")
        elif action == "grant":
            run_service(request, lambda: access_services.record_access_grant(
                actor=request.user, record=record, user=person, reason=request.POST.get("reason", "")),
                success=f"Đã cho {person} xem hồ sơ.")
        else:
            run_service(request, lambda: access_services.record_access_revoke(
                actor=request.user, record=record, user=person), success=f"Đã thu hồi quyền xem của {person}.")
    else:
        messages.error(request, "Thao tác không hợp lệ.")
    return redirect("records:detail", pk=record.pk)


@login_required
@require_POST
def freeze_change(request, pk: int):
    """A leader locks the hồ sơ on an authority's order, or unlocks it (services in records.freeze)."""
    record = _record(request, pk)
    reason = request.POST.get("reason", "")
    if request.POST.get("action") == "unfreeze":
        run_service(request, lambda: freeze_services.record_unfreeze(actor=request.user, record=record, reason=reason),
                    success="Đã mở khóa hồ sơ.")
    else:
        run_service(request, lambda: freeze_services.record_freeze(actor=request.user, record=record, reason=reason),
                    success="Đã khóa hồ sơ.")
    return redirect("records:detail", pk=record.pk)
