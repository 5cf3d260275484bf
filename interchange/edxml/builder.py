"""Writing messages as edXML packages in the official builder's form.

Namespace and prefixes, element order, CRLF and two-space indent, unwrapped Base64 and the
attachment transfer forms all follow the official builder (docs: EDXML-VNPT-NOTES.md), so
receivers running the official parser read our packages. Differences, on purpose:
- DocumentId is always the real ``<OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>`` when number,
  notation and date are known (the official builder invents a UUID);
- with ``content_id`` and ``zip_entry_name`` given on every attachment the output is the same
  bytes every time (zip entries are stamped with the message's sending time).

Attachments are streamed: a file on disk (``Attachment.from_path``) is read in chunks and, when
it must be zipped, packed through a temporary file, so a package of any size costs little more
memory than its output.
"""

from __future__ import annotations

import binascii
import io
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from interchange.edxml.signature import sign

from .attachments import TransferForm, transfer_form, zip_entry_name, zip_timestamp
from .dates import format_date, format_timestamp
from .errors import BuildError
from .model import (
    Attachment,
    Business,
    EdocMessage,
    Message,
    Organization,
    OtherInfo,
    ResponseFor,
    SignatureBlock,
    StaffInfo,
    StatusMessage,
)
from .namespaces import EDXML_NS, EDXML_PREFIX
from .xmlwrite import CRLF, INDENT, LineWriter, escape_attribute

_BASE64_CHUNK = 3 * 256 * 1024  # a multiple of 3, so chunks encode without padding in between
_SPOOL_IN_MEMORY = 4 * 1024 * 1024
P = f"{EDXML_PREFIX}:"


def build(message: Message, *, signing_key: bytes | None = None, cert: bytes | None = None) -> bytes:
    """The package as bytes; signed (XML-DSig, RSA-SHA256, exc-c14n) when a PEM key and certificate are given."""
    out = io.BytesIO()
    build_to(message, out)
    data = out.getvalue()
    if signing_key is not None:
        if cert is None:
            raise BuildError("signing needs the certificate as well as the key")

        data = sign(data, signing_key, cert)
    return data


def build_to(message: Message, out: BinaryIO) -> None:
    """Write the (unsigned) package to a binary stream, attachments streamed from their sources."""
    writer = LineWriter(out)
    writer.raw(f'<?xml version="1.0" encoding="UTF-8"?>{CRLF}')
    writer.start(0, "edXML", f' xmlns="{EDXML_NS}"')
    writer.start(1, f"{P}edXMLEnvelope", f' xmlns:{EDXML_PREFIX}="{EDXML_NS}"')
    writer.start(2, f"{P}edXMLHeader")
    if isinstance(message, StatusMessage):
        _status_header(writer, message)
        writer.end(2, f"{P}edXMLHeader")
        writer.end(1, f"{P}edXMLEnvelope")
    else:
        prepared = [_Prepared.of(attachment) for attachment in message.attachments]
        _edoc_header(writer, message)
        writer.end(2, f"{P}edXMLHeader")
        _manifest(writer, prepared)
        writer.end(1, f"{P}edXMLEnvelope")
        _attachments(writer, prepared, stamp=_sending_time(message))
    writer.end(0, "edXML")
    writer.flush()


# ---- headers ---------------------------------------------------------------------------------


def _organization(w: LineWriter, depth: int, tag: str, org: Organization) -> None:
    w.start(depth, f"{P}{tag}")
    d = depth + 1
    w.leaf(d, f"{P}OrganId", org.organ_id)
    w.leaf(d, f"{P}OrganizationInCharge", org.organization_in_charge)
    w.leaf(d, f"{P}OrganName", org.organ_name)
    w.leaf(d, f"{P}OrganAdd", org.organ_add)
    w.leaf(d, f"{P}Email", org.email)
    w.leaf(d, f"{P}Telephone", org.telephone)
    w.leaf(d, f"{P}Fax", org.fax)
    w.leaf(d, f"{P}Website", org.website)
    w.end(depth, f"{P}{tag}")


def _response_for(w: LineWriter, depth: int, response: ResponseFor) -> None:
    w.start(depth, f"{P}ResponseFor")
    d = depth + 1
    w.leaf(d, f"{P}OrganId", response.organ_id)
    w.leaf(d, f"{P}Code", response.code)
    w.leaf(d, f"{P}DocumentId", response.document_id)
    w.leaf(d, f"{P}PromulgationDate", _date(response.promulgation_date))
    w.end(depth, f"{P}ResponseFor")


def _staff_info(w: LineWriter, depth: int, staff: StaffInfo | None) -> None:
    if staff is None:
        return
    w.start(depth, f"{P}StaffInfo")
    d = depth + 1
    w.leaf(d, f"{P}Department", staff.department)
    w.leaf(d, f"{P}Staff", staff.staff)
    w.leaf(d, f"{P}Email", staff.email)
    w.leaf(d, f"{P}Mobile", staff.mobile)
    w.end(depth, f"{P}StaffInfo")


def _status_header(w: LineWriter, message: StatusMessage) -> None:
    w.start(3, f"{P}MessageHeader")
    _organization(w, 4, "From", message.sender)
    _response_for(w, 4, message.response_for)
    _staff_info(w, 4, message.staff_info)
    w.leaf(4, f"{P}StatusCode", message.status_code)
    w.leaf(4, f"{P}Description", message.description)
    w.leaf(4, f"{P}Timestamp", _timestamp(message.timestamp))
    w.end(3, f"{P}MessageHeader")


def _edoc_header(w: LineWriter, m: EdocMessage) -> None:
    w.start(3, f"{P}MessageHeader")
    _organization(w, 4, "From", m.sender)
    for recipient in m.recipients:
        _organization(w, 4, "To", recipient)
    w.leaf(4, f"{P}DocumentId", m.composed_document_id())
    w.start(4, f"{P}Code")
    w.leaf(5, f"{P}CodeNumber", m.code.number)
    w.leaf(5, f"{P}CodeNotation", m.code.notation)
    w.end(4, f"{P}Code")
    w.start(4, f"{P}PromulgationInfo")
    w.leaf(5, f"{P}Place", m.promulgation.place)
    w.leaf(5, f"{P}PromulgationDate", _date(m.promulgation.date))
    w.end(4, f"{P}PromulgationInfo")
    w.start(4, f"{P}DocumentType")
    w.leaf(5, f"{P}Type", m.document_type.type_code)
    w.leaf(5, f"{P}TypeDetail", m.document_type.type_detail)
    w.leaf(5, f"{P}TypeName", m.document_type.type_name)
    w.end(4, f"{P}DocumentType")
    w.leaf(4, f"{P}Subject", m.subject)
    w.leaf(4, f"{P}Content", m.content)
    if m.signer is not None:
        w.start(4, f"{P}SignerInfo")
        w.leaf(5, f"{P}Competence", m.signer.competence)
        w.leaf(5, f"{P}Position", m.signer.position)
        w.leaf(5, f"{P}FullName", m.signer.full_name)
        w.end(4, f"{P}SignerInfo")
    w.leaf(4, f"{P}DueDate", _date(m.due_date))
    if m.other_info is not None:
        _other_info(w, m.other_info)
    for response in m.response_for:
        _response_for(w, 4, response)
    w.leaf(4, f"{P}SteeringType", m.steering_type)
    if m.to_places:
        w.start(4, f"{P}ToPlaces")
        for place in m.to_places:
            w.leaf(5, f"{P}Place", place)
        w.end(4, f"{P}ToPlaces")
    w.end(3, f"{P}MessageHeader")
    if m.business is None and not m.trace_headers:
        w.empty(3, f"{P}TraceHeaderList")
    else:
        w.start(3, f"{P}TraceHeaderList")
        if m.business is not None:
            _business(w, m.business)
        for trace in m.trace_headers:
            w.start(4, f"{P}TraceHeader")
            w.leaf(5, f"{P}OrganId", trace.organ_id)
            w.leaf(5, f"{P}Timestamp", _timestamp(trace.timestamp))
            w.end(4, f"{P}TraceHeader")
        w.end(3, f"{P}TraceHeaderList")
    if m.signature is not None:
        _signature_placeholder(w, m.signature)


def _other_info(w: LineWriter, info: OtherInfo) -> None:
    w.start(4, f"{P}OtherInfo")
    w.leaf(5, f"{P}Priority", info.priority)
    w.leaf(5, f"{P}SphereOfPromulgation", info.sphere_of_promulgation)
    w.leaf(5, f"{P}TyperNotation", info.typer_notation)
    w.leaf(5, f"{P}PromulgationAmount", info.promulgation_amount)
    w.leaf(5, f"{P}PageAmount", info.page_amount)
    w.leaf(5, f"{P}Direction", None if info.direction is None else str(info.direction).lower())
    if info.appendixes:
        w.start(5, f"{P}Appendixes")
        for appendix in info.appendixes:
            w.leaf(6, f"{P}Appendix", appendix)
        w.end(5, f"{P}Appendixes")
    w.end(4, f"{P}OtherInfo")


def _business(w: LineWriter, b: Business) -> None:
    w.start(4, f"{P}Bussiness")
    w.leaf(5, f"{P}DocumentId", b.document_id)
    w.leaf(5, f"{P}BussinessDocType", b.doc_type)
    w.leaf(5, f"{P}BussinessDocReason", b.doc_reason)
    w.leaf(5, f"{P}Paper", b.paper)
    info = b.document_info
    if info is not None:
        w.start(5, f"{P}BussinessDocumentInfo")
        w.leaf(6, f"{P}DocumentInfo", info.document_info)
        w.leaf(6, f"{P}DocumentReceiver", info.document_receiver)
        if info.receivers:
            w.start(6, f"{P}ReceiverList")
            for receiver in info.receivers:
                w.start(7, f"{P}Receiver")
                w.leaf(8, f"{P}OrganId", receiver.organ_id)
                w.leaf(8, f"{P}ReceiverType", receiver.receiver_type)
                w.end(7, f"{P}Receiver")
            w.end(6, f"{P}ReceiverList")
        w.end(5, f"{P}BussinessDocumentInfo")
    if b.replacements:
        w.start(5, f"{P}ReplacementInfoList")
        for replacement in b.replacements:
            w.start(6, f"{P}ReplacementInfo")
            w.leaf(7, f"{P}DocumentId", replacement.document_id)
            w.start(7, f"{P}OrganIdList")
            for organ_id in replacement.organ_ids:
                w.leaf(8, f"{P}OrganId", organ_id)
            w.end(7, f"{P}OrganIdList")
            w.end(6, f"{P}ReplacementInfo")
        w.end(5, f"{P}ReplacementInfoList")
    _staff_info(w, 5, b.staff_info)
    w.end(4, f"{P}Bussiness")


def _signature_placeholder(w: LineWriter, s: SignatureBlock) -> None:
    """The Signature block as data, where the official builder puts it (edXML namespace, no prefix).

    A real XML-DSig signature replaces it when the package is signed.
    """

    def algorithm(depth: int, tag: str, value: str | None) -> None:
        if value is not None:
            w.empty(depth, tag, f' Algorithm="{escape_attribute(value, tag)}"')

    w.start(3, "Signature")
    w.start(4, "SignedInfo")
    algorithm(5, "CanonicalizationMethod", s.c14n_method)
    algorithm(5, "SignatureMethod", s.signature_method)
    for reference in s.references:
        uri = "" if reference.uri is None else f' URI="{escape_attribute(reference.uri, "Reference")}"'
        w.start(5, "Reference", uri)
        w.start(6, "Transforms")
        for transform in reference.transforms:
            algorithm(7, "Transform", transform)
        w.end(6, "Transforms")
        algorithm(6, "DigestMethod", reference.digest_method)
        w.leaf(6, "DigestValue", reference.digest_value)
        w.end(5, "Reference")
    w.end(4, "SignedInfo")
    w.leaf(4, "SignatureValue", s.signature_value)
    w.start(4, "KeyInfo")
    w.start(5, "X509Data")
    w.leaf(6, "X509SubjectName", s.x509_subject_name)
    w.leaf(6, "X509Certificate", s.x509_certificate)
    w.end(5, "X509Data")
    w.end(4, "KeyInfo")
    w.end(3, "Signature")


# ---- attachments -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prepared:
    attachment: Attachment
    content_id: str
    description: str
    form: TransferForm

    @classmethod
    def of(cls, attachment: Attachment) -> _Prepared:
        if attachment.data is None and attachment.path is None:
            raise BuildError(f"attachment {attachment.name!r} has neither data nor a file path")
        return cls(
            attachment=attachment,
            content_id=attachment.content_id or str(uuid.uuid4()),
            # The official builder writes the name when there is no description.
            description=attachment.name if attachment.description is None else attachment.description,
            form=transfer_form(attachment.extension),
        )


def _manifest(w: LineWriter, prepared: list[_Prepared]) -> None:
    w.start(2, f"{P}edXMLBody")
    if not prepared:
        w.empty(3, f"{P}edXMLManifest", ' version="1.0"')
    else:
        w.start(3, f"{P}edXMLManifest", ' version="1.0"')
        for item in prepared:
            w.start(4, f"{P}Reference")
            w.leaf(5, f"{P}ContentId", f"cid:{item.content_id}")
            # The manifest always says application/zip, whatever the attachment is.
            w.leaf(5, f"{P}ContentType", "application/zip")
            w.leaf(5, f"{P}Description", item.description)
            w.leaf(5, f"{P}AttachmentName", item.attachment.name)
            w.end(4, f"{P}Reference")
        w.end(3, f"{P}edXMLManifest")
    w.end(2, f"{P}edXMLBody")


def _attachments(w: LineWriter, prepared: list[_Prepared], *, stamp: datetime | None) -> None:
    if not prepared:
        return
    w.start(1, "AttachmentEncoded")
    for item in prepared:
        w.start(2, "Attachment")
        w.leaf(3, "ContentId", f"cid:{item.content_id}")
        w.leaf(3, "AttachmentName", item.attachment.name)
        w.leaf(3, "Description", item.description)
        w.leaf(3, "ContentType", item.form.content_type)
        w.raw(f'{INDENT * 3}<{P}ContentTransferEncoded xmlns:{EDXML_PREFIX}="{EDXML_NS}">')
        w.flush()
        _write_payload(w.out, item, stamp)
        w.raw(f"</{P}ContentTransferEncoded>{CRLF}")
        w.end(2, "Attachment")
    w.end(1, "AttachmentEncoded")


def _write_payload(out: BinaryIO, item: _Prepared, stamp: datetime | None) -> None:
    attachment = item.attachment
    if not item.form.wrap_in_zip:
        if attachment.data is not None:
            _base64_from_bytes(attachment.data, out)
        else:
            with attachment.open() as source:
                _base64_from_stream(source, out)
        return
    entry = zip_entry_name(attachment, str(uuid.uuid4()))
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as packed:
        with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            info = zipfile.ZipInfo(entry, date_time=zip_timestamp(stamp))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with attachment.open() as source, bundle.open(info, "w") as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
        packed.seek(0)
        _base64_from_stream(packed, out)


def _base64_from_bytes(data: bytes, out: BinaryIO) -> None:
    view = memoryview(data)
    for start in range(0, len(view), _BASE64_CHUNK):
        out.write(binascii.b2a_base64(view[start : start + _BASE64_CHUNK], newline=False))


def _base64_from_stream(source: BinaryIO, out: BinaryIO) -> None:
    buffer = bytearray(_BASE64_CHUNK)
    view = memoryview(buffer)
    while True:
        filled = 0
        while filled < _BASE64_CHUNK:
            count = source.readinto(view[filled:])
            if not count:
                break
            filled += count
        if filled:
            out.write(binascii.b2a_base64(view[:filled], newline=False))
        if filled < _BASE64_CHUNK:
            return


# ---- values ----------------------------------------------------------------------------------


def _date(value: date | None) -> str | None:
    return format_date(value) if value is not None else None


def _timestamp(value: datetime | None) -> str | None:
    return format_timestamp(value) if value is not None else None


def _sending_time(message: EdocMessage) -> datetime | None:
    stamps = [trace.timestamp for trace in message.trace_headers if trace.timestamp is not None]
    return max(stamps) if stamps else None
