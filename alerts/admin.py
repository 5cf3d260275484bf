"""Admin for alerts, the e-mail outbox, preferences and the report archive (read mostly)."""

from django.contrib import admin

from qlvb.admin_audit import AuditedAdmin

from .models import Alert, AlertEvent, DailyReport, EmailMessage, NotificationPreference, ScanState


class AlertEventInline(admin.TabularInline):
    model = AlertEvent
    extra = 0
    readonly_fields = ["at", "kind", "actor", "note"]
    can_delete = False


@admin.register(Alert)
class AlertAdmin(AuditedAdmin):
    list_display = ["title", "rule", "severity", "state", "organization", "opened_at", "occurrences"]
    list_filter = ["state", "severity", "rule"]
    search_fields = ["title", "key"]
    readonly_fields = [f.name for f in Alert._meta.fields]
    filter_horizontal = ["documents"]
    inlines = [AlertEventInline]


@admin.register(EmailMessage)
class EmailMessageAdmin(admin.ModelAdmin):
    list_display = ["to", "subject", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["to", "subject"]
    readonly_fields = ["created_at", "sent_at", "claimed_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AuditedAdmin):
    list_display = ["user", "email_enabled", "email_min_severity", "daily_report"]


@admin.register(DailyReport)
class DailyReportAdmin(admin.ModelAdmin):
    list_display = ["organization", "report_date", "created_at"]
    list_filter = ["report_date"]
    readonly_fields = ["figures", "created_at"]
    exclude = ["lists"]


@admin.register(ScanState)
class ScanStateAdmin(AuditedAdmin):
    list_display = ["rule", "last_run_at", "last_findings", "last_duration_ms", "last_error"]
