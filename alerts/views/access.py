"""Who may open which page (shared by the views)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qlvb.models import Organization

from ..selectors import dashboard_organizations, organization_scope, report_organizations


def pick_organization(request, organizations: list[Organization]) -> Organization | None:
    """The organization chosen with ?co_quan=<id> among those allowed; the first top one by default."""
    if not organizations:
        raise PermissionDenied("Bạn không có quyền xem trang này.")
    wanted = request.GET.get("co_quan")
    if wanted:
        for org in organizations:
            if str(org.pk) == wanted:
                return org
        raise Http404("Không có cơ quan này trong phạm vi của bạn.")
    allowed = {o.pk for o in organizations}
    tops = [o for o in organizations if o.parent_id not in allowed]
    return tops[0] if len(tops) == 1 else None


def dashboard_scope(request) -> tuple[list[Organization], Organization | None, set[int]]:
    organizations = dashboard_organizations(user=request.user)
    selected = pick_organization(request, organizations)
    scope = organization_scope(selected) if selected else {o.pk for o in organizations}
    return organizations, selected, scope


def report_scope(request) -> tuple[list[Organization], Organization | None]:
    organizations = report_organizations(user=request.user)
    return organizations, pick_organization(request, organizations)
