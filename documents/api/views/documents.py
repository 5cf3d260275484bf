"""Documents: the list, one document, and full-text search — only what the user may see."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from documents.api.errors import ErrorOutput
from documents.api.serializers.documents import DocumentDetailOutput, DocumentListOutput
from documents.api.views.base import EnglishMixin, parsed
from documents.literals import Direction
from documents.models import Document
from documents.selectors.documents import document_list
from documents.selectors.search import SearchFilters, document_search, id_page, page_of
from qlvb.access import memberships


def default_organization(user) -> int | None:
    """Lists and searches are per organization, as on the screens: the caller's first one by default.
    (Who works in none sees only what was given to them, across organizations.)"""
    first = memberships(user).order_by("pk").first()
    return first.organization_id if first else None


class DocumentListApi(EnglishMixin, generics.ListAPIView):
    """Documents the user may see, urgent first then newest."""

    class DocumentListFilter(serializers.Serializer):
        direction = serializers.ChoiceField(choices=Direction.choices, required=False)
        state = serializers.ChoiceField(choices=Document.State.choices, required=False)
        organization = serializers.IntegerField(
            required=False, help_text="The organization whose documents to list; default: the caller's first.")

    serializer_class = DocumentListOutput

    def get_queryset(self):
        f = parsed(self.DocumentListFilter, self.request.query_params)
        organization = f.get("organization") or default_organization(self.request.user)
        qs = document_list(user=self.request.user, direction=f.get("direction"), organization_id=organization)
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
    organization = serializers.IntegerField(required=False, help_text="The organization whose documents to search; "
                                                                      "default: the caller's first.")
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
            issued_to=data.get("issued_to"), organization_id=data.get("organization"),
        )


class DocumentSearchApi(EnglishMixin, generics.ListAPIView):
    """Full-text search (số/ký hiệu, trích yếu, issuing organization, PDF text), accent-insensitive."""

    serializer_class = DocumentListOutput

    def get_queryset(self):
        """The ids of the matches in order; `get` reads one page of documents."""
        data = parsed(DocumentSearchInput, self.request.query_params)
        data.setdefault("organization", default_organization(self.request.user))
        filters = DocumentSearchInput.filters(data)
        if filters.is_empty:
            return Document.objects.none().values_list("pk", flat=True)
        return document_search(user=self.request.user, filters=filters).values_list("pk", flat=True)

    @extend_schema(operation_id="documents_search", parameters=[DocumentSearchInput])
    def get(self, request, *args, **kwargs):
        paginator = self.paginator  # one query for the page's ids and the total (search.id_page)
        paginator.request = request
        paginator.page = id_page(self.get_queryset(), request.query_params.get(paginator.page_query_param),
                                 paginator.get_page_size(request))
        documents = page_of(list(paginator.page.object_list),
                            Document.objects.visible_to(request.user).select_related("document_type", "organization"))
        return paginator.get_paginated_response(self.get_serializer(documents, many=True).data)
