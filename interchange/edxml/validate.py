"""Strict validation: the field rules and length limits of QCVN 102:2016.

``validate`` returns every violation it finds, each with the element's path and an English
message; it never stops at the first. Be lenient in what you accept (the parser), strict in what
you send (this module, before building).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from interchange.edxml.dates import today_in_vietnam
from interchange.edxml.parser import parse

from .codes import STATUS_LABELS, BusinessDocType
from .document_id import split_document_id
from .errors import EdxmlError
from .filenames import safe_file_name
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    Business,
    EdocMessage,
    Message,
    Organization,
    ResponseFor,
    StaffInfo,
    StatusMessage,
)
from .violation import Violation

ORGAN_ID = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PRIORITIES = range(0, 5)

MH = "edXMLEnvelope/edXMLHeader/MessageHeader"
TRACE = "edXMLEnvelope/edXMLHeader/TraceHeaderList"
BUSINESS = f"{TRACE}/Bussiness"
MANIFEST = "edXMLEnvelope/edXMLBody/edXMLManifest"
ATTACHMENTS = "AttachmentEncoded"


def validate(
    message_or_bytes: Message | bytes, *, today: date | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Violation]:
    """All violations of the message (empty when valid). Bytes are parsed first.

    A package that cannot be read at all gives one violation with the reason. ``today`` is the
    reference for "not in the future" (default: today in Vietnam).
    """
    if isinstance(message_or_bytes, (bytes, bytearray)):
        try:
            message = parse(bytes(message_or_bytes), limits=limits, attachment_errors="keep")
        except EdxmlError as exc:
            return [Violation(path="", message=str(exc))]
    else:
        message = message_or_bytes
    if today is None:
        today = today_in_vietnam()
    found = _Check(today)
    found.extend(message.notes)
    if isinstance(message, StatusMessage):
        found.status(message)
    else:
        found.edoc(message)
    return found.violations


class _Check:
    def __init__(self, today: date) -> None:
        self.today = today
        self.violations: list[Violation] = []

    def extend(self, violations: Iterable[Violation]) -> None:
        self.violations.extend(violations)

    def add(self, path: str, message: str) -> None:
        self.violations.append(Violation(path=path, message=message))

    # ---- generic rules ----

    def required(self, path: str, value: object) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "is required")
            return False
        return True

    def length(self, path: str, value: str | None, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, f"is {len(value)} characters long; at most {limit} allowed")

    def organ_id(self, path: str, value: str | None) -> None:
        if self.required(path, value) and not ORGAN_ID.match(value or ""):
            self.add(
                path, f"{value!r} is not an organization identifier of the form NNN.NN.NN.Lnn (13 characters)"
            )

    def email(self, path: str, value: str | None) -> None:
        self.length(path, value, 100)
        if value and not EMAIL.match(value):
            self.add(path, f"{value!r} is not an e-mail address")

    def not_future(self, path: str, value: date | None) -> None:
        if value is not None and value > self.today:
            self.add(path, f"{value:%Y/%m/%d} is in the future")

    def document_id(self, path: str, value: str | None) -> None:
        if value and split_document_id(value) is None:
            self.add(path, f"{value!r} is not of the form <OrganId>,<yyyy/MM/dd>,<number>/<notation>")

    def organization(self, path: str, org: Organization) -> None:
        self.organ_id(f"{path}/OrganId", org.organ_id)
        self.length(f"{path}/OrganName", org.organ_name, 200)
        self.length(f"{path}/OrganizationInCharge", org.organization_in_charge, 500)
        self.email(f"{path}/Email", org.email)
        self.length(f"{path}/Telephone", org.telephone, 20)
        self.length(f"{path}/Fax", org.fax, 20)

    def staff_info(self, path: str, staff: StaffInfo | None) -> None:
        if staff is not None:
            self.email(f"{path}/Email", staff.email)

    def response_for(self, path: str, response: ResponseFor) -> None:
        self.organ_id(f"{path}/OrganId", response.organ_id)
        self.required(f"{path}/Code", response.code)
        self.document_id(f"{path}/DocumentId", response.document_id)
        self.not_future(f"{path}/PromulgationDate", response.promulgation_date)

    # ---- messages ----

    def status(self, m: StatusMessage) -> None:
        self.organization(f"{MH}/From", m.sender)
        self.response_for(f"{MH}/ResponseFor", m.response_for)
        self.required(f"{MH}/ResponseFor/DocumentId", m.response_for.document_id)
        if self.required(f"{MH}/StatusCode", m.status_code) and m.status_code not in STATUS_LABELS:
            known = ", ".join(STATUS_LABELS)
            self.add(f"{MH}/StatusCode", f"{m.status_code!r} is not a status code ({known})")
        if m.status_code == "02":
            self.required(f"{MH}/Description", m.description)  # the reason for the rejection
        self.required(f"{MH}/Timestamp", m.timestamp)
        self.staff_info(f"{MH}/StaffInfo", m.staff_info)

    def edoc(self, m: EdocMessage) -> None:
        self.organization(f"{MH}/From", m.sender)
        if not m.recipients:
            self.add(f"{MH}/To", "at least one recipient is required")
        seen: set[str] = set()
        for index, recipient in enumerate(m.recipients, 1):
            path = f"{MH}/To[{index}]"
            self.organization(path, recipient)
            if recipient.organ_id and recipient.organ_id in seen:
                self.add(
                    f"{path}/OrganId", f"{recipient.organ_id!r} appears more than once among the recipients"
                )
            seen.add(recipient.organ_id or "")
        self.document_id(f"{MH}/DocumentId", m.document_id)
        if self.required(f"{MH}/Code/CodeNumber", m.code.number):
            self.length(f"{MH}/Code/CodeNumber", m.code.number, 11)
        if self.required(f"{MH}/Code/CodeNotation", m.code.notation):
            self.length(f"{MH}/Code/CodeNotation", m.code.notation, 30)
        self.length(f"{MH}/PromulgationInfo/Place", m.promulgation.place, 50)
        if self.required(f"{MH}/PromulgationInfo/PromulgationDate", m.promulgation.date):
            self.not_future(f"{MH}/PromulgationInfo/PromulgationDate", m.promulgation.date)
        self.required(f"{MH}/DocumentType/Type", m.document_type.type_code)
        if self.required(f"{MH}/DocumentType/TypeName", m.document_type.type_name):
            self.length(f"{MH}/DocumentType/TypeName", m.document_type.type_name, 100)
        if self.required(f"{MH}/Subject", m.subject):
            self.length(f"{MH}/Subject", m.subject, 500)
        self.length(f"{MH}/Content", m.content, 500)
        for index, place in enumerate(m.to_places, 1):
            self.length(f"{MH}/ToPlaces/Place[{index}]", place, 150)
        if m.other_info is not None:
            info = m.other_info
            if info.priority is not None and info.priority not in PRIORITIES:
                self.add(f"{MH}/OtherInfo/Priority", f"{info.priority} is not a priority (0 to 4)")
            self.length(f"{MH}/OtherInfo/SphereOfPromulgation", info.sphere_of_promulgation, 100)
            self.length(f"{MH}/OtherInfo/TyperNotation", info.typer_notation, 10)
            for name, amount in (
                ("PromulgationAmount", info.promulgation_amount),
                ("PageAmount", info.page_amount),
            ):
                if amount is not None and amount < 0:
                    self.add(f"{MH}/OtherInfo/{name}", f"{amount} is negative")
        for index, response in enumerate(m.response_for, 1):
            self.response_for(f"{MH}/ResponseFor[{index}]", response)
        if not m.trace_headers:
            self.add(f"{TRACE}/TraceHeader", "at least one TraceHeader is required")
        for index, trace in enumerate(m.trace_headers, 1):
            self.organ_id(f"{TRACE}/TraceHeader[{index}]/OrganId", trace.organ_id)
            self.required(f"{TRACE}/TraceHeader[{index}]/Timestamp", trace.timestamp)
        if m.business is None:
            self.add(BUSINESS, "is required")
        else:
            self.business(m.business)
        self.attachments(m)

    def business(self, b: Business) -> None:
        if not self.required(f"{BUSINESS}/BussinessDocType", b.doc_type):
            return
        kind = b.business_type
        if kind is None:
            self.add(
                f"{BUSINESS}/BussinessDocType",
                f"{b.doc_type} is not a business type (0 new, 1 revoke, 2 update, 3 replace)",
            )
            return
        if b.paper is not None and b.paper not in (0, 1):
            self.add(f"{BUSINESS}/Paper", f"{b.paper} is not 0 or 1")
        self.document_id(f"{BUSINESS}/DocumentId", b.document_id)
        self.staff_info(f"{BUSINESS}/StaffInfo", b.staff_info)
        if kind is not BusinessDocType.NEW and not b.document_id:
            self.add(f"{BUSINESS}/DocumentId", f"a {kind.name.lower()} message must name the target document")
        if kind is BusinessDocType.UPDATE:
            info = b.document_info
            if info is None or not info.receivers:
                self.add(
                    f"{BUSINESS}/BussinessDocumentInfo/ReceiverList",
                    "an update must list the receivers it adds or removes",
                )
            for index, receiver in enumerate(info.receivers if info else (), 1):
                path = f"{BUSINESS}/BussinessDocumentInfo/ReceiverList/Receiver[{index}]"
                self.organ_id(f"{path}/OrganId", receiver.organ_id)
                if receiver.receiver_type not in (0, 1):
                    self.add(f"{path}/ReceiverType", "must be 0 (removed) or 1 (added)")
        if kind is BusinessDocType.REPLACE:
            if not b.replacements:
                self.add(
                    f"{BUSINESS}/ReplacementInfoList", "a replacement must name the documents it replaces"
                )
            for index, replacement in enumerate(b.replacements, 1):
                path = f"{BUSINESS}/ReplacementInfoList/ReplacementInfo[{index}]"
                if self.required(f"{path}/DocumentId", replacement.document_id):
                    self.document_id(f"{path}/DocumentId", replacement.document_id)
                if not replacement.organ_ids:
                    self.add(f"{path}/OrganIdList", "must list at least one organization")
                for position, organ_id in enumerate(replacement.organ_ids, 1):
                    self.organ_id(f"{path}/OrganIdList/OrganId[{position}]", organ_id)

    def file_name(self, path: str, name: str, index: int) -> None:
        plain = safe_file_name(name)
        if plain != name:
            self.add(
                path,
                f"attachment {index} is named {name!r}: an attachment name must be a plain file name, "
                f"without folders, drive or control characters (it would be stored as {plain!r})",
            )

    def attachments(self, m: EdocMessage) -> None:
        content_ids: set[str] = set()
        for index, attachment in enumerate(m.attachments, 1):
            path = f"{ATTACHMENTS}/Attachment[{index}]"
            # The name as the package gave it: the parser keeps it beside the cleaned one.
            given = attachment.raw_name if attachment.raw_name is not None else attachment.name
            if self.required(f"{path}/AttachmentName", given):
                self.file_name(f"{path}/AttachmentName", given, index)
            if attachment.error is not None:
                self.add(f"{path}/ContentTransferEncoded", str(attachment.error))
            if attachment.content_id:
                if attachment.content_id in content_ids:
                    self.add(f"{path}/ContentId", f"{attachment.content_id!r} is used by another attachment")
                content_ids.add(attachment.content_id)
        if m.manifest:
            listed = {reference.content_id for reference in m.manifest}
            for index, reference in enumerate(m.manifest, 1):
                if reference.attachment_name:
                    self.file_name(f"{MANIFEST}/Reference[{index}]/AttachmentName", reference.attachment_name, index)
                if reference.content_id not in content_ids:
                    self.add(
                        f"{MANIFEST}/Reference[{index}]/ContentId",
                        f"no attachment has ContentId {reference.content_id!r}",
                    )
            for index, attachment in enumerate(m.attachments, 1):
                if attachment.content_id not in listed:
                    self.add(
                        f"{ATTACHMENTS}/Attachment[{index}]/ContentId",
                        "the attachment is not listed in the manifest",
                    )
