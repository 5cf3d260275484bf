"""The registers (sổ văn bản) on screen and as Excel/PDF downloads, filtered by period, book, type,
issuing organization, unit and state."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from documents.exports import (
    INCOMING,
    OUTGOING,
    PDF_MAX_ROWS,
    SPECS,
    TRACKING,
    RegisterFilters,
    RegisterTooLarge,
    register_books,
    register_documents,
    register_organizations,
    register_pdf,
    register_rows,
    register_sheet,
    register_xlsx,
)
from documents.literals import Direction
from documents.models import Document, DocumentType
from documents.selectors.search import id_page
from qlvb.models import Organization, Unit

# URL slug → register kind, and the tab titles.
KINDS = {"den": INCOMING, "theo-doi": TRACKING, "di": OUTGOING}
PAGE_SIZE = 50
INCOMING_STATES = ["registered", "presented", "assigned", "processing", "done", "recalled"]
OUTGOING_STATES = ["signed", "issued", "dispatched", "recalled"]


class RegisterFilterForm(forms.Form):
    organization = forms.TypedChoiceField(label="Cơ quan", coerce=int, required=False)
    register = forms.TypedChoiceField(label="Sổ", coerce=int, required=False, empty_value=None)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.filter(is_active=True),
                                           required=False, empty_label="Tất cả")
    issuer = forms.CharField(label="Cơ quan ban hành", required=False, max_length=100)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    state = forms.ChoiceField(label="Trạng thái", required=False)

    def __init__(self, *args, organizations: list[Organization], kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
        chosen = self.organization_chosen()
        direction = SPECS[kind].direction
        self.fields["register"].choices = [("", "Các sổ (trừ sổ mật)")] + [
            (r.pk, f"{r.name} {r.year}") for r in register_books(organization=chosen, direction=direction)]
        self.fields["unit"].queryset = Unit.objects.filter(organization=chosen, is_active=True).order_by("name")
        states = INCOMING_STATES if direction == Direction.INCOMING else OUTGOING_STATES
        labels = dict(Document.State.choices)
        self.fields["state"].choices = [("", "Tất cả")] + [(s, labels[s]) for s in states]
        self.fields["date_from"].label = "Đến từ ngày" if direction == Direction.INCOMING else "Ngày văn bản từ"
        if direction == Direction.OUTGOING:
            self.fields.pop("issuer")
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def organization_chosen(self) -> Organization:
        raw = self.data.get("organization") if self.is_bound else None
        return next((o for o in self.organizations if str(o.pk) == str(raw)), self.organizations[0])

    def filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            organization_id=self.organization_chosen().pk, register_id=data.get("register"),
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            document_type_id=data["document_type"].pk if data.get("document_type") else None,
            issuer=data.get("issuer") or "", unit_id=data["unit"].pk if data.get("unit") else None,
            state=data.get("state") or "",
        )


def _form(request, kind: str) -> RegisterFilterForm | None:
    organizations = register_organizations(user=request.user)
    if not organizations:
        return None
    data = request.GET.copy()
    if not data:  # first visit: this year so far
        today = timezone.localdate()
        data.update({"date_from": dt.date(today.year, 1, 1).isoformat(), "date_to": today.isoformat()})
    form = RegisterFilterForm(data, organizations=organizations, kind=kind)
    form.is_valid()
    return form


def _kind(slug: str) -> str:
    if slug not in KINDS:
        raise Http404("Không có sổ này.")
    return KINDS[slug]


@login_required
def register_index(request):
    return redirect("registers:register", slug="den")


@login_required
def register_page(request, slug: str):
    kind = _kind(slug)
    form = _form(request, kind)
    context = {"spec": SPECS[kind], "slug": slug, "tabs": [(s, SPECS[k]) for s, k in KINDS.items()], "form": form}
    if form is None:
        return render(request, "documents/registers/register.html", context)
    documents = register_documents(user=request.user, kind=kind, filters=form.filters()).values_list("pk", flat=True)
    page = id_page(documents, request.GET.get("page"), PAGE_SIZE)
    query = form.data.copy()  # what is shown, defaults included, so that the downloads match the screen
    query.pop("page", None)
    context.update(page=page, rows=register_rows(page.object_list, kind=kind, user=request.user), query=query.urlencode(),
                   organization=form.organization_chosen())
    return render(request, "documents/registers/register.html", context)


@login_required
def register_export(request, slug: str, file_format: str):
    kind = _kind(slug)
    form = _form(request, kind)
    if form is None:
        raise Http404("Bạn chưa thuộc cơ quan nào.")
    organization = form.organization_chosen()
    try:
        sheet = register_sheet(user=request.user, kind=kind, filters=form.filters(), organization=organization,
                               limit=PDF_MAX_ROWS if file_format == "pdf" else None)
    except RegisterTooLarge as exc:
        messages.error(request, exc.user_message)
        return redirect(f"{reverse('registers:register', args=[slug])}?{request.GET.urlencode()}")
    if file_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = register_xlsx(sheet)
    else:
        content_type, body = "application/pdf", register_pdf(sheet)
    response = HttpResponse(body, content_type=content_type)
    name = f"so-{slug}-{organization.organ_id}-{sheet.year.replace('–', '-')}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
