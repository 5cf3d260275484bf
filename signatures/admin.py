"""Administration of the trust store and key custody. Thin: every change goes through a service.

Certificates, keys and images are added through upload pages (not the generic add form), so
files are checked and the administrator gets a clear Vietnamese message for a bad one.
"""

import base64

from cryptography.hazmat.primitives import serialization
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_post_parameters

from signatures.errors import SignatureServiceError
from signatures.forms.custody import (
    PinChangeForm,
    Pkcs12ImportForm,
    SignatureImageForm,
    SigningKeyRegisterForm,
)
from signatures.forms.trust import CertificateImportForm, RevocationForm
from signatures.models import (
    Certificate,
    ExternalSigningSession,
    FileVerification,
    SignatureImage,
    SignatureRecord,
    SigningKey,
)
from signatures.pki.certificates import KEY_USAGES
from signatures.selectors.certificates import (
    certificate_chain_status,
    certificate_chain_statuses,
    certificate_x509,
)
from signatures.services import (
    certificate_import,
    certificate_revoke,
    pkcs12_import,
    signature_image_set,
    signing_key_change_pin,
    signing_key_deactivate,
    signing_key_register,
    signing_key_unlock,
)
from signatures.services.publication import hosts_issuer


def _error_text(exc: Exception) -> str:
    if isinstance(exc, SignatureServiceError):
        return exc.user_message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class UploadPagesMixin:
    """Admin pages with a form that calls a service, shown with the admin's look."""

    upload_template = "signatures/admin/upload_form.html"

    def upload_page(self, request, *, form_class, title: str, perform, submit: str = "Nhập"):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        form = form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                message = perform(form.cleaned_data)
            except (SignatureServiceError, ValidationError, PermissionDenied) as exc:
                form.add_error(None, _error_text(exc))
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "submit_label": submit,
        }
        return TemplateResponse(request, self.upload_template, context)


@admin.register(Certificate)
class CertificateAdmin(UploadPagesMixin, admin.ModelAdmin):
    change_list_template = "signatures/admin/certificate_change_list.html"
    list_display = [
        "subject_cn", "kind", "issuer_cn", "validity", "key_usage_display", "trusted_chain", "holder", "revoked_at"
    ]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "issuer", "serial", "fingerprint"]
    actions = ["revoke_certificates"]
    readonly_fields = [
        "kind", "subject", "issuer", "serial", "fingerprint", "not_before", "not_after", "key_usage_display",
        "extended_key_usage", "is_ca", "trusted_chain", "user", "organization", "revoked_at", "revocation_reason",
        "imported_at", "imported_by", "pem",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # distrust or revoke instead: the audit trail keeps why

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        statuses = certificate_chain_statuses(certificates=changelist.result_list)
        for certificate in changelist.result_list:
            certificate.chain_status = statuses[certificate.pk]
        return changelist

    @admin.display(description="Hiệu lực")
    def validity(self, obj):
        expired = obj.not_after < timezone.now()
        text = f"{timezone.localtime(obj.not_before):%d/%m/%Y} – {timezone.localtime(obj.not_after):%d/%m/%Y}"
        return format_html('<span class="{}">{}</span>', "text-danger" if expired else "", text)

    @admin.display(description="Mục đích sử dụng khóa")
    def key_usage_display(self, obj):
        return ", ".join(KEY_USAGES.get(u, u) for u in obj.key_usage) or "—"

    @admin.display(description="Chuỗi tới CA gốc tin cậy")
    def trusted_chain(self, obj):
        status = getattr(obj, "chain_status", None) or certificate_chain_status(certificate=obj)
        return format_html(
            '<span class="{}">{}</span>', "text-success" if status.trusted else "text-danger", status.message
        )

    @admin.display(description="Người/cơ quan được cấp")
    def holder(self, obj):
        return obj.user or obj.organization or "—"

    @admin.display(description="PEM")
    def pem(self, obj):
        return format_html("<pre>{}</pre>", certificate_x509(obj).public_bytes(serialization.Encoding.PEM).decode())

    def get_urls(self):
        return [
            path("nhap/", self.admin_site.admin_view(self.import_view), name="signatures_certificate_import"),
            path(
                "nhap-pkcs12/",
                self.admin_site.admin_view(sensitive_post_parameters("pin", "new_pin")(self.import_pkcs12_view)),
                name="signatures_certificate_import_pkcs12",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        def perform(data):
            result = certificate_import(
                actor=request.user, data=data["file"], kind=data["kind"], user=data["user"],
                organization=data["organization"],
            )
            return f"Đã nhập {len(result.created)} chứng thư số mới ({len(result.existing)} chứng thư đã có)."

        return self.upload_page(request, form_class=CertificateImportForm, title="Nhập chứng thư số", perform=perform)

    def import_pkcs12_view(self, request):
        def perform(data):
            key = pkcs12_import(
                actor=request.user, data=data["file"], pin=data["pin"], new_pin=data["new_pin"],
                user=data["user"], organization=data["organization"],
            )
            return f"Đã lưu khóa ký số của {key.user or key.organization} (chứng thư số {key.certificate.subject_cn})."

        return self.upload_page(
            request, form_class=Pkcs12ImportForm, title="Nhập tệp PKCS#12 (khóa lưu trên máy chủ)", perform=perform
        )

    @admin.action(description="Thu hồi chứng thư số đã chọn", permissions=["change"])
    def revoke_certificates(self, request, queryset):
        form = RevocationForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            published = 0
            for certificate in queryset:
                certificate_revoke(
                    actor=request.user,
                    certificate=certificate,
                    reason=form.cleaned_data["reason"],
                    revoked_at=form.cleaned_data["revoked_at"],
                )
                published += hosts_issuer(certificate)
            note = f" Danh sách thu hồi (CRL) và OCSP của hệ thống công bố {published} chứng thư." if published else ""
            self.message_user(request, f"Đã thu hồi {queryset.count()} chứng thư số.{note}", messages.SUCCESS)
            return None
        if not form.is_bound:
            form = RevocationForm(initial={"revoked_at": timezone.localtime().replace(microsecond=0)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Thu hồi chứng thư số",
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "revoke_certificates",
        }
        return TemplateResponse(request, "signatures/admin/revoke_confirm.html", context)


@admin.register(SigningKey)
class SigningKeyAdmin(UploadPagesMixin, admin.ModelAdmin):
    change_list_template = "signatures/admin/signingkey_change_list.html"
    list_display = ["holder", "custody", "certificate", "is_active", "failed_pin_attempts", "created_at"]
    list_filter = ["custody", "is_active"]
    search_fields = ["user__full_name", "user__username", "organization__name", "certificate__subject"]
    actions = ["unlock_keys", "deactivate_keys"]
    # The encrypted key store itself is never shown.
    readonly_fields = [
        "custody", "certificate", "user", "organization", "token_label", "key_label", "module_path", "is_active",
        "failed_pin_attempts", "kek_id", "created_at", "created_by",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Người/cơ quan giữ khóa")
    def holder(self, obj):
        return obj.user or obj.organization

    def get_urls(self):
        return [
            path("dang-ky/", self.admin_site.admin_view(self.register_view), name="signatures_signingkey_register"),
            path(
                "<int:key_id>/doi-pin/",
                self.admin_site.admin_view(
                    sensitive_post_parameters("pin", "new_pin", "new_pin_again")(self.change_pin_view)
                ),
                name="signatures_signingkey_change_pin",
            ),
            *super().get_urls(),
        ]

    def change_pin_view(self, request, key_id: int):
        key = get_object_or_404(SigningKey.objects.select_related("certificate"), pk=key_id,
                                custody=SigningKey.Custody.SERVER)

        def perform(data):
            signing_key_change_pin(actor=request.user, key=key, pin=data["pin"], new_pin=data["new_pin"])
            return f"Đã đổi mã PIN của khóa ký số: {key}."

        return self.upload_page(
            request, form_class=PinChangeForm, title=f"Đổi mã PIN khóa ký số — {key}", perform=perform,
            submit="Đổi mã PIN",
        )

    def register_view(self, request):
        def perform(data):
            key = signing_key_register(
                actor=request.user, custody=data["custody"], certificate=data["certificate"], user=data["user"],
                organization=data["organization"], token_label=data["token_label"], key_label=data["key_label"],
                module_path=data["module_path"],
            )
            return f"Đã đăng ký khóa ký số: {key}."

        return self.upload_page(
            request, form_class=SigningKeyRegisterForm, title="Đăng ký khóa trên thiết bị ký số", perform=perform,
            submit="Đăng ký",
        )

    @admin.action(description="Mở khóa (cho phép nhập lại mã PIN)", permissions=["change"])
    def unlock_keys(self, request, queryset):
        for key in queryset:
            signing_key_unlock(actor=request.user, key=key)
        self.message_user(request, f"Đã mở khóa {queryset.count()} khóa ký số.", messages.SUCCESS)

    @admin.action(description="Ngừng sử dụng khóa đã chọn", permissions=["change"])
    def deactivate_keys(self, request, queryset):
        for key in queryset:
            signing_key_deactivate(actor=request.user, key=key)
        self.message_user(request, f"Đã ngừng sử dụng {queryset.count()} khóa ký số.", messages.SUCCESS)


@admin.register(SignatureImage)
class SignatureImageAdmin(UploadPagesMixin, admin.ModelAdmin):
    change_list_template = "signatures/admin/signatureimage_change_list.html"
    list_display = ["__str__", "kind", "preview", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "user", "organization", "preview", "updated_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # replaced by uploading a new one, which the audit log records

    @admin.display(description="Ảnh")
    def preview(self, obj):
        data = base64.b64encode(bytes(obj.png)).decode("ascii")
        return format_html('<img src="data:image/png;base64,{}" alt="" height="60">', data)

    def get_urls(self):
        return [
            path("tai-len/", self.admin_site.admin_view(self.upload_view), name="signatures_signatureimage_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        def perform(data):
            image = signature_image_set(
                actor=request.user, png=data["file"], user=data["user"], organization=data["organization"]
            )
            return f"Đã cập nhật {image}."

        return self.upload_page(
            request, form_class=SignatureImageForm, title="Tải lên ảnh chữ ký hoặc con dấu", perform=perform,
            submit="Tải lên",
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignatureRecord)
class SignatureRecordAdmin(ReadOnlyAdmin):
    list_display = ["signed_file", "kind", "signer", "on_behalf_of", "organization", "signing_time", "level"]
    list_filter = ["kind", "level", "organization"]
    search_fields = ["signed_file__name", "sha256", "signer__full_name"]


@admin.register(FileVerification)
class FileVerificationAdmin(ReadOnlyAdmin):
    list_display = ["document_file", "checked_at", "outcome", "invalid_signature", "signature_count"]
    list_filter = ["outcome", "invalid_signature"]
    search_fields = ["document_file__name", "summary"]


@admin.register(ExternalSigningSession)
class ExternalSigningSessionAdmin(ReadOnlyAdmin):
    list_display = ["user", "source_file", "created_at", "expires_at", "completed_at"]
    exclude = ["state"]

