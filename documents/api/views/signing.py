"""JSON API of signing a document's files and of their verification results (login required), at
/chu-ky/api/… (``signatures:`` URL names): the outgoing workflow's signing steps, a file at a time.

Every file is looked up through the documents permission filter first (404 when the user may not
see the document); the services then check who may sign. Errors carry a Vietnamese ``detail``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api.serializers.signing import (
    ErrorSerializer,
    FileVerificationOutputSerializer,
    PlacementSerializer,
    SignedOutputSerializer,
    file_json,
    placement_from,
    record_json,
    verification_json,
)
from documents.selectors.files import document_file_get
from documents.services.signing import (
    external_complete,
    external_prepare,
    file_seal,
    file_sign_as_leader,
    file_stamp_attachment,
)
from qlvb.errors import Refused
from qlvb.models import User
from signatures.errors import (
    RevocationInfoUnavailableError,
    SignatureError,
    SignatureServiceError,
    TimestampUnavailableError,
)
from signatures.selectors.verification import file_verification_latest
from signatures.services import file_verify

UNAVAILABLE = (TimestampUnavailableError, RevocationInfoUnavailableError)


def _user(pk: int | None) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise Refused(SignatureError.DELEGATOR_NOT_FOUND)
    return user


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Không thực hiện được (mã PIN sai, chưa có chữ ký…)"),
    403: OpenApiResponse(ErrorSerializer, description="Không có quyền"),
    404: OpenApiResponse(description="Không có tệp, hoặc người dùng không được xem văn bản"),
    503: OpenApiResponse(ErrorSerializer, description="Máy chủ dấu thời gian hoặc CRL/OCSP không trả lời"),
}
TAGS = ["chữ ký số"]


def signing_schema(request, response=SignedOutputSerializer):
    return extend_schema(request=request, responses={201: response, **ERRORS}, tags=TAGS)


@method_decorator(sensitive_post_parameters("pin"), name="dispatch")
class SigningApi(APIView):
    """Turns the services' errors into JSON answers the UI can show as they are.
    PINs are kept out of error reports."""

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied):
            return Response({"detail": str(exc) or "Bạn không có quyền thực hiện thao tác này."}, status.HTTP_403_FORBIDDEN)
        if isinstance(exc, ValidationError):
            return Response({"detail": " ".join(exc.messages), "code": "invalid"}, status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, SignatureServiceError):
            code = status.HTTP_503_SERVICE_UNAVAILABLE if isinstance(exc, UNAVAILABLE) else status.HTTP_400_BAD_REQUEST
            return Response({"detail": exc.user_message, "code": type(exc).__name__}, code)
        return super().handle_exception(exc)


class FileSignApi(SigningApi):
    class FileSignInput(serializers.Serializer):
        pin = serializers.CharField(max_length=64, trim_whitespace=False)
        placement = PlacementSerializer(required=False, allow_null=True)
        on_behalf_of = serializers.IntegerField(required=False, allow_null=True)

    @signing_schema(request=FileSignInput)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        serializer = self.FileSignInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = file_sign_as_leader(
            actor=request.user,
            document_file=document_file,
            pin=data["pin"],
            placement=placement_from(data.get("placement")),
            on_behalf_of=_user(data.get("on_behalf_of")),
        )
        return Response(record_json(record), status=status.HTTP_201_CREATED)


class FileSealApi(SigningApi):
    class FileSealInput(serializers.Serializer):
        pin = serializers.CharField(max_length=64, trim_whitespace=False)

    @signing_schema(request=FileSealInput)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        serializer = self.FileSealInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = file_seal(actor=request.user, document_file=document_file, pin=serializer.validated_data["pin"])
        return Response(record_json(record), status=status.HTTP_201_CREATED)


class FileStampAttachmentApi(SigningApi):
    class FileStampInput(serializers.Serializer):
        pin = serializers.CharField(max_length=64, trim_whitespace=False)
        stamp_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    @signing_schema(request=FileStampInput)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        serializer = self.FileStampInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = file_stamp_attachment(
            actor=request.user,
            document_file=document_file,
            pin=serializer.validated_data["pin"],
            stamp_text=serializer.validated_data["stamp_text"],
        )
        return Response(record_json(record), status=status.HTTP_201_CREATED)


class ExternalPrepareApi(SigningApi):
    class FileExternalPrepareInput(serializers.Serializer):
        placement = PlacementSerializer(required=False, allow_null=True)
        on_behalf_of = serializers.IntegerField(required=False, allow_null=True)

    class FileExternalPrepareOutput(serializers.Serializer):
        session_id = serializers.UUIDField()
        digest = serializers.CharField(help_text="SHA-256 (base64) to sign with RSA PKCS#1 v1.5")
        digest_algorithm = serializers.CharField()
        signature_algorithm = serializers.CharField()
        expires_at = serializers.DateTimeField()
        certificate_serial = serializers.CharField()

    @signing_schema(request=FileExternalPrepareInput, response=FileExternalPrepareOutput)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        serializer = self.FileExternalPrepareInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = external_prepare(
            actor=request.user,
            document_file=document_file,
            placement=placement_from(data.get("placement")),
            on_behalf_of=_user(data.get("on_behalf_of")),
        )
        return Response(
            {
                "session_id": str(session.pk),
                "digest": session.digest,
                "digest_algorithm": "sha256",
                "signature_algorithm": "rsassa_pkcs1v15",
                "expires_at": session.expires_at.isoformat(),
                "certificate_serial": session.signing_key.certificate.serial,
            },
            status=status.HTTP_201_CREATED,
        )


class ExternalCompleteApi(SigningApi):
    class FileExternalCompleteInput(serializers.Serializer):
        signature = serializers.CharField(max_length=4096)

    @signing_schema(request=FileExternalCompleteInput)
    def post(self, request, session_id):
        serializer = self.FileExternalCompleteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = external_complete(
            actor=request.user, session_id=session_id, signature_b64=serializer.validated_data["signature"]
        )
        return Response(record_json(record), status=status.HTTP_201_CREATED)


class FileVerificationApi(SigningApi):
    """GET: the latest verification of the file (``null`` if never checked); POST: check it now."""

    @extend_schema(responses={200: FileVerificationOutputSerializer, 404: ERRORS[404]}, tags=TAGS)
    def get(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        latest = file_verification_latest(document_file=document_file)
        return Response({"file": file_json(document_file), "verification": verification_json(latest) if latest else None})

    @extend_schema(request=None, responses={201: FileVerificationOutputSerializer, 404: ERRORS[404]}, tags=TAGS)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        verification = file_verify(document_file=document_file, actor=request.user)
        return Response(
            {"file": file_json(document_file), "verification": verification_json(verification)},
            status=status.HTTP_201_CREATED,
        )
