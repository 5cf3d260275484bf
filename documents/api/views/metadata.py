"""Correcting a document's metadata after entry (Phụ lục VI III.7.c): PATCH with a reason."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from documents.api.errors import ErrorOutput, ServiceRefused, service_errors
from documents.api.serializers.documents import DocumentDetailOutput
from documents.api.views.base import ApiView, parsed
from documents.errors import DocumentError
from documents.literals import Secrecy, Urgency
from documents.selectors.documents import document_get
from documents.services.records.metadata import (
    EDITABLE_FIELDS,
    MAX_DESCRIPTION_CHARS,
    MAX_PAGE_COUNT,
    MAX_REASON_CHARS,
    MAX_SUBJECT_CHARS,
    document_metadata_edit,
)
from qlvb.errors import Refused


class MetadataInput(serializers.Serializer):
    """The fields to correct (only those given are changed) and the reason, which is required."""

    reason = serializers.CharField(max_length=MAX_REASON_CHARS, help_text="Why the metadata is corrected.")
    subject = serializers.CharField(required=False, max_length=MAX_SUBJECT_CHARS)
    symbol = serializers.CharField(required=False, allow_blank=True, max_length=60,
                                   help_text="Incoming documents only (the sender's số, ký hiệu).")
    issued_on = serializers.DateField(required=False, allow_null=True)
    issuer_name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                        help_text="Incoming documents only.")
    document_type = serializers.IntegerField(required=False, help_text="The id of an active document type.")
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    signer_title = serializers.CharField(required=False, allow_blank=True, max_length=150)
    urgency = serializers.ChoiceField(required=False, choices=Urgency.choices)
    secrecy = serializers.ChoiceField(required=False, choices=Secrecy.choices, help_text="Leaders only.")
    due_date = serializers.DateField(required=False, allow_null=True)
    page_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_PAGE_COUNT)
    language = serializers.CharField(required=False, max_length=30)
    description = serializers.CharField(required=False, allow_blank=True, max_length=MAX_DESCRIPTION_CHARS)


FIELD_NAMES = [f.name for f in EDITABLE_FIELDS]


class MetadataChangeOutput(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField(help_text="The old value, as the history shows it.")
    new = serializers.CharField(help_text="The new value, as the history shows it.")


class DocumentMetadataApi(ApiView):
    @extend_schema(operation_id="documents_metadata_update", request=MetadataInput,
                   responses={200: DocumentDetailOutput, 400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput},
                   summary="Correct a document's metadata (clerks and leaders; secrecy: leaders) with a reason; "
                           "old and new values are kept")
    def patch(self, request, pk: int):
        document = document_get(user=request.user, pk=pk)
        unknown = sorted(set(request.data) - {"reason", *FIELD_NAMES})
        if unknown:
            raise ServiceRefused.of(Refused(DocumentError.METADATA_NOT_EDITABLE, field=", ".join(unknown)))
        data = parsed(MetadataInput, request.data)
        changes = {name: data[name] for name in FIELD_NAMES if name in data}
        with service_errors():
            rows = document_metadata_edit(actor=request.user, document=document, changes=changes,
                                          reason=data["reason"])
        body = DocumentDetailOutput(document_get(user=request.user, pk=pk), context={"request": request}).data
        body["metadata_changes"] = MetadataChangeOutput(rows, many=True).data
        return Response(body)
