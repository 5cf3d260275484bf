"""Admin for the document catalogs and registers."""

from django.contrib import admin

from documents.models import DocumentType, Register


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "group", "electronic_only", "number_series", "is_active"]
    list_editable = ["electronic_only", "number_series", "is_active"]
    list_filter = ["group", "electronic_only"]
    search_fields = ["name", "abbreviation"]


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "direction", "year", "is_secret", "last_number", "is_active"]
    list_filter = ["direction", "year", "is_secret", "organization"]
    filter_horizontal = ["document_types"]
    readonly_fields = ["last_number"]
