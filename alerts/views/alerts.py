"""The alert list and page, acknowledging, closing, one-click actions, and the navbar bell."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..models import Alert
from ..rules import RULES
from ..selectors import alert_list, can_manage_organization
from ..services.actions import ACTIONS, alert_action_run
from ..services.lifecycle import alert_acknowledge, alert_close


@login_required
def alert_index(request):
    state = request.GET.get("trang_thai", "dang_mo")
    rule = request.GET.get("quy_tac") or None
    qs = alert_list(user=request.user, active=state == "dang_mo", rule=rule,
                    state=state if state in Alert.State.values else None)
    page = Paginator(qs.prefetch_related("documents"), 50).get_page(request.GET.get("trang"))
    return render(request, "alerts/list.html", {
        "page": page, "state": state, "rule": rule, "rules": RULES.values(), "states": Alert.State.choices,
    })


def _get_alert(request, pk: int) -> Alert:
    return get_object_or_404(alert_list(user=request.user), pk=pk)


@login_required
def alert_detail(request, pk: int):
    """The alert, and its documents with the subjects the reader may read (documents.access)."""
    alert = _get_alert(request, pk)
    documents = alert.documents.order_by("pk")
    subjects = documents.subjects_for(request.user)
    return render(request, "alerts/detail.html", {
        "alert": alert, "rule": RULES.get(alert.rule), "events": alert.events.select_related("actor"),
        "documents": [(d, subjects[d.pk]) for d in documents],
        "can_manage": can_manage_organization(request.user, alert.organization_id),
        "action": ACTIONS.get(alert.action),
    })


def _back(request, alert: Alert):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("alerts:detail", pk=alert.pk)


@login_required
@require_POST
def alert_acknowledge_view(request, pk: int):
    alert = _get_alert(request, pk)
    try:
        alert_acknowledge(alert=alert, actor=request.user, note=request.POST.get("ghi_chu", ""))
        messages.success(request, "Đã tiếp nhận cảnh báo.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, alert)


@login_required
@require_POST
def alert_close_view(request, pk: int):
    alert = _get_alert(request, pk)
    try:
        alert_close(alert=alert, actor=request.user, note=request.POST.get("ghi_chu", ""))
        messages.success(request, "Đã đóng cảnh báo.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, alert)


@login_required
@require_POST
def alert_action_view(request, pk: int, action: str):
    alert = _get_alert(request, pk)
    try:
        messages.success(request, alert_action_run(alert=alert, action=action, actor=request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ValueError:
        messages.error(request, "Cảnh báo này không có thao tác đó.")
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Bạn không có quyền thực hiện thao tác này.")
    return _back(request, alert)


def bell_count(request):
    """The number on the bell (htmx swaps it in; an empty answer hides the badge)."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    count = alert_list(user=request.user, state=Alert.State.OPEN).count()
    return render(request, "alerts/_bell_count.html", {"count": count})


def bell_list(request):
    if not request.user.is_authenticated:
        return HttpResponse("")
    alerts = alert_list(user=request.user, active=True)[:8]
    return render(request, "alerts/_bell_list.html", {"alerts": alerts})
