"""The file catalogue's screens (danh mục hồ sơ, /ho-so/danh-muc/): the catalogues of my
organizations by year, one catalogue with its rows, its downloads, and the drafters' and the head's
actions. The rules are the services'; a refusal comes back as a Vietnamese message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.errors import CatalogueError
from documents.exports.catalogue import catalogue_filename, catalogue_pdf, catalogue_xlsx, decision_line
from documents.forms.records_catalogue import (
    ApproveForm,
    CatalogueCreateForm,
    EntryForm,
    ImportForm,
    ReopenForm,
)
from documents.selectors.records_catalogue import (
    catalogue_get,
    catalogue_list,
    catalogue_rights,
    catalogue_rows,
    catalogue_summary,
    drafting_organizations,
)
from documents.services.records import catalogue as services
from documents.services.records.catalogue_sheet import CatalogueSheetRefused
from documents.views.common import NO_RIGHT, run_service
from qlvb.errors import Forbidden, ServiceError


def _back(catalogue, anchor: str = ""):
    response = redirect("records:catalogue-detail", pk=catalogue.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _entry(catalogue, entry_pk: int):
    entry = catalogue.entries.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404("Không có dòng này trong danh mục.")
    return entry


def _require_edit(request, catalogue):
    if not catalogue_rights(user=request.user, catalogue=catalogue).edit:
        raise Forbidden(CatalogueError.NOT_A_DRAFTER)


@login_required
def catalogue_list_page(request):
    organizations = drafting_organizations(user=request.user)
    form = CatalogueCreateForm(organizations=organizations) if organizations else None
    return render(request, "documents/records/catalogue_list.html",
                  {"catalogues": catalogue_list(user=request.user), "form": form})


@login_required
@require_POST
def catalogue_create(request):
    organizations = drafting_organizations(user=request.user)
    if not organizations:
        messages.error(request, NO_RIGHT)
        return redirect("records:catalogue-list")
    form = CatalogueCreateForm(request.POST, organizations=organizations)
    if form.is_valid():
        catalogue = run_service(request, lambda: services.catalogue_create(
            actor=request.user, organization=form.cleaned_data["organization"], year=form.cleaned_data["year"],
            copy_previous=form.cleaned_data["copy_previous"]))
        if catalogue:
            messages.success(request, f"Đã lập dự thảo danh mục hồ sơ năm {catalogue.year}.")
            return _back(catalogue)
        return redirect("records:catalogue-list")
    return render(request, "documents/records/catalogue_list.html",
                  {"catalogues": catalogue_list(user=request.user), "form": form}, status=400)


@login_required
def catalogue_detail(request, pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    rights = catalogue_rights(user=request.user, catalogue=catalogue)
    return render(request, "documents/records/catalogue_detail.html", {
        "catalogue": catalogue, "rows": catalogue_rows(catalogue), "summary": catalogue_summary(catalogue),
        "rights": rights, "decision_line": decision_line(catalogue),
        "approve_form": ApproveForm() if rights.approve else None,
        "reopen_form": ReopenForm() if rights.reopen else None,
        "import_form": ImportForm() if rights.edit else None,
    })


@login_required
def catalogue_download(request, pk: int, file_format: str):
    catalogue = catalogue_get(user=request.user, pk=pk)
    rows, summary = catalogue_rows(catalogue), catalogue_summary(catalogue)
    if file_format == "xlsx":
        body = catalogue_xlsx(catalogue, rows, summary)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = catalogue_pdf(catalogue, rows, summary), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    disposition = "attachment" if file_format == "xlsx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{catalogue_filename(catalogue, file_format)}"'
    return response


@login_required
@require_POST
def catalogue_copy_previous(request, pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    count = run_service(request, lambda: services.catalogue_copy_previous(actor=request.user, catalogue=catalogue))
    if count:
        messages.success(request, f"Đã sao {count} dòng từ danh mục năm trước.")
    return _back(catalogue)


@login_required
@require_POST
def catalogue_import(request, pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(catalogue, "nhap-excel")
    try:
        files = services.catalogue_import_xlsx(actor=request.user, catalogue=catalogue,
                                               content=form.cleaned_data["sheet"])
    except CatalogueSheetRefused as exc:
        return render(request, "documents/records/catalogue_import_refused.html",
                      {"catalogue": catalogue, "error": exc.text(), "problems": exc.problems}, status=400)
    except ServiceError as exc:
        messages.error(request, exc.text())
    else:
        messages.success(request, f"Đã nhập danh mục từ tệp Excel: {files} hồ sơ.")
    return _back(catalogue)


@login_required
@require_POST
def catalogue_approve(request, pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(catalogue, "phe-duyet")
    run_service(request, lambda: services.catalogue_approve(
        actor=request.user, catalogue=catalogue, decision=form.cleaned_data["decision"],
        decision_date=form.cleaned_data["decision_date"]),
        success=f"Đã phê duyệt danh mục hồ sơ năm {catalogue.year}.")
    return _back(catalogue)


@login_required
@require_POST
def catalogue_reopen(request, pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nhập lý do mở lại danh mục để sửa đổi.")
        return _back(catalogue, "mo-lai")
    run_service(request, lambda: services.catalogue_reopen(actor=request.user, catalogue=catalogue,
                                                           reason=form.cleaned_data["reason"]),
                success="Đã mở lại danh mục để sửa đổi; phê duyệt lại khi sửa xong.")
    return _back(catalogue)


def _entry_form_page(request, catalogue, form, entry=None, after=None, status=200):
    return render(request, "documents/records/catalogue_entry_form.html",
                  {"catalogue": catalogue, "form": form, "entry": entry, "after": after}, status=status)


@login_required
def entry_add(request, pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    _require_edit(request, catalogue)
    after_pk = request.POST.get("after") or request.GET.get("sau")
    after = _entry(catalogue, int(after_pk)) if after_pk and after_pk.isdigit() else None
    form = EntryForm(request.POST or None, organization=catalogue.organization)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.catalogue_entry_add(actor=request.user, catalogue=catalogue, fields=form.entry_fields(),
                                                 after=after)
        except ServiceError as exc:
            form.add_error(None, exc.text())
        else:
            messages.success(request, "Đã thêm dòng vào danh mục.")
            return _back(catalogue, f"dong-{entry.pk}")
    return _entry_form_page(request, catalogue, form, after=after, status=400 if form.errors else 200)


@login_required
def entry_edit(request, pk: int, entry_pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    _require_edit(request, catalogue)
    entry = _entry(catalogue, entry_pk)
    form = EntryForm(request.POST or None, organization=catalogue.organization, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_entry_change(actor=request.user, entry=entry, fields=form.entry_fields())
        except ServiceError as exc:
            form.add_error(None, exc.text())
        else:
            messages.success(request, "Đã lưu dòng của danh mục.")
            return _back(catalogue, f"dong-{entry.pk}")
    return _entry_form_page(request, catalogue, form, entry=entry, status=400 if form.errors else 200)


@login_required
@require_POST
def entry_remove(request, pk: int, entry_pk: int):
    catalogue = catalogue_get(user=request.user, pk=pk)
    entry = _entry(catalogue, entry_pk)
    run_service(request, lambda: services.catalogue_entry_remove(actor=request.user, entry=entry),
                success="Đã xóa dòng khỏi danh mục.")
    return _back(catalogue)


@login_required
@require_POST
def entry_move(request, pk: int, entry_pk: int, direction: str):
    catalogue = catalogue_get(user=request.user, pk=pk)
    entry = _entry(catalogue, entry_pk)
    run_service(request, lambda: services.catalogue_entry_move(actor=request.user, entry=entry,
                                                               up=direction == "len"))
    return _back(catalogue, f"dong-{entry.pk}")
