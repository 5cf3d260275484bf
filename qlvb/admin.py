"""Admin for organizations, people, delegation, the calendar and the (read-only) audit log.

Every change made here is audited with before/after data (qlvb.admin_audit.AuditedAdmin): roles and
memberships, secret clearance, delegations, superuser/staff and activation of users."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils import timezone

from qlvb.admin_audit import AuditedAdmin
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from qlvb.services.rights import rights_changed, rights_snapshot, rights_tell
from qlvb.services.sign_in import sign_in_record

from .models import (
    AuditAnchor,
    AuditEvent,
    CalendarDay,
    Delegation,
    Membership,
    MembershipRole,
    Organization,
    Unit,
    User,
)


class RightsWatchingAdmin(AuditedAdmin):
    """Changes of memberships, roles, units, secret clearance or activity tell the person and the
    organization's clerks (qlvb.services.rights), in the admin's transaction."""

    def rights_user(self, obj):
        return obj

    def save_model(self, request, obj, form, change):
        user = self.rights_user(obj)
        request._qlvb_rights_before = rights_snapshot(user) if user is not None and user.pk else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = self.rights_user(form.instance)
        if user is not None:
            rights_tell(actor=request.user, user=user, before=getattr(request, "_qlvb_rights_before", {}))

    def delete_model(self, request, obj):
        with transaction.atomic():
            user = self.rights_user(obj)
            before = rights_snapshot(user)
            super().delete_model(request, obj)
            if user is not obj:
                rights_tell(actor=request.user, user=user, before=before)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            users = {u.pk: u for u in (self.rights_user(obj) for obj in queryset) if u is not None}
            before = {pk: rights_snapshot(u) for pk, u in users.items()}
            super().delete_queryset(request, queryset)
            if queryset.model is not User:
                for pk, u in users.items():
                    rights_tell(actor=request.user, user=u, before=before[pk])


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "organ_id", "hosted", "parent"]
    list_filter = ["hosted", "is_active"]
    search_fields = ["name", "short_name", "organ_id"]
    inlines = [UnitInline]

    def audit_organization(self, obj):
        return obj

    def audit_extra(self, obj):
        return {"units": [[u.pk, u.name, u.abbreviation, u.is_active] for u in obj.units.order_by("pk")]}


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "abbreviation", "organization"]
    search_fields = ["name", "abbreviation"]
    list_filter = ["organization"]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(Membership)
class MembershipAdmin(RightsWatchingAdmin):
    list_display = ["user", "organization", "unit", "position_title", "secret_clearance", "is_active"]
    list_filter = ["organization", "roles__role"]
    search_fields = ["user__username", "user__full_name"]
    inlines = [MembershipRoleInline]

    def audit_extra(self, obj):
        return {"roles": sorted(obj.roles.values_list("role", flat=True))}

    def rights_user(self, obj):
        return obj.user if obj.user_id else None


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    show_change_link = True


@admin.register(User)
class UserAdmin(RightsWatchingAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = ((None, {"fields": ("username", "password")}),
                 ("Thông tin cá nhân", {"fields": ("full_name", "email", "phone")}),
                 ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
                 ("Thời gian", {"fields": ("last_login", "date_joined")}))
    inlines = [MembershipInline]

    def audit_extra(self, obj):
        return {"memberships": [
            {"organization": m.organization_id, "unit": m.unit_id, "position_title": m.position_title,
             "secret_clearance": m.secret_clearance, "is_active": m.is_active,
             "roles": sorted(r.role for r in m.roles.all())}
            for m in obj.memberships.order_by("pk").prefetch_related("roles")]}

    def audit_organization(self, obj):
        first = obj.memberships.order_by("pk").first() if obj.pk else None
        return first.organization if first else None

    def user_change_password(self, request, id, form_url=""):
        """An administrator setting someone's password: audited (that it was set, never what to)."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, id)
                audit_record(action=AuditAction.ADMIN_CHANGE, actor=request.user, obj=user,
                             organization=self.audit_organization(user),
                             data={"model": "qlvb.user", "object": str(user)[:200], "changed": ["password"],
                                   "before": {"password": "(ẩn)"}, "after": {"password": "(đã đặt mật khẩu mới)"}})
        return response


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    """Delegations changed here tell the delegate and the clerks, as the delegation services do
    (Phụ lục VI III.3.c)."""

    list_display = ["delegator", "delegate", "signing_form", "scope", "starts_at", "ends_at", "revoked_at"]
    list_filter = ["organization", "signing_form", "scope", "reason_kind"]

    @staticmethod
    def _what(obj) -> str:
        return f"ủy quyền ({obj.get_scope_display()}) của {obj.delegator}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            text = (f"nhận {self._what(obj)} từ {timezone.localtime(obj.starts_at):%d/%m/%Y %H:%M} "
                    f"đến {timezone.localtime(obj.ends_at):%d/%m/%Y %H:%M}")
        elif "revoked_at" in form.changed_data and obj.revoked_at is not None:
            text = f"{self._what(obj)} đã bị thu hồi"
        elif form.changed_data:
            labels = ", ".join(str(form.fields[name].label).lower() for name in form.changed_data)
            text = f"{self._what(obj)} đã được sửa ({labels})"
        else:
            return
        rights_changed(actor=request.user, user=obj.delegate, organization=obj.organization, changes=[text])

    def delete_model(self, request, obj):
        with transaction.atomic():
            rights_changed(actor=request.user, user=obj.delegate, organization=obj.organization,
                           changes=[f"{self._what(obj)} đã bị xóa"])
            super().delete_model(request, obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "action", "actor", "organization", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_id", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditAnchor)
class AuditAnchorAdmin(admin.ModelAdmin):
    list_display = ["head_seq", "tsa_time", "head_mac", "tsa_url"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    """Wrong-password counters (django-axes). Deleting one unlocks that user name or address; the
    unlock is written to the audit log with who did it."""

    def _unlocked(self, request, attempts) -> None:
        for attempt in attempts:
            sign_in_record(action=AuditAction.LOGIN_UNLOCKED, request=request, user=request.user,
                           unlocked_username=attempt.username or "", unlocked_ip=attempt.ip_address or "",
                           failures=attempt.failures_since_start)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._unlocked(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            self._unlocked(request, list(queryset))
            super().delete_queryset(request, queryset)


admin.site.register(AccessAttempt, AuditedAccessAttemptAdmin)
