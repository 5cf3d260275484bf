"""JSON API of the verification results of a document's files (login required), at
/chu-ky/api/… (``signatures:`` URL names): read-only.

Signing, sealing and stamping have no file-level endpoint: each is a step of the outgoing workflow
(``outgoing-api:`` sign, external-prepare/-complete and seal, documents.api.views.outgoing), which
checks the document's state, route, number, who signs and the second factor under the signing
lock. Every file is looked up through the documents permission filter first (404 when the user may
not see the document). Errors carry a Vietnamese ``detail``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api.serializers.signing import FileVerificationOutputSerializer, file_json, verification_json
from documents.selectors.files import document_file_get
from signatures.errors import (
    RevocationInfoUnavailableError,
    SignatureServiceError,
    TimestampUnavailableError,
)
from signatures.selectors.verification import file_verification_latest
from signatures.services import file_verify

UNAVAILABLE = (TimestampUnavailableError, RevocationInfoUnavailableError)

NOT_FOUND = OpenApiResponse(description="Không có tệp, hoặc người dùng không được xem văn bản")
TAGS = ["chữ ký số"]


class SigningApi(APIView):
    """Turns the services' errors into JSON answers the UI can show as they are."""

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied):
            return Response({"detail": str(exc) or "Bạn không có quyền thực hiện thao tác này."}, status.HTTP_403_FORBIDDEN)
        if isinstance(exc, ValidationError):
            return Response({"detail": " ".join(exc.messages), "code": "invalid"}, status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, SignatureServiceError):
            code = status.HTTP_503_SERVICE_UNAVAILABLE if isinstance(exc, UNAVAILABLE) else status.HTTP_400_BAD_REQUEST
            return Response({"detail": exc.user_message, "code": type(exc).__name__}, code)
        return super().handle_exception(exc)


class FileVerificationApi(SigningApi):
    """GET: the latest verification of the file (``null`` if never checked); POST: check it now."""

    @extend_schema(responses={200: FileVerificationOutputSerializer, 404: NOT_FOUND}, tags=TAGS)
    def get(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        latest = file_verification_latest(document_file=document_file)
        return Response({"file": file_json(document_file), "verification": verification_json(latest) if latest else None})

    @extend_schema(request=None, responses={201: FileVerificationOutputSerializer, 404: NOT_FOUND}, tags=TAGS)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        verification = file_verify(document_file=document_file, actor=request.user)
        return Response(
            {"file": file_json(document_file), "verification": verification_json(verification)},
            status=status.HTTP_201_CREATED,
        )
