"""Output serializers shared by the document endpoints: a list row and the full document."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Assignment, Document, DocumentFile, Instruction
from documents.selectors.documents import document_current_files, document_list
from documents.selectors.records_workfiles import document_filing


class DocumentListOutput(serializers.ModelSerializer):
    """A document as a list shows it."""

    document_type = serializers.CharField(source="document_type.name")
    organization = serializers.CharField(source="organization.name")
    state_label = serializers.CharField(source="get_state_display")
    urgency_label = serializers.CharField(source="get_urgency_display")

    class Meta:
        model = Document
        fields = ["id", "direction", "organization", "document_type", "symbol", "subject", "issued_on",
                  "issuer_name", "urgency", "urgency_label", "secrecy", "state", "state_label", "register_number",
                  "received_at", "due_date", "created_at"]


class FileOutput(serializers.ModelSerializer):
    class Meta:
        model = DocumentFile
        fields = ["id", "role", "name", "content_type", "size", "sha256", "created_at"]


class InstructionOutput(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    on_behalf_of = serializers.StringRelatedField()

    class Meta:
        model = Instruction
        fields = ["id", "author", "on_behalf_of", "text", "deadline", "created_at"]


class AssignmentOutput(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", allow_null=True, default=None)
    user = serializers.StringRelatedField()
    # Plain strings: "state"/"role" enums of documents and files already carry those names in the schema.
    role = serializers.CharField(help_text="lead (chủ trì), coordinate (phối hợp) or inform (để biết)")
    state = serializers.CharField(help_text="open, in_progress or done")

    class Meta:
        model = Assignment
        fields = ["id", "parent", "role", "unit", "user", "deadline", "state", "completed_at", "result"]


class DocumentDetailOutput(DocumentListOutput):
    """A document with its files and handling. Replies are those the user may see."""

    files = serializers.SerializerMethodField()
    instructions = InstructionOutput(many=True, read_only=True)
    assignments = AssignmentOutput(many=True, read_only=True)
    replies = serializers.SerializerMethodField()
    file_code = serializers.SerializerMethodField(
        help_text="Mã hồ sơ (FileCode) of the hồ sơ the document is filed in: <organ id>.<year>.<code>; null if none.")
    file_ordinal = serializers.SerializerMethodField(
        help_text="The document's ordinal in that hồ sơ (DocOrdinal); null if it is in none.")

    class Meta(DocumentListOutput.Meta):
        fields = DocumentListOutput.Meta.fields + [
            "signer_name", "signer_title", "registered_at", "completed_at", "rejection_reason", "is_frozen",
            "recall_requested_at", "recall_reason", "reply_to", "reply_to_code", "reply_to_organ", "files", "instructions",
            "assignments", "replies", "file_code", "file_ordinal", "page_count", "language",
            "description"]

    def _filing(self, document: Document):
        if not hasattr(document, "_filing"):
            document._filing = document_filing(document)
        return document._filing

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_code(self, document: Document) -> str | None:
        filing = self._filing(document)
        return filing.file_code if filing else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_file_ordinal(self, document: Document) -> int | None:
        filing = self._filing(document)
        return filing.ordinal if filing else None

    @extend_schema_field(FileOutput(many=True))
    def get_files(self, document: Document):
        return FileOutput(document_current_files(document), many=True).data

    @extend_schema_field(DocumentListOutput(many=True))
    def get_replies(self, document: Document):
        user = self.context["request"].user
        replies = document_list(user=user, direction="out").filter(reply_to=document)
        return DocumentListOutput(replies, many=True).data
