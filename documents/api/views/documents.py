"""Documents: the list, one document, and full-text search — only what the user may see."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from ...literals import Direction
from ...models import Document
from ...search import SearchFilters, document_search
from ...selectors import document_list
from ..errors import ErrorOutput
from ..serializers import DocumentDetailOutput, DocumentListOutput
from .base import EnglishMixin, parsed


class DocumentListApi(EnglishMixin, generics.ListAPIView):
    """Documents the user may see, urgent first then newest."""

    class DocumentListFilter(serializers.Serializer):
        direction = serializers.ChoiceField(choices=Direction.choices, required=False)
        state = serializers.ChoiceField(choices=Document.State.choices, required=False)
        organization = serializers.IntegerField(required=False, help_text="Only this organization's documents.")

    serializer_class = DocumentListOutput

    def get_queryset(self):
        f = parsed(self.DocumentListFilter, self.request.query_params)
        qs = document_list(user=self.request.user, direction=f.get("direction"), organization_id=f.get("organization"))
        return qs.filter(state=f["state"]) if f.get("state") else qs

    @extend_schema(operation_id="documents_list", parameters=[DocumentListFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DocumentDetailApi(EnglishMixin, generics.RetrieveAPIView):
    """One document with its files, instructions, assignments and replies; 404 if the user may not see it."""

    serializer_class = DocumentDetailOutput

    def get_object(self):
        visible = document_list(user=self.request.user).prefetch_related(
            "instructions__author", "instructions__on_behalf_of", "assignments__unit", "assignments__user")
        return get_object_or_404(visible, pk=self.kwargs["pk"])

    @extend_schema(operation_id="documents_retrieve", responses={200: DocumentDetailOutput, 404: ErrorOutput})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DocumentSearchInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=300,
                              help_text="Words, with or without Vietnamese accents; all must occur.")
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    document_type = serializers.IntegerField(required=False)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="Part of the issuing organization's name, any accents.")
    unit = serializers.IntegerField(required=False, help_text="The document's unit or a unit assigned to it.")
    state = serializers.ChoiceField(choices=Document.State.choices, required=False)
    urgent = serializers.BooleanField(required=False, default=False)
    issued_from = serializers.DateField(required=False)
    issued_to = serializers.DateField(required=False)

    @staticmethod
    def filters(data: dict) -> SearchFilters:
        return SearchFilters(
            query=data.get("q", ""), direction=data.get("direction", ""), document_type_id=data.get("document_type"),
            issuer=data.get("issuer", ""), unit_id=data.get("unit"), state=data.get("state", ""),
            urgent_only=data.get("urgent", False), issued_from=data.get("issued_from"),
            issued_to=data.get("issued_to"),
        )


class DocumentSearchApi(EnglishMixin, generics.ListAPIView):
    """Full-text search (số/ký hiệu, trích yếu, issuing organization, PDF text), accent-insensitive."""

    serializer_class = DocumentListOutput

    def get_queryset(self):
        filters = DocumentSearchInput.filters(parsed(DocumentSearchInput, self.request.query_params))
        if filters.is_empty:
            return Document.objects.none()
        return document_search(user=self.request.user, filters=filters)

    @extend_schema(operation_id="documents_search", parameters=[DocumentSearchInput])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
