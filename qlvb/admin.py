"""Admin for organizations, people, delegation, the calendar and the (read-only) audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEvent, CalendarDay, Delegation, Membership, MembershipRole, Organization, Unit, User


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organ_id", "hosted", "parent"]
    list_filter = ["hosted", "is_active"]
    search_fields = ["name", "short_name", "organ_id"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "organization"]
    search_fields = ["name", "abbreviation"]
    list_filter = ["organization"]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "unit", "position_title", "secret_clearance", "is_active"]
    list_filter = ["organization", "roles__role"]
    search_fields = ["user__username", "user__full_name"]
    inlines = [MembershipRoleInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    show_change_link = True


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = ((None, {"fields": ("username", "password")}),
                 ("Thông tin cá nhân", {"fields": ("full_name", "email", "phone")}),
                 ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
                 ("Thời gian", {"fields": ("last_login", "date_joined")}))
    inlines = [MembershipInline]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["delegator", "delegate", "signing_form", "scope", "starts_at", "ends_at", "revoked_at"]
    list_filter = ["organization", "signing_form", "scope"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
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
