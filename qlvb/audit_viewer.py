"""The audit viewer (/nhat-ky/): administrators read, filter and export the audit log.

Who sees what follows qlvb.access: a superuser sees every event; a person with the admin role
(Quản trị) in an organization sees that organization's events, and the events of no organization
(signing in and out) of its own members, and nothing else (another organization's event answers
404, as if it did not exist); anyone else gets 403. The page shows
the chain's state as of its last TSA anchor; `manage.py audit_verify` walks the whole chain.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from qlvb.access import memberships
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, Membership, Organization, Role
from qlvb.services.audit import anchor_check, anchor_last, audit_record
from qlvb.spreadsheets import as_text
from qlvb.widgets import DayMonthYearInput

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 50_000
MAX_RANGE_DAYS = 3660


def audit_scope(user) -> set[int] | None:
    """The organizations whose events `user` may read; None for all (a superuser). PermissionDenied
    for who is not an administrator."""
    if user.is_superuser:
        return None
    ids = {m.organization_id for m in memberships(user) if Role.ADMIN in m.role_set}
    if not ids:
        raise PermissionDenied("Chỉ quản trị hệ thống hoặc quản trị của cơ quan được xem nhật ký hệ thống.")
    return ids


def visible_events(user) -> QuerySet[AuditEvent]:
    scope = audit_scope(user)
    events = AuditEvent.objects.select_related("actor", "on_behalf_of", "organization")
    if scope is None:
        return events
    members = Membership.objects.filter(organization_id__in=scope).values("user_id")
    return events.filter(Q(organization_id__in=scope) | Q(organization__isnull=True, actor_id__in=members))


class AuditFilterForm(forms.Form):
    tu_ngay = forms.DateField(label="Từ ngày", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                              widget=DayMonthYearInput(attrs={"class": "form-control form-control-sm"}),
                              error_messages={"invalid": "Ngày bắt đầu không hợp lệ (dùng dạng ngày/tháng/năm)."})
    den_ngay = forms.DateField(label="Đến ngày", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                               widget=DayMonthYearInput(attrs={"class": "form-control form-control-sm"}),
                               error_messages={"invalid": "Ngày kết thúc không hợp lệ (dùng dạng ngày/tháng/năm)."})
    nguoi = forms.CharField(label="Người thực hiện", required=False, max_length=150,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                          "placeholder": "Tên đăng nhập hoặc họ tên"}),
                            error_messages={"max_length": "Tên người thực hiện dài quá %(limit_value)d ký tự."})
    hanh_dong = forms.ChoiceField(label="Hành động", required=False,
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                                  error_messages={"invalid_choice": "Hành động “%(value)s” không có trong nhật ký."})
    co_quan = forms.ModelChoiceField(label="Cơ quan", required=False, queryset=Organization.objects.none(),
                                     empty_label="Mọi cơ quan trong phạm vi",
                                     widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                                     error_messages={"invalid_choice": "Cơ quan này không có hoặc ngoài phạm vi "
                                                                       "bạn được xem."})
    doi_tuong = forms.CharField(label="Đối tượng", required=False, max_length=150,
                                widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                              "placeholder": "vd. qlvb.membership:12"}),
                                error_messages={"max_length": "Đối tượng dài quá %(limit_value)d ký tự."})

    def __init__(self, *args, scope: set[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.order_by("name")
        self.fields["co_quan"].queryset = orgs if scope is None else orgs.filter(pk__in=scope)
        self.fields["hanh_dong"].choices = [("", "Mọi hành động")] + [(a.value, a.value) for a in AuditAction]

    def clean(self):
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end:
            if start > end:
                raise forms.ValidationError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError("Khoảng thời gian quá dài (tối đa 10 năm).")
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        if data.get("tu_ngay"):
            events = events.filter(at__gte=dt.datetime.combine(data["tu_ngay"], dt.time.min, tz))
        if data.get("den_ngay"):
            events = events.filter(at__lt=dt.datetime.combine(data["den_ngay"] + dt.timedelta(days=1), dt.time.min, tz))
        if data.get("nguoi"):
            who = data["nguoi"].strip()
            events = events.filter(Q(actor__username__iexact=who) | Q(actor__full_name__icontains=who))
        if data.get("hanh_dong"):
            events = events.filter(action=data["hanh_dong"])
        if data.get("co_quan"):
            events = events.filter(organization=data["co_quan"])
        if data.get("doi_tuong"):
            what = data["doi_tuong"].strip()
            if ":" in what:
                kind, _, pk = what.partition(":")
                events = events.filter(object_type__iexact=kind.strip(), object_id=pk.strip())
            else:
                events = events.filter(Q(object_type__icontains=what) | Q(object_id=what))
        return events


def chain_status() -> dict:
    """The last anchor and whether it holds (its row, the row's MAC under the key, the TSA token)."""
    anchor = anchor_last()
    if anchor is None:
        return {"anchor": None}
    check = anchor_check(anchor)
    return {"anchor": anchor, "ok": check.ok, "message": check.message}


def _filtered(request) -> tuple[AuditFilterForm, QuerySet[AuditEvent] | None]:
    scope = audit_scope(request.user)
    form = AuditFilterForm(request.GET or None, scope=scope)
    events = visible_events(request.user)
    if not form.is_bound:
        return form, events
    if not form.is_valid():
        return form, None
    return form, form.apply(events)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode()


@login_required
def audit_list(request):
    form, events = _filtered(request)
    page = Paginator(events.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("trang")) if events is not None else None
    return render(request, "qlvb/audit/list.html", {
        "form": form, "page": page, "query": _query_without_page(request), "status": chain_status(),
    }, status=400 if events is None else 200)


@login_required
def audit_detail(request, seq: int):
    event = visible_events(request.user).filter(seq=seq).first()
    if event is None:
        raise Http404("Không có sự kiện này trong phạm vi của bạn.")
    data = event.data or {}
    rows = []
    if isinstance(data.get("before"), dict) or isinstance(data.get("after"), dict):
        before, after = data.get("before") or {}, data.get("after") or {}
        for key in sorted(set(before) | set(after)):
            rows.append({"field": key, "before": _show(before.get(key)), "after": _show(after.get(key)),
                         "changed": key in (data.get("changed") or [])})
    return render(request, "qlvb/audit/detail.html", {
        "event": event, "rows": rows, "data_json": json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True),
    })


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


COLUMNS = ["STT", "Thời điểm", "Hành động", "Người thực hiện", "Thay mặt", "Cơ quan", "Đối tượng", "Mã đối tượng",
           "Mã yêu cầu", "Dữ liệu"]


@login_required
def audit_export(request):
    form, events = _filtered(request)
    if events is None:
        return render(request, "qlvb/audit/list.html", {
            "form": form, "page": None, "query": _query_without_page(request), "status": chain_status(),
        }, status=400)
    events = events.order_by("seq")
    total = events.count()
    if total > EXPORT_MAX_ROWS:
        form.add_error(None, f"Kết quả có {total} dòng, quá {EXPORT_MAX_ROWS} dòng: hãy thu hẹp bộ lọc rồi xuất lại.")
        return render(request, "qlvb/audit/list.html", {
            "form": form, "page": None, "query": _query_without_page(request), "status": chain_status(),
        }, status=400)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhật ký hệ thống"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for event in events.iterator(chunk_size=2000):
        sheet.append([
            event.seq, timezone.localtime(event.at).replace(tzinfo=None), event.action,
            _person(event.actor), _person(event.on_behalf_of), event.organization.name if event.organization else "",
            event.object_type, event.object_id, event.request_id,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True)[:32000],
        ])
        for cell in sheet[sheet.max_row]:
            as_text(cell)
    for column, width in zip("ABCDEFGHIJ", [8, 20, 26, 24, 20, 30, 24, 14, 20, 80], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    scope = audit_scope(request.user)
    organization = form.cleaned_data.get("co_quan") if form.is_bound else None
    if organization is None and scope is not None and len(scope) == 1:
        organization = Organization.objects.get(pk=next(iter(scope)))
    audit_record(action=AuditAction.AUDIT_EXPORT, actor=request.user, organization=organization, data={
        "rows": total, "filters": {k: v for k, v in request.GET.items() if k != "trang"}})
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _person(user) -> str:
    if user is None:
        return ""
    return f"{user.get_full_name()} ({user.username})"


# --- Sign-in statistics (Phụ lục VI III.6.b: số lượt truy cập vào Hệ thống) -------------------

class SignInStatsForm(forms.Form):
    tu_ngay = AuditFilterForm.base_fields["tu_ngay"]
    den_ngay = AuditFilterForm.base_fields["den_ngay"]

    def clean(self):
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            raise forms.ValidationError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        if start and end and (end - start).days > MAX_RANGE_DAYS:
            raise forms.ValidationError("Khoảng thời gian quá dài (tối đa 10 năm).")
        return data


SIGN_IN_ACTIONS = {
    AuditAction.LOGIN: "logins",
    AuditAction.LOGIN_FAILED: "failed",
    AuditAction.LOGIN_LOCKED: "locked",
}


def sign_in_stats(events: QuerySet[AuditEvent], start: dt.date, end: dt.date) -> dict:
    """Per day from `start` to `end`: sign-ins, failed attempts, lock-outs and distinct people signed in;
    with totals and the people who signed in most."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    tz = timezone.get_current_timezone()
    events = events.filter(action__in=list(SIGN_IN_ACTIONS),
                           at__gte=dt.datetime.combine(start, dt.time.min, tz),
                           at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz))
    days = {start + dt.timedelta(days=n): {"logins": 0, "failed": 0, "locked": 0, "people": 0}
            for n in range((end - start).days + 1)}
    per_day = events.annotate(day=TruncDate("at", tzinfo=tz)).values("day", "action").annotate(n=Count("seq"))
    for row in per_day:
        days[row["day"]][SIGN_IN_ACTIONS[AuditAction(row["action"])]] = row["n"]
    people = (events.filter(action=AuditAction.LOGIN).annotate(day=TruncDate("at", tzinfo=tz)).values("day")
              .annotate(n=Count("actor", distinct=True)))
    for row in people:
        days[row["day"]]["people"] = row["n"]
    top = (events.filter(action=AuditAction.LOGIN, actor__isnull=False)
           .values("actor__username", "actor__full_name").annotate(n=Count("seq")).order_by("-n", "actor__username")[:20])
    totals = {key: sum(d[key] for d in days.values()) for key in ("logins", "failed", "locked")}
    totals["people"] = events.filter(action=AuditAction.LOGIN).values("actor").distinct().count()
    return {"days": sorted(days.items(), reverse=True), "totals": totals, "top": list(top)}


@login_required
def sign_in_statistics(request):
    """How often people signed in, per day, for the administrators of their organizations."""
    events = visible_events(request.user)
    today = timezone.localdate()
    form = SignInStatsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "qlvb/audit/sign_in_stats.html", {"form": form, "stats": None}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    end = data.get("den_ngay") or today
    start = data.get("tu_ngay") or (end - dt.timedelta(days=29))
    if (end - start).days > 366:
        form.add_error(None, "Thống kê theo ngày tối đa 366 ngày: hãy thu hẹp khoảng thời gian.")
        return render(request, "qlvb/audit/sign_in_stats.html", {"form": form, "stats": None}, status=400)
    return render(request, "qlvb/audit/sign_in_stats.html", {
        "form": form, "stats": sign_in_stats(events, start, end), "start": start, "end": end,
    })
