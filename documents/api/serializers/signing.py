"""Output of the read-only API of a document's files' signatures (/chu-ky/api/…): the file version
and its verification results."""

from rest_framework import serializers

from signatures.models import FileVerification


def file_json(document_file) -> dict:
    return {
        "id": document_file.pk,
        "document": document_file.document_id,
        "name": document_file.name,
        "size": document_file.size,
        "sha256": document_file.sha256,
        "replaces": document_file.replaces_id,
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
