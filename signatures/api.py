"""JSON API of the outgoing workflow's signing steps and of verification results (login required).

Every file is looked up through the documents permission filter first (404 when the user may not
see the document); the services then check who may sign. Errors carry a Vietnamese ``detail``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from qlvb.models import User
from signatures.errors import RevocationInfoUnavailableError, SignatureServiceError, TimestampUnavailableError
from signatures.models import FileVerification, SignatureRecord
from signatures.pdf.appearance import Placement
from signatures.selectors import document_file_get, file_verification_latest
from signatures.services import (
    external_complete,
    external_prepare,
    file_seal,
    file_sign_as_leader,
    file_stamp_attachment,
    file_verify,
)

UNAVAILABLE = (TimestampUnavailableError, RevocationInfoUnavailableError)


class PlacementSerializer(serializers.Serializer):
    """Where to put the signature image: page from 1, box in PDF points from the bottom left."""

    page = serializers.IntegerField(min_value=1)
    x = serializers.FloatField(min_value=0)
    y = serializers.FloatField(min_value=0)
    width = serializers.FloatField(min_value=1)
    height = serializers.FloatField(min_value=1)


def _placement(data: dict | None) -> Placement | None:
    """The validated placement as the signing core takes it (pages from 0)."""
    if not data:
        return None
    return Placement(data["page"] - 1, data["x"], data["y"], data["width"], data["height"])


def _user(pk: int | None) -> User | None:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise ValidationError("Không tìm thấy lãnh đạo được ký thay.")
    return user


def file_json(document_file) -> dict:
    return {
        "id": document_file.pk,
        "document": document_file.document_id,
        "name": document_file.name,
        "size": document_file.size,
        "sha256": document_file.sha256,
        "replaces": document_file.replaces_id,
    }


def record_json(record: SignatureRecord) -> dict:
    return {
        "file": file_json(record.signed_file),
        "signature": {
            "kind": record.kind,
            "field_name": record.field_name,
            "signing_time": record.signing_time.isoformat(),
            "level": record.level,
            "signer": str(record.signer),
            "on_behalf_of": str(record.on_behalf_of) if record.on_behalf_of_id else None,
            "certificate_serial": record.certificate.serial,
        },
    }


def verification_json(verification: FileVerification) -> dict:
    return {
        "file": verification.document_file_id,
        "checked_at": verification.checked_at.isoformat(),
        "outcome": verification.outcome,
        "valid": verification.valid,
        "invalid_signature": verification.invalid_signature,
        "summary": verification.summary,
        "signatures": verification.details,
    }


class FileVersionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    replaces = serializers.IntegerField(allow_null=True)


class SignedOutputSerializer(serializers.Serializer):
    file = FileVersionOutputSerializer()
    signature = inline_serializer(
        "SignatureOutput",
        {
            "kind": serializers.CharField(),
            "field_name": serializers.CharField(),
            "signing_time": serializers.DateTimeField(),
            "level": serializers.CharField(),
            "signer": serializers.CharField(),
            "on_behalf_of": serializers.CharField(allow_null=True),
            "certificate_serial": serializers.CharField(),
        },
    )


class VerificationOutputSerializer(serializers.Serializer):
    file = serializers.IntegerField()
    checked_at = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=FileVerification.Outcome.choices)
    valid = serializers.BooleanField()
    invalid_signature = serializers.BooleanField()
    summary = serializers.CharField()
    signatures = serializers.ListField(child=serializers.DictField())


class FileVerificationOutputSerializer(serializers.Serializer):
    file = FileVersionOutputSerializer()
    verification = VerificationOutputSerializer(allow_null=True)


ErrorSerializer = inline_serializer(
    "SigningError", {"detail": serializers.CharField(), "code": serializers.CharField(required=False)}
)
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
            placement=_placement(data.get("placement")),
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
    class ExternalPrepareInput(serializers.Serializer):
        placement = PlacementSerializer(required=False, allow_null=True)
        on_behalf_of = serializers.IntegerField(required=False, allow_null=True)

    class ExternalPrepareOutput(serializers.Serializer):
        session_id = serializers.UUIDField()
        digest = serializers.CharField(help_text="SHA-256 (base64) to sign with RSA PKCS#1 v1.5")
        digest_algorithm = serializers.CharField()
        signature_algorithm = serializers.CharField()
        expires_at = serializers.DateTimeField()
        certificate_serial = serializers.CharField()

    @signing_schema(request=ExternalPrepareInput, response=ExternalPrepareOutput)
    def post(self, request, file_id: int):
        document_file = document_file_get(user=request.user, pk=file_id)
        serializer = self.ExternalPrepareInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = external_prepare(
            actor=request.user,
            document_file=document_file,
            placement=_placement(data.get("placement")),
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
    class ExternalCompleteInput(serializers.Serializer):
        signature = serializers.CharField(max_length=4096)

    @signing_schema(request=ExternalCompleteInput)
    def post(self, request, session_id):
        serializer = self.ExternalCompleteInput(data=request.data)
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
