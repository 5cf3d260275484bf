"""Input and output of the outgoing API. Inputs only check shape; the services decide."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.literals import Secrecy, Urgency
from documents.models import Addressee, Document, DocumentFile, ReviewStep
from documents.selectors.documents import document_current_files
from documents.selectors.outgoing import STATE_CODES, delivery_summary, dispatch_flag
from interchange.models import Recipient


class OutgoingListOutput(serializers.ModelSerializer):
    """An outgoing document as the list shows it."""

    organization = serializers.CharField(source="organization.name")
    document_type = serializers.CharField(source="document_type.name")
    state_label = serializers.CharField(source="get_state_display")
    dispatch_late = serializers.SerializerMethodField(
        help_text="Signed before today and still not dispatched (it must go out the day it is signed).")
    delivery_summary = serializers.SerializerMethodField(help_text="E.g. “12/15 đã tiếp nhận, 1 từ chối, 2 chưa đến”.")

    class Meta:
        model = Document
        fields = ["id", "organization", "document_type", "symbol", "subject", "urgency", "secrecy", "state",
                  "state_label", "register_number", "issued_on", "created_at", "signed_at", "sealed_at",
                  "dispatched_at", "dispatch_late", "delivery_summary"]

    def get_dispatch_late(self, document: Document) -> bool:
        return dispatch_flag(document) == "late"

    def get_delivery_summary(self, document: Document) -> str:
        return delivery_summary(document=document) if document.dispatched_at else ""


class AddresseeOutput(serializers.ModelSerializer):
    organ_id = serializers.CharField(source="organization.organ_id", default="", allow_null=True)

    class Meta:
        model = Addressee
        fields = ["name", "organ_id", "channel", "paper_reason"]


class OutgoingFileOutput(serializers.ModelSerializer):
    class Meta:
        model = DocumentFile
        fields = ["id", "role", "name", "content_type", "size", "sha256", "replaces", "created_at"]


class ReviewStepOutput(serializers.ModelSerializer):
    decided_by = serializers.StringRelatedField()
    # Plain strings: the document's own "state" enum already carries that name in the schema.
    kind = serializers.CharField(help_text="content (unit head) or format (clerk)")
    state = serializers.CharField(help_text="pending, approved or returned")

    class Meta:
        model = ReviewStep
        fields = ["round", "order", "kind", "state", "decided_by", "decided_at", "comment"]


class OutgoingDetailOutput(OutgoingListOutput):
    """The document with its addressees, current files, review steps and signing facts."""

    signed_by = serializers.StringRelatedField()
    signed_on_behalf_of = serializers.StringRelatedField()
    addressees = AddresseeOutput(many=True, read_only=True)
    files = serializers.SerializerMethodField()
    review_steps = ReviewStepOutput(many=True, read_only=True)

    class Meta(OutgoingListOutput.Meta):
        fields = OutgoingListOutput.Meta.fields + [
            "unit", "created_by", "reply_to", "signed_by", "signing_form", "signed_on_behalf_of", "addressees",
            "files", "review_steps"]

    @extend_schema_field(OutgoingFileOutput(many=True))
    def get_files(self, document: Document):
        return OutgoingFileOutput(document_current_files(document), many=True).data


class DraftInput(serializers.Serializer):
    organization = serializers.IntegerField(help_text="The drafting organization (one the user works in).")
    document_type = serializers.SlugField(default="cong-van", help_text="Catalog code, e.g. cong-van, quyet-dinh.")
    subject = serializers.CharField(max_length=500)
    content = serializers.FileField(help_text="PDF or DOCX; a DOCX is converted to PDF by a worker.")
    appendices = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    recipients = serializers.ListField(child=serializers.CharField(max_length=13), required=False, default=list,
                                       help_text="Mã định danh (OrganId) of each electronic recipient.")
    paper_recipients = serializers.ListField(child=serializers.CharField(max_length=200), required=False,
                                             default=list)
    paper_organizations = serializers.ListField(
        child=serializers.CharField(max_length=13), required=False, default=list,
        help_text="Mã định danh (OrganId) of each organization sent a paper copy instead of the electronic one.")
    paper_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500,
        help_text="Why paper_organizations get paper: required when the type is on the organization's e-only "
                  "catalogue and the recipient can receive electronically (the document is not secret).")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = serializers.ChoiceField(choices=Secrecy.choices, default=Secrecy.NONE)
    reply_to = serializers.IntegerField(required=False, allow_null=True,
                                        help_text="An incoming document of the organization this one answers.")


class ReviewInput(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class SignInput(serializers.Serializer):
    pin = serializers.CharField(max_length=64, trim_whitespace=False)
    totp_code = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                      help_text="Required when the organization's route asks for a second factor.")
    on_behalf_of = serializers.IntegerField(required=False, allow_null=True,
                                            help_text="The leader signed for, under an active delegation.")


class ExternalPrepareInput(serializers.Serializer):
    totp_code = serializers.CharField(required=False, allow_blank=True, max_length=10)
    on_behalf_of = serializers.IntegerField(required=False, allow_null=True)


class ExternalPrepareOutput(serializers.Serializer):
    session = serializers.UUIDField(source="pk")
    digest = serializers.CharField(help_text="Base64 SHA-256 to sign (RSA PKCS#1 v1.5), e.g. with "
                                             "`python -m signatures.external_signer`.")
    expires_at = serializers.DateTimeField()
    symbol = serializers.CharField(source="source_file.document.symbol", help_text="The number given at prepare.")


class ExternalCompleteInput(serializers.Serializer):
    session = serializers.UUIDField()
    signature = serializers.CharField(max_length=20000, help_text="Base64 signature from the signing agent.")


class SealInput(serializers.Serializer):
    pin = serializers.CharField(max_length=64, trim_whitespace=False)
    totp_code = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                      help_text="Required when the organization's route asks for a second factor.")


class RecallInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DeliveryOutput(serializers.ModelSerializer):
    state = serializers.IntegerField(help_text="0 queued, 10 sent, 20 arrived, 25 rejected, 30 registered, "
                                               "40 assigned, 50 processing, 60 done, 90 failed")
    state_label = serializers.CharField(source="get_state_display")
    status_code = serializers.SerializerMethodField(help_text="The edXML status the state stands for (01–06).")
    error = serializers.SerializerMethodField(help_text="The last send error, when the delivery failed.")

    class Meta:
        model = Recipient
        fields = ["id", "organ_id", "name", "channel", "state", "state_label", "status_code", "reason",
                  "last_status_at", "error"]

    def get_status_code(self, row: Recipient) -> str:
        return STATE_CODES.get(row.state, "")

    def get_error(self, row: Recipient) -> str:
        if row.state == Recipient.State.FAILED and row.outbound_id:
            return row.outbound.last_error
        return ""


class DeliveriesOutput(serializers.Serializer):
    summary = serializers.CharField()
    deliveries = DeliveryOutput(many=True)
