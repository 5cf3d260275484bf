"""Admin: axis connections (every change audited with before/after data, the secret only as a keyed
fingerprint), and read-only views of the outbox and inbox."""

from django import forms
from django.contrib import admin, messages

from interchange.axis.errors import AxisError
from qlvb.admin_audit import AuditedAdmin

from .models import AxisConnection, Inbound, Outbound, Recipient, StatusEvent
from .services.directory import directory_sync


class AxisConnectionForm(forms.ModelForm):
    endpoint = forms.URLField(label="Địa chỉ trục", max_length=300, assume_scheme="http")
    secret = forms.CharField(label="Khóa bí mật", widget=forms.PasswordInput(render_value=False), required=False,
                             help_text="Để trống nếu không đổi.")

    class Meta:
        model = AxisConnection
        fields = ["name", "endpoint", "system_id", "secret", "organizations", "connect_timeout", "read_timeout",
                  "is_active"]

    def clean_secret(self):
        value = self.cleaned_data.get("secret")
        if not value:
            if not self.instance.pk:
                raise forms.ValidationError("Cần nhập khóa bí mật.")
            return self.instance.secret
        return value


@admin.register(AxisConnection)
class AxisConnectionAdmin(AuditedAdmin):
    form = AxisConnectionForm
    audit_secret_fields = ("secret",)
    list_display = ["name", "endpoint", "system_id", "is_active", "last_poll_at", "last_poll_error",
                    "last_directory_sync_at"]
    filter_horizontal = ["organizations"]
    actions = ["sync_directory"]

    @admin.action(description="Đồng bộ danh bạ cơ quan từ trục")
    def sync_directory(self, request, queryset):
        for connection in queryset:
            try:
                result = directory_sync(connection=connection)
            except AxisError as exc:
                self.message_user(request, f"{connection}: không lấy được danh bạ ({exc})", messages.ERROR)
            else:
                self.message_user(request, f"{connection}: thêm {result['created']}, cập nhật {result['updated']} "
                                           f"cơ quan, bỏ qua {result['skipped']} mã không hợp lệ.")


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 0
    readonly_fields = ["organ_id", "name", "state", "last_status_code", "last_status_at", "reason"]
    can_delete = False


@admin.register(Outbound)
class OutboundAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "external_id", "status_code", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state", "kind", "organization"]
    search_fields = ["external_id", "axis_doc_id"]
    inlines = [RecipientInline]
    readonly_fields = [f.name for f in Outbound._meta.fields]


@admin.register(Inbound)
class InboundAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "axis_doc_id", "from_organ_id", "to_organ_id", "state", "ack", "received_at"]
    list_filter = ["state", "kind", "ack"]
    search_fields = ["external_id", "axis_doc_id"]
    readonly_fields = [f.name for f in Inbound._meta.fields]


@admin.register(StatusEvent)
class StatusEventAdmin(admin.ModelAdmin):
    list_display = ["external_id", "from_organ_id", "code", "occurred_at", "received_at"]
    list_filter = ["code"]
