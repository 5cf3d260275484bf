"""/uy-quyen/: a leader delegates signing or instructions while away, sees the delegations given and
received (in force, upcoming, past) and revokes one early."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from qlvb.delegation_forms import DelegationForm
from qlvb.delegation_selectors import delegating_organizations, delegation_visible, delegations_of
from qlvb.errors import Forbidden, Refused
from qlvb.services.delegation import delegation_create, delegation_reason_text, delegation_revoke, may_revoke


@login_required
@require_http_methods(["GET", "POST"])
def delegation_index(request):
    organizations = delegating_organizations(request.user)
    form = None
    status = 200
    if organizations:
        form = DelegationForm(request.POST or None, user=request.user, organizations=organizations)
    elif request.method == "POST":
        raise PermissionDenied("Chỉ lãnh đạo mới được ủy quyền.")
    if request.method == "POST" and form is not None:
        if form.is_valid():
            d = form.cleaned_data
            try:
                delegation = delegation_create(
                    actor=request.user, organization=d["organization"], delegator=request.user,
                    delegate=d["delegate"], starts_at=d["starts_at"], ends_at=d["ends_at"], scope=d["scope"],
                    signing_form=d["signing_form"], reason=d["reason"], reason_kind=d["reason_kind"])
            except (Refused, Forbidden) as exc:
                form.add_error(None, exc.text())
            else:
                messages.success(request, f"Đã ủy quyền cho {delegation.delegate}.")
                return redirect("delegations:index")
        status = 400
    lists = delegations_of(request.user)
    for d in lists.in_force + lists.upcoming + lists.past:
        d.reason_text = delegation_reason_text(d)
        d.revocable = may_revoke(request.user, d)
    return render(request, "qlvb/delegations/index.html", {"form": form, "lists": lists}, status=status)


@login_required
@require_POST
def delegation_revoke_view(request, pk: int):
    delegation = delegation_visible(request.user, pk)
    if delegation is None:
        raise Http404("no such delegation")
    try:
        delegation_revoke(actor=request.user, delegation=delegation)
    except Forbidden as exc:
        raise PermissionDenied(exc.text()) from exc
    except Refused as exc:
        messages.error(request, exc.text())
    else:
        messages.success(request, f"Đã thu hồi ủy quyền cho {delegation.delegate}.")
    return redirect("delegations:index")
