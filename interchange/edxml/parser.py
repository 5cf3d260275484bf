"""Reading edXML packages (document and status messages) into the model.

Safe first (``xmlsafe``, ``payloads``, ``unzip``), lenient second (``xmlread``): a package
that passes the safety checks and is well-formed XML is read as far as it goes, and whatever had
to be dropped is listed in the message's ``notes``.
"""

from __future__ import annotations

from typing import Literal

from lxml import etree

from .attachments import decode_base64, received_attachment
from .errors import AttachmentError, BadBase64, NotEdxml, TooManyAttachments, WrongNamespace
from .filenames import safe_file_name
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    Attachment,
    Business,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    EdocMessage,
    ManifestReference,
    Message,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignatureBlock,
    SignatureReference,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)
from .namespaces import EDXML_NS
from .payloads import Skeleton, cut_payloads
from .unzip import UnpackBudget
from .xmlread import Node, Reader
from .xmlsafe import check_package, parse_xml

AttachmentErrors = Literal["raise", "keep"]

ENVELOPE = "edXMLEnvelope"
HEADER = f"{ENVELOPE}/edXMLHeader"


def parse(
    data: bytes, *, limits: Limits = DEFAULT_LIMITS, attachment_errors: AttachmentErrors = "raise"
) -> Message:
    """Read a package; the kind (document or status) is detected from the MessageHeader.

    With ``attachment_errors="keep"`` an attachment that cannot be decoded (bad Base64, too
    large, a zip bomb, …) is returned with ``data=None`` and its ``error`` instead of failing the
    whole message, so the header can still be used, e.g. to send the sender a rejection.
    Package-level problems always raise.
    """
    check_package(data, limits)
    skeleton = cut_payloads(data)
    root, namespace_notes = parse_xml(skeleton.xml)
    _check_root(root)
    reader = Reader()
    for message in namespace_notes:
        reader.note("", f"tolerated namespace error: {message}")
    envelope = _required(reader.node(root, ""), ENVELOPE, "")
    header = _required(envelope, "edXMLHeader", ENVELOPE)
    message_header = _required(header, "MessageHeader", HEADER)
    if message_header.child("StatusCode") is not None:
        return _status(message_header, reader)
    return _edoc(data, skeleton, root, envelope, header, message_header, reader, limits, attachment_errors)


def parse_edoc(
    data: bytes, *, limits: Limits = DEFAULT_LIMITS, attachment_errors: AttachmentErrors = "raise"
) -> EdocMessage:
    message = parse(data, limits=limits, attachment_errors=attachment_errors)
    if not isinstance(message, EdocMessage):
        raise NotEdxml(
            "package is a status message, not a document message",
            message_vi="Gói tin là thông điệp trạng thái.",
        )
    return message


def parse_status(data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> StatusMessage:
    message = parse(data, limits=limits)
    if not isinstance(message, StatusMessage):
        raise NotEdxml(
            "package is a document message, not a status message",
            message_vi="Gói tin không phải thông điệp trạng thái.",
        )
    return message


def _check_root(root: etree._Element) -> None:
    qname = etree.QName(root)
    if qname.localname != "edXML":
        raise NotEdxml(f"root element is {qname.localname!r}, not 'edXML'")
    if qname.namespace != EDXML_NS:
        found = f"namespace {qname.namespace!r}" if qname.namespace else "no namespace"
        raise WrongNamespace(f"root element edXML has {found}; expected {EDXML_NS!r}")


def _required(parent: Node, name: str, where: str) -> Node:
    found = parent.child(name)
    if found is None:
        raise NotEdxml(f"no {name} element in {where or 'the root'}")
    return found


# ---- shared blocks ---------------------------------------------------------------------------


def _organization(node: Node | None) -> Organization:
    if node is None:
        return Organization(organ_id=None)
    return Organization(
        organ_id=node.text("OrganId"),
        organ_name=node.text("OrganName"),
        organization_in_charge=node.text("OrganizationInCharge"),
        organ_add=node.text("OrganAdd"),
        email=node.text("Email"),
        telephone=node.text("Telephone"),
        fax=node.text("Fax"),
        website=node.text("Website"),
    )


def _response_for(node: Node) -> ResponseFor:
    return ResponseFor(
        organ_id=node.text("OrganId"),
        code=node.text("Code"),
        promulgation_date=node.date("PromulgationDate"),
        document_id=node.text("DocumentId"),
    )


def _staff_info(node: Node | None) -> StaffInfo | None:
    if node is None:
        return None
    return StaffInfo(
        department=node.text("Department"),
        staff=node.text("Staff"),
        mobile=node.text("Mobile"),
        email=node.text("Email"),
    )


# ---- status message --------------------------------------------------------------------------


def _status(header: Node, reader: Reader) -> StatusMessage:
    response_for = header.child("ResponseFor")
    if response_for is None:
        reader.note(f"{header.path}/ResponseFor", "ResponseFor is missing")
    return StatusMessage(
        sender=_organization(header.child("From")),
        response_for=_response_for(response_for) if response_for is not None else ResponseFor(organ_id=None),
        status_code=header.text("StatusCode"),
        description=header.text("Description"),
        timestamp=header.timestamp("Timestamp"),
        staff_info=_staff_info(header.child("StaffInfo")),
        notes=tuple(reader.notes),
    )


# ---- document message ------------------------------------------------------------------------


def _edoc(
    data: bytes,
    skeleton: Skeleton,
    root: etree._Element,
    envelope: Node,
    header: Node,
    mh: Node,
    reader: Reader,
    limits: Limits,
    attachment_errors: AttachmentErrors,
) -> EdocMessage:
    code = mh.child("Code")
    promulgation = mh.child("PromulgationInfo")
    document_type = mh.child("DocumentType")
    signer = mh.child("SignerInfo")
    to_places = mh.child("ToPlaces")
    other = mh.child("OtherInfo")
    trace_list = header.child("TraceHeaderList")
    business = trace_list.child("Bussiness") if trace_list else None
    signature = header.child("Signature")
    return EdocMessage(
        sender=_organization(mh.child("From")),
        recipients=tuple(_organization(node) for node in mh.each("To")),
        document_id=mh.text("DocumentId"),
        code=Code(number=code.text("CodeNumber"), notation=code.text("CodeNotation"))
        if code
        else Code(None, None),
        promulgation=PromulgationInfo(
            date=promulgation.date("PromulgationDate"), place=promulgation.text("Place")
        )
        if promulgation
        else PromulgationInfo(date=None),
        document_type=DocumentType(
            type_code=document_type.integer("Type"),
            type_name=document_type.text("TypeName"),
            type_detail=document_type.integer("TypeDetail"),
        )
        if document_type
        else DocumentType(type_code=None, type_name=None),
        subject=mh.text("Subject"),
        content=mh.text("Content"),
        signer=SignerInfo(
            competence=signer.text("Competence"),
            position=signer.text("Position"),
            full_name=signer.text("FullName"),
        )
        if signer
        else None,
        due_date=mh.date("DueDate"),
        to_places=to_places.texts("Place") if to_places else (),
        other_info=_other_info(other) if other else None,
        response_for=tuple(_response_for(node) for node in mh.each("ResponseFor")),
        steering_type=mh.integer("SteeringType"),
        trace_headers=tuple(
            TraceHeader(organ_id=node.text("OrganId"), timestamp=node.timestamp("Timestamp"))
            for node in (trace_list.each("TraceHeader") if trace_list else ())
        ),
        business=_business(business) if business else None,
        signature=_signature(signature) if signature else None,
        manifest=_manifest(envelope),
        attachments=_attachments(data, skeleton, reader.node(root, ""), envelope, limits, attachment_errors),
        notes=tuple(reader.notes),
    )


def _other_info(node: Node) -> OtherInfo:
    appendixes = node.child("Appendixes")
    return OtherInfo(
        priority=node.integer("Priority"),
        sphere_of_promulgation=node.text("SphereOfPromulgation"),
        typer_notation=node.text("TyperNotation"),
        promulgation_amount=node.integer("PromulgationAmount"),
        page_amount=node.integer("PageAmount"),
        direction=node.boolean("Direction"),
        appendixes=appendixes.texts("Appendix") if appendixes else (),
    )


def _business(node: Node) -> Business:
    info = node.child("BussinessDocumentInfo")
    return Business(
        doc_type=node.integer("BussinessDocType"),
        document_id=node.text("DocumentId"),
        doc_reason=node.text("BussinessDocReason"),
        paper=node.integer("Paper"),
        document_info=_business_document_info(info) if info else None,
        replacements=tuple(
            ReplacementInfo(
                document_id=item.text("DocumentId"),
                organ_ids=organs.texts("OrganId") if (organs := item.child("OrganIdList")) else (),
            )
            for replacement_list in node.each("ReplacementInfoList")
            for item in replacement_list.each("ReplacementInfo")
        ),
        staff_info=_staff_info(node.child("StaffInfo")),
    )


def _business_document_info(node: Node) -> BusinessDocumentInfo:
    return BusinessDocumentInfo(
        document_info=node.integer("DocumentInfo"),
        document_receiver=node.integer("DocumentReceiver"),
        receivers=tuple(
            Receiver(organ_id=receiver.text("OrganId"), receiver_type=receiver.integer("ReceiverType"))
            for receiver_list in node.each("ReceiverList")
            for receiver in receiver_list.each("Receiver")
        ),
    )


def _signature(node: Node) -> SignatureBlock:
    signed_info = node.child("SignedInfo")
    key_info = node.child("KeyInfo")
    x509 = key_info.child("X509Data") if key_info else None

    def algorithm(parent: Node | None, name: str) -> str | None:
        found = parent.child(name) if parent else None
        return found.element.get("Algorithm") if found is not None else None

    references = []
    for reference in signed_info.each("Reference") if signed_info else ():
        transforms = reference.child("Transforms")
        references.append(
            SignatureReference(
                uri=reference.element.get("URI"),
                transforms=tuple(
                    transform.element.get("Algorithm") or "" for transform in transforms.each("Transform")
                )
                if transforms
                else (),
                digest_method=algorithm(reference, "DigestMethod"),
                digest_value=reference.text("DigestValue"),
            )
        )
    return SignatureBlock(
        c14n_method=algorithm(signed_info, "CanonicalizationMethod"),
        signature_method=algorithm(signed_info, "SignatureMethod"),
        references=tuple(references),
        signature_value=node.text("SignatureValue"),
        x509_subject_name=x509.text("X509SubjectName") if x509 else None,
        x509_certificate=x509.text("X509Certificate") if x509 else None,
        namespace=etree.QName(node.element).namespace,
    )


def _content_id(raw: str | None) -> str | None:
    if raw is None:
        return None
    return raw[4:] if raw[:4].lower() == "cid:" else raw


def _manifest(envelope: Node) -> tuple[ManifestReference, ...]:
    body = envelope.child("edXMLBody")
    manifest = body.child("edXMLManifest") if body else None
    if manifest is None:
        return ()
    return tuple(
        ManifestReference(
            content_id=_content_id(reference.text("ContentId")),
            content_type=reference.text("ContentType"),
            attachment_name=reference.text("AttachmentName"),
            description=reference.text("Description"),
        )
        for reference in manifest.each("Reference")
    )


def _attachments(
    data: bytes,
    skeleton: Skeleton,
    root: Node,
    envelope: Node,
    limits: Limits,
    attachment_errors: AttachmentErrors,
) -> tuple[Attachment, ...]:
    # Normally a sibling of the envelope; accepted inside the envelope or body too.
    body = envelope.child("edXMLBody")
    holder = (
        root.child("AttachmentEncoded")
        or envelope.child("AttachmentEncoded")
        or (body.child("AttachmentEncoded") if body else None)
    )
    if holder is None:
        return ()
    nodes = list(holder.each("Attachment"))
    if len(nodes) > limits.max_attachments:
        raise TooManyAttachments(
            f"package has {len(nodes)} attachments, more than the limit of {limits.max_attachments}"
        )
    budget = UnpackBudget(remaining=limits.max_unpacked_total_bytes)
    found = []
    for node in nodes:
        raw_name = node.text("AttachmentName")
        common = {
            "content_id": _content_id(node.text("ContentId")),
            "description": node.text("Description"),
            "content_type": node.text("ContentType"),
        }
        try:
            encoded = _transfer_bytes(data, skeleton, node, raw_name or "", limits)
            found.append(
                received_attachment(
                    raw_name=raw_name, encoded=encoded, limits=limits, budget=budget, **common
                )
            )
        except AttachmentError as exc:
            if attachment_errors == "raise":
                raise
            found.append(
                Attachment(name=safe_file_name(raw_name) if raw_name else "", raw_name=raw_name, data=None,
                           error=exc, warnings=(str(exc),), **common)
            )
    return tuple(found)


def _transfer_bytes(data: bytes, skeleton: Skeleton, node: Node, name: str, limits: Limits) -> bytes:
    payload = node.child("ContentTransferEncoded")
    if payload is None:
        return b""
    span = skeleton.span_of(payload.element.text)
    if span is not None:
        start, end = span
        return decode_base64(memoryview(data)[start:end], name=name, limits=limits)
    text = payload.value
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise BadBase64(
            f"attachment {name!r}: content has non-Base64 characters", attachment_name=name
        ) from exc
    return decode_base64(raw, name=name, limits=limits)
