"""Saved searches of the caller: list, save (by name; the same name replaces), delete."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from documents.api.errors import ErrorOutput, service_errors
from documents.api.views.base import ApiView, parsed
from documents.services.saved_searches import (
    DISPLAY_PARAMS,
    SEARCH_PARAMS,
    saved_search_delete,
    saved_search_list,
    saved_search_save,
)


class SavedSearchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    params = serializers.DictField(child=serializers.CharField(),
                                   help_text="Query parameters of /api/documents/search/.")
    created_at = serializers.DateTimeField()


class SavedSearchListApi(ApiView):
    class SavedSearchInput(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        params = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                       help_text=f"Search parameters: {', '.join(SEARCH_PARAMS + DISPLAY_PARAMS)}.")

    @extend_schema(operation_id="saved_searches_list", responses={200: SavedSearchOutput(many=True)})
    def get(self, request):
        return Response(SavedSearchOutput(saved_search_list(user=request.user), many=True).data)

    @extend_schema(operation_id="saved_searches_save", request=SavedSearchInput,
                   responses={201: SavedSearchOutput, 400: ErrorOutput})
    def post(self, request):
        data = parsed(self.SavedSearchInput, request.data)
        with service_errors():
            saved = saved_search_save(user=request.user, name=data["name"], params=data["params"])
        return Response(SavedSearchOutput(saved).data, status=status.HTTP_201_CREATED)


class SavedSearchDetailApi(ApiView):
    @extend_schema(operation_id="saved_searches_delete", responses={204: None, 404: ErrorOutput})
    def delete(self, request, pk: int):
        saved_search_delete(user=request.user, pk=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
