"""Registers (sổ văn bản) over the API: the rows as JSON, or the Excel/PDF file."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from documents.api.errors import ErrorOutput, ServiceRefused
from documents.api.views.base import ApiView, PdfRenderer, XlsxRenderer, parsed
from documents.exports import (
    PDF_MAX_ROWS,
    SPECS,
    RegisterTooLarge,
    register_pdf,
    register_rows,
    register_sheet,
    register_xlsx,
)
from documents.selectors.registers import RegisterFilters, register_documents, register_organizations

KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(SPECS),
                        description="incoming: sổ đăng ký văn bản đến; tracking: sổ theo dõi giải quyết văn bản "
                                    "đến; outgoing: sổ đăng ký văn bản đi")
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


class RegisterFilterInput(serializers.Serializer):
    organization = serializers.IntegerField(required=False, help_text="Default: the caller's first organization.")
    register = serializers.IntegerField(required=False, help_text="One book (sổ); default: all but secret ones.")
    date_from = serializers.DateField(required=False, help_text="Arrival date (incoming) or document date (outgoing).")
    date_to = serializers.DateField(required=False)
    document_type = serializers.IntegerField(required=False)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=100)
    unit = serializers.IntegerField(required=False)
    state = serializers.CharField(required=False, allow_blank=True, max_length=20)


def _request_filters(request, kind: str):
    if kind not in SPECS:
        raise NotFound("No such register.")
    data = parsed(RegisterFilterInput, request.query_params)
    organizations = register_organizations(user=request.user)
    organization = next((o for o in organizations if o.pk == data.get("organization")),
                        None if data.get("organization") else (organizations[0] if organizations else None))
    if organization is None:
        raise NotFound("No register of this organization for you.")
    filters = RegisterFilters(
        organization_id=organization.pk, register_id=data.get("register"), date_from=data.get("date_from"),
        date_to=data.get("date_to"), document_type_id=data.get("document_type"), issuer=data.get("issuer", ""),
        unit_id=data.get("unit"), state=data.get("state", ""),
    )
    return organization, filters


class RegisterRowOutput(serializers.Serializer):
    document = serializers.IntegerField()
    cells = serializers.ListField(child=serializers.CharField(allow_blank=True),
                                  help_text="One text per column, in the order of `columns`.")


class RegisterOutput(serializers.Serializer):
    title = serializers.CharField()
    organization = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = RegisterRowOutput(many=True)


class RegisterApi(ApiView):
    @extend_schema(operation_id="registers_rows", parameters=[KIND, RegisterFilterInput],
                   responses={200: RegisterOutput, 400: ErrorOutput, 404: ErrorOutput},
                   summary="A register's rows, 50 a page, in register order")
    def get(self, request, kind: str):
        organization, filters = _request_filters(request, kind)
        paginator = PageNumberPagination()
        documents = register_documents(user=request.user, kind=kind, filters=filters).values_list("pk", flat=True)
        page = paginator.paginate_queryset(documents, request, view=self)
        spec = SPECS[kind]
        return Response({
            "title": spec.name, "organization": organization.name, "columns": [c.title for c in spec.columns],
            "count": paginator.page.paginator.count, "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": [{"document": d.pk, "cells": cells} for d, cells in register_rows(page, kind=kind, user=request.user)],
        })


class RegisterExportApi(ApiView):
    file_format = "xlsx"

    def get(self, request, kind: str):
        organization, filters = _request_filters(request, kind)
        try:
            sheet = register_sheet(user=request.user, kind=kind, filters=filters, organization=organization,
                                   limit=PDF_MAX_ROWS if self.file_format == "pdf" else None)
        except RegisterTooLarge as exc:
            raise ServiceRefused.of(exc) from exc
        body = register_xlsx(sheet) if self.file_format == "xlsx" else register_pdf(sheet)
        response = HttpResponse(body, content_type=CONTENT_TYPES[self.file_format])
        response["Content-Disposition"] = (f'attachment; filename="register-{kind}-{organization.organ_id}-'
                                           f'{sheet.year.replace("–", "-")}.{self.file_format}"')
        return response


class RegisterXlsxApi(RegisterExportApi):
    file_format = "xlsx"
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(operation_id="registers_xlsx", parameters=[KIND, RegisterFilterInput],
                   responses={(200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY, 400: ErrorOutput, 404: ErrorOutput},
                   summary="The register as an Excel workbook")
    def get(self, request, kind: str):
        return super().get(request, kind)


class RegisterPdfApi(RegisterExportApi):
    file_format = "pdf"
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(operation_id="registers_pdf", parameters=[KIND, RegisterFilterInput],
                   responses={(200, CONTENT_TYPES["pdf"]): OpenApiTypes.BINARY, 400: ErrorOutput, 404: ErrorOutput},
                   summary="The register as a printable PDF (cover page, A4 landscape)")
    def get(self, request, kind: str):
        return super().get(request, kind)
