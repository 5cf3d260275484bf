"""What every API view of documents shares: English messages, whatever the site's language."""

from __future__ import annotations

from django.utils import translation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView


class EnglishMixin:
    """API clients get English validation messages; the screens stay Vietnamese."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)


class ApiView(EnglishMixin, APIView):
    pass


def parsed(serializer_class, data):
    """Validate `data` (a body or the query string) with `serializer_class`; 400 when invalid."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class FileRenderer(BaseRenderer):
    """Lets a client ask for the file type it downloads (Accept: application/pdf); errors stay JSON."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data, "application/json", renderer_context)


class PdfRenderer(FileRenderer):
    media_type, format = "application/pdf", "pdf"


class XlsxRenderer(FileRenderer):
    media_type, format = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
