"""Input and output of the signing API of a document's files (/chu-ky/api/…): where a signature goes,
the new file version and its signature, and verification results."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from signatures.models import FileVerification, SignatureRecord
from signatures.pdf.appearance import Placement


class PlacementSerializer(serializers.Serializer):
    """Where to put the signature image: page from 1, box in PDF points from the bottom left."""

    page = serializers.IntegerField(min_value=1)
    x = serializers.FloatField(min_value=0)
    y = serializers.FloatField(min_value=0)
    width = serializers.FloatField(min_value=1)
    height = serializers.FloatField(min_value=1)


def placement_from(data: dict | None) -> Placement | None:
    """The validated placement as the signing core takes it (pages from 0)."""
    if not data:
        return None
    return Placement(data["page"] - 1, data["x"], data["y"], data["width"], data["height"])


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
