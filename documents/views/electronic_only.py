"""Danh mục văn bản điện tử: an organization's administrators keep which document types travel only
electronically, without a paper copy (775/VPCP-KSTT), and confirm the starting set ("cần rà soát").

Only people with the admin role (Quản trị) of the organization see and edit its catalogue: anyone
else gets 403, and an organization they do not administer answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from documents.forms.electronic_only import ElectronicOnlyForm
from documents.models import DocumentType
from documents.selectors.electronic_only import electronic_only_catalogue
from documents.services.electronic_only import electronic_only_entry_update
from qlvb.access import memberships
from qlvb.errors import Forbidden, Refused
from qlvb.models import Organization, Role

NOT_ADMIN = "Chỉ quản trị của cơ quan được xem và sửa danh mục văn bản điện tử."


def _administered(request) -> tuple[Organization, list[Organization]]:
    """The organization of the page (?org= or the posted org) among those the user administers."""
    orgs = sorted((m.organization for m in memberships(request.user) if Role.ADMIN in m.role_set),
                  key=lambda o: o.name)
    if not orgs:
        raise PermissionDenied(NOT_ADMIN)
    chosen = request.POST.get("org") or request.GET.get("org") or ""
    if not chosen:
        return orgs[0], orgs
    organization = next((o for o in orgs if str(o.pk) == chosen), None)
    if organization is None:
        raise Http404("not an organization this person administers")
    return organization, orgs


def _page(request, organization, organizations, *, failed: tuple[int, ElectronicOnlyForm] | None = None, status=200):
    lines = electronic_only_catalogue(organization=organization)
    for line in lines:
        if failed and failed[0] == line.document_type.pk:
            line.form = failed[1]
        else:
            line.form = ElectronicOnlyForm(initial={"electronic_only": line.electronic_only,
                                                    "reviewed": not line.needs_review,
                                                    "note": line.entry.note if line.entry else ""},
                                           prefix=f"t{line.document_type.pk}")
    context = {"organization": organization, "organizations": organizations, "lines": lines,
               "to_review": sum(1 for line in lines if line.needs_review),
               "electronic_only_count": sum(1 for line in lines if line.electronic_only)}
    return render(request, "documents/electronic_only/catalogue.html", context, status=status)


@login_required
@require_GET
def catalogue(request):
    organization, organizations = _administered(request)
    return _page(request, organization, organizations)


@login_required
@require_POST
def entry_update(request, type_pk: int):
    organization, organizations = _administered(request)
    document_type = get_object_or_404(DocumentType.objects.filter(is_active=True).exclude(group="copy"), pk=type_pk)
    form = ElectronicOnlyForm(request.POST, prefix=f"t{type_pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            electronic_only_entry_update(actor=request.user, organization=organization, document_type=document_type,
                                         electronic_only=d["electronic_only"], reviewed=d["reviewed"], note=d["note"])
        except Forbidden as exc:
            raise PermissionDenied(exc.text()) from exc
        except Refused as exc:
            form.add_error(None, exc.text())
        else:
            messages.success(request, f"Đã lưu “{document_type.name}” trong danh mục văn bản điện tử.")
            return redirect(f"{reverse('electronic-only:catalogue')}?org={organization.pk}#loai-{type_pk}")
    return _page(request, organization, organizations, failed=(type_pk, form), status=400)
