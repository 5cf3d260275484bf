"""Actions of the incoming workflow: register, reject, present, instruct, record progress, complete,
answer a recall request. Each looks the document (or assignment) up through the permission filter
(404 when the user may not see it) and calls the service, which decides who may act (403) and
what the rules allow (400)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from documents.api.errors import ErrorOutput, ServiceRefused, service_errors
from documents.api.serializers.documents import DocumentDetailOutput
from documents.api.views.base import ApiView, parsed
from documents.errors import DocumentError
from documents.models import Assignment, Document
from documents.selectors.documents import document_get, document_list
from documents.services.incoming.handling import (
    Holder,
    assignment_complete,
    assignment_progress,
    incoming_instruct,
    incoming_present,
)
from documents.services.incoming.recall import incoming_recall_answer
from documents.services.incoming.registration import incoming_register, incoming_reject
from qlvb.errors import Refused
from qlvb.models import Unit, User

ERRORS = {400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}
NOT_CONFIGURED = {409: ErrorOutput}  # an administrator must open the year's register first


def _member(document: Document, pk: int | None, missing: DocumentError) -> User | None:
    """A person of the document's organization (never reveals people of other organizations)."""
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True, memberships__organization=document.organization,
                               memberships__is_active=True).first()
    if user is None:
        raise ServiceRefused.of(Refused(missing))
    return user


def _holder(document: Document, data: dict) -> Holder:
    if bool(data.get("unit")) == bool(data.get("user")):
        raise ServiceRefused.of(Refused(DocumentError.UNIT_OR_USER))
    if data.get("unit"):
        unit = Unit.objects.filter(pk=data["unit"], organization=document.organization).first()
        if unit is None:
            raise ServiceRefused.of(Refused(DocumentError.NO_SUCH_UNIT))
        return Holder(unit=unit)
    return Holder(user=_member(document, data["user"], DocumentError.NO_SUCH_USER))


class DocumentActionApi(ApiView):
    """POST an action on a document: the answer is the document after it."""

    input_serializer: type[serializers.Serializer]

    def perform(self, user, document: Document, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        document = document_get(user=request.user, pk=pk)
        data = parsed(self.input_serializer, request.data)
        with service_errors():
            self.perform(request.user, document, data)
        return Response(DocumentDetailOutput(document_get(user=request.user, pk=pk), context={"request": request}).data)


class DocumentRegisterApi(DocumentActionApi):
    class RegisterInput(serializers.Serializer):
        allow_duplicate = serializers.BooleanField(default=False,
                                                   help_text="Register even though it looks like an earlier one.")

    input_serializer = RegisterInput

    def perform(self, user, document, data):
        incoming_register(actor=user, document=document, allow_duplicate=data["allow_duplicate"])

    @extend_schema(operation_id="documents_register", request=RegisterInput,
                   responses={200: DocumentDetailOutput, **ERRORS, **NOT_CONFIGURED},
                   summary="Register (vào sổ): the next incoming number; status 03 to the sender")
    def post(self, request, pk: int):
        return super().post(request, pk)


class DocumentRejectApi(DocumentActionApi):
    class RejectInput(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)

    input_serializer = RejectInput

    def perform(self, user, document, data):
        incoming_reject(actor=user, document=document, reason=data["reason"])

    @extend_schema(operation_id="documents_reject", request=RejectInput,
                   responses={200: DocumentDetailOutput, **ERRORS},
                   summary="Reject (từ chối tiếp nhận) with a reason; status 02 to the sender")
    def post(self, request, pk: int):
        return super().post(request, pk)


class DocumentPresentApi(DocumentActionApi):
    class PresentInput(serializers.Serializer):
        leader = serializers.IntegerField(help_text="The leader's user id.")
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    input_serializer = PresentInput

    def perform(self, user, document, data):
        incoming_present(actor=user, document=document, leader=_member(document, data["leader"], DocumentError.NO_SUCH_LEADER),
                         note=data["note"])

    @extend_schema(operation_id="documents_present", request=PresentInput,
                   responses={200: DocumentDetailOutput, **ERRORS},
                   summary="Present (trình) a registered document to a leader")
    def post(self, request, pk: int):
        return super().post(request, pk)


class HolderInput(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text="A unit of the organization …")
    user = serializers.IntegerField(required=False, help_text="… or a person (exactly one of the two).")


class DocumentInstructApi(DocumentActionApi):
    class InstructInput(serializers.Serializer):
        text = serializers.CharField(max_length=5000)
        lead = HolderInput(help_text="Chủ trì: the unit or person in charge.")
        coordinate = HolderInput(many=True, required=False, default=list)
        inform = HolderInput(many=True, required=False, default=list)
        deadline_date = serializers.DateField(required=False, allow_null=True, default=None)
        deadline_days = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                 help_text="Deadline in working days from today.")
        on_behalf_of = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                help_text="The leader whose delegation the caller uses.")

    input_serializer = InstructInput

    def perform(self, user, document, data):
        incoming_instruct(
            actor=user, document=document, text=data["text"], lead=_holder(document, data["lead"]),
            coordinate=[_holder(document, h) for h in data["coordinate"]],
            inform=[_holder(document, h) for h in data["inform"]],
            deadline_date=data["deadline_date"], deadline_days=data["deadline_days"],
            on_behalf_of=_member(document, data["on_behalf_of"], DocumentError.NO_SUCH_LEADER),
        )

    @extend_schema(operation_id="documents_instruct", request=InstructInput,
                   responses={200: DocumentDetailOutput, **ERRORS},
                   summary="Instruct (cho ý kiến chỉ đạo): lead, coordinating, informed, deadline; status 04")
    def post(self, request, pk: int):
        return super().post(request, pk)


class DocumentRecallAnswerApi(DocumentActionApi):
    class RecallAnswerInput(serializers.Serializer):
        agree = serializers.BooleanField()
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    input_serializer = RecallAnswerInput

    def perform(self, user, document, data):
        incoming_recall_answer(actor=user, document=document, agree=data["agree"], note=data["note"])

    @extend_schema(operation_id="documents_recall_answer", request=RecallAnswerInput,
                   responses={200: DocumentDetailOutput, **ERRORS},
                   summary="Answer the sender's recall request: agree (15, the document is frozen) or refuse (16)")
    def post(self, request, pk: int):
        return super().post(request, pk)


class AssignmentActionApi(ApiView):
    """POST an action on an assignment of a document the user may see: the answer is the document."""

    input_serializer: type[serializers.Serializer]

    def perform(self, user, assignment: Assignment, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        visible = document_list(user=request.user).values("pk")
        assignment = get_object_or_404(Assignment.objects.select_related("document"), pk=pk, document__in=visible)
        data = parsed(self.input_serializer, request.data)
        with service_errors():
            self.perform(request.user, assignment, data)
        document = document_get(user=request.user, pk=assignment.document_id)
        return Response(DocumentDetailOutput(document, context={"request": request}).data)


class AssignmentProgressApi(AssignmentActionApi):
    class ProgressInput(serializers.Serializer):
        text = serializers.CharField(max_length=5000)
        percent = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100)

    input_serializer = ProgressInput

    def perform(self, user, assignment, data):
        assignment_progress(actor=user, assignment=assignment, text=data["text"], percent=data["percent"])

    @extend_schema(operation_id="assignments_progress", request=ProgressInput,
                   responses={200: DocumentDetailOutput, **ERRORS},
                   summary="Record progress on an assignment (status 05, at most once a working day)")
    def post(self, request, pk: int):
        return super().post(request, pk)


class AssignmentCompleteApi(AssignmentActionApi):
    class CompleteInput(serializers.Serializer):
        result = serializers.CharField(max_length=5000)
        reply_document = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                  help_text="The outgoing document that answers it.")

    input_serializer = CompleteInput

    def perform(self, user, assignment, data):
        reply = None
        if data["reply_document"] is not None:
            reply = document_list(user=user).filter(pk=data["reply_document"]).first()
            if reply is None:
                raise ServiceRefused.of(Refused(DocumentError.NO_SUCH_REPLY))
        assignment_complete(actor=user, assignment=assignment, result=data["result"], reply_document=reply)

    @extend_schema(operation_id="assignments_complete", request=CompleteInput,
                   responses={200: DocumentDetailOutput, **ERRORS},
                   summary="Complete an assignment; when the lead is done the document is done (status 06)")
    def post(self, request, pk: int):
        return super().post(request, pk)
