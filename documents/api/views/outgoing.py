"""Thin API views: read through the selectors (404 for what the user may not see), write through
the outgoing services, answer refusals with an English `detail`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api.dispatch_errors import (
    DispatchRefusedOutput,
    ErrorOutput,
    ServiceRefused,
    dispatch_refused,
    service_errors,
)
from documents.api.serializers import outgoing as s
from documents.errors import DocumentError
from documents.literals import Direction
from documents.models import DocumentType
from documents.selectors.documents import document_list
from documents.selectors.outgoing import (
    LIST_STATES,
    delivery_list,
    delivery_summary,
    outgoing_get,
    outgoing_list,
)
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.external import outgoing_external_complete, outgoing_external_prepare
from documents.services.outgoing.issuing import (
    dispatch_problems,
    outgoing_dispatch,
    outgoing_recall,
    outgoing_seal,
    outgoing_sign,
)
from documents.services.outgoing.review import outgoing_submit, review_decide
from qlvb.access import organizations_of
from qlvb.errors import Forbidden
from qlvb.models import Organization, User

REFUSALS = {400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}
NOT_CONFIGURED = {409: ErrorOutput}  # no register for the year, no axis connection: an administrator must act


class English:
    """API clients get English validation messages; the screens stay Vietnamese."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)


def parsed(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def detail(document, request) -> Response:
    document = outgoing_get(user=request.user, pk=document.pk)
    return Response(s.OutgoingDetailOutput(document, context={"request": request}).data)


def leader_for(pk: int | None):
    if pk is None:
        return None
    return get_object_or_404(User.objects.filter(is_active=True), pk=pk)


class OutgoingListApi(English, generics.ListCreateAPIView):
    """Outgoing documents the user may see (newest first); POST a multipart form to create a draft."""

    class Filter(serializers.Serializer):
        organization = serializers.IntegerField(required=False, help_text="Only this organization's documents.")
        state = serializers.ChoiceField(choices=LIST_STATES, required=False,
                                        help_text="A state, or chua-phat-hanh: signed but not dispatched.")

    serializer_class = s.OutgoingListOutput
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        f = parsed(self.Filter, self.request.query_params)
        return outgoing_list(user=self.request.user, organization_id=f.get("organization"), state=f.get("state", ""))

    @extend_schema(operation_id="outgoing_list", parameters=[Filter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="outgoing_create", request={"multipart/form-data": s.DraftInput},
                   responses={201: s.OutgoingDetailOutput, **REFUSALS})
    def post(self, request, *args, **kwargs):
        d = parsed(s.DraftInput, request.data)
        organization = next((o for o in organizations_of(request.user) if o.pk == d["organization"]), None)
        if organization is None:
            raise ServiceRefused.of(Forbidden(DocumentError.NOT_A_DRAFTER))
        document_type = get_object_or_404(DocumentType.objects.filter(is_active=True), code=d["document_type"])
        recipients = list(Organization.objects.filter(organ_id__in=d["recipients"], is_active=True))
        missing = set(d["recipients"]) - {o.organ_id for o in recipients}
        if missing:
            raise serializers.ValidationError({"recipients": [f"Unknown organization: {', '.join(sorted(missing))}"]})
        on_paper = list(Organization.objects.filter(organ_id__in=d["paper_organizations"], is_active=True))
        missing = set(d["paper_organizations"]) - {o.organ_id for o in on_paper}
        if missing:
            raise serializers.ValidationError(
                {"paper_organizations": [f"Unknown organization: {', '.join(sorted(missing))}"]})
        recipients = [o for o in recipients if o not in on_paper]
        reply_to = None
        if d.get("reply_to"):
            reply_to = get_object_or_404(document_list(user=request.user, direction=Direction.INCOMING),
                                         pk=d["reply_to"])
        with service_errors():
            document = outgoing_draft_create(
                actor=request.user, organization=organization, document_type=document_type, subject=d["subject"],
                content=(d["content"].name, d["content"].read()),
                appendices=[(f.name, f.read()) for f in d["appendices"]], recipients=recipients,
                paper_recipients=d["paper_recipients"],
                paper_organizations=[(o, d["paper_reason"]) for o in on_paper], urgency=d["urgency"], secrecy=d["secrecy"], reply_to=reply_to)
        response = detail(document, request)
        response.status_code = status.HTTP_201_CREATED
        return response


class OutgoingDetailApi(English, APIView):
    @extend_schema(operation_id="outgoing_retrieve", responses={200: s.OutgoingDetailOutput, 404: ErrorOutput})
    def get(self, request, pk: int):
        return detail(outgoing_get(user=request.user, pk=pk), request)


class ActionApi(English, APIView):
    """POST an action on one document; the answer is the document as it is afterwards."""

    input_serializer = None

    def act(self, request, document, data):  # pragma: no cover - each action defines it
        raise NotImplementedError

    def post(self, request, pk: int):
        document = outgoing_get(user=request.user, pk=pk)
        data = parsed(self.input_serializer, request.data) if self.input_serializer else {}
        with service_errors():
            result = self.act(request, document, data)
        return result if isinstance(result, Response) else detail(document, request)


def action_schema(operation_id: str, request=None, responses=None):
    return extend_schema(operation_id=operation_id, request=request,
                         responses=responses or {200: s.OutgoingDetailOutput, **REFUSALS})


class SubmitApi(ActionApi):
    """The author submits the draft along the organization's review route."""

    @action_schema("outgoing_submit")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        outgoing_submit(actor=request.user, document=document)


class ReviewApi(ActionApi):
    """The reviewer of the current step (unit head: content; clerk: format) approves or returns."""

    input_serializer = s.ReviewInput

    @action_schema("outgoing_review", s.ReviewInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        review_decide(actor=request.user, document=document, approve=data["approve"], comment=data["comment"])


class SignApi(ActionApi):
    """The leader signs with the key the server holds: the number and date are written first."""

    input_serializer = s.SignInput

    @action_schema("outgoing_sign", s.SignInput, {200: s.OutgoingDetailOutput, **REFUSALS, **NOT_CONFIGURED})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        outgoing_sign(actor=request.user, document=document, pin=data["pin"], totp_code=data.get("totp_code"),
                      on_behalf_of=leader_for(data.get("on_behalf_of")))


class ExternalPrepareApi(ActionApi):
    """Signing with a key on the leader's device, phase 1: the document is numbered and the digest
    to sign is returned."""

    input_serializer = s.ExternalPrepareInput

    @action_schema("outgoing_external_prepare", s.ExternalPrepareInput,
                   {200: s.ExternalPrepareOutput, **REFUSALS, **NOT_CONFIGURED})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        session = outgoing_external_prepare(actor=request.user, document=document, totp_code=data.get("totp_code"),
                                            on_behalf_of=leader_for(data.get("on_behalf_of")))
        return Response(s.ExternalPrepareOutput(session).data)


class ExternalCompleteApi(ActionApi):
    """Phase 2: the signature from the device is embedded; the document is signed."""

    input_serializer = s.ExternalCompleteInput

    @action_schema("outgoing_external_complete", s.ExternalCompleteInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        outgoing_external_complete(actor=request.user, document=document, session_id=data["session"],
                                   signature_b64=data["signature"])


class SealApi(ActionApi):
    """The clerk applies the organization's signature (seal; text stamp on attachments)."""

    input_serializer = s.SealInput

    @action_schema("outgoing_seal", s.SealInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        outgoing_seal(actor=request.user, document=document, pin=data["pin"], totp_code=data.get("totp_code"))


class DispatchApi(ActionApi):
    """Dispatch to every addressee at once; 400 with every reason while something is missing."""

    @action_schema("outgoing_dispatch", None, {200: s.OutgoingDetailOutput, 400: DispatchRefusedOutput,
                                               403: ErrorOutput, 404: ErrorOutput, **NOT_CONFIGURED})
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        problems = [] if document.is_frozen else dispatch_problems(document)  # recalled: the service says so
        if problems:
            raise dispatch_refused(problems)
        outgoing_dispatch(actor=request.user, document=document)


class RecallApi(ActionApi):
    """Ask every electronic recipient to take the document back (thu hồi)."""

    input_serializer = s.RecallInput

    @action_schema("outgoing_recall", s.RecallInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, document, data):
        outgoing_recall(actor=request.user, document=document, reason=data["reason"])


class DeliveriesApi(English, APIView):
    """Per-recipient delivery state (queued … done, rejected with its reason, failed with the error)."""

    @extend_schema(operation_id="outgoing_deliveries", responses={200: s.DeliveriesOutput, 404: ErrorOutput})
    def get(self, request, pk: int):
        document = outgoing_get(user=request.user, pk=pk)
        return Response({"summary": delivery_summary(document=document),
                         "deliveries": s.DeliveryOutput(delivery_list(document=document), many=True).data})
