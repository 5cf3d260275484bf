"""Admin for the document catalogs, registers and signing routes; every change is audited with
before/after data (qlvb.admin_audit.AuditedAdmin)."""

from django.contrib import admin

from documents.models import DocumentType, Register, SigningRoute
from qlvb.admin_audit import AuditedAdmin


@admin.register(DocumentType)
class DocumentTypeAdmin(AuditedAdmin):
    list_display = ["name", "abbreviation", "group", "electronic_only", "number_series", "is_active"]
    list_editable = ["electronic_only", "number_series", "is_active"]
    list_filter = ["group", "electronic_only"]
    search_fields = ["name", "abbreviation"]


@admin.register(Register)
class RegisterAdmin(AuditedAdmin):
    list_display = ["name", "organization", "direction", "year", "is_secret", "last_number", "is_active"]
    list_filter = ["direction", "year", "is_secret", "organization"]
    filter_horizontal = ["document_types"]
    readonly_fields = ["last_number"]


@admin.register(SigningRoute)
class SigningRouteAdmin(AuditedAdmin):
    """An organization's signing route: the checks before signing and whether signing needs a second factor."""

    list_display = ["organization", "content_review", "format_review", "require_second_factor",
                    "allow_timestamp_fallback"]
    list_filter = ["require_second_factor"]
    search_fields = ["organization__name"]
