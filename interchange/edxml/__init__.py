"""edXML (QCVN 102:2016/BTTTT): build, parse, validate and sign interchange packages.

A pure library (lxml, signxml, cryptography, stdlib); nothing here knows about Django.

Reading::

    message = parse(data)                  # EdocMessage or StatusMessage, by content
    problems = validate(message)           # [] when it meets the standard's rules
    check = verify_signature(data)         # VALID / INVALID / PLACEHOLDER / ABSENT

Sending::

    data = build(message)                  # the official builder's form, deterministic
    data = build(message, signing_key=key_pem, cert=cert_pem)   # XML-DSig signed

Reading is safe by construction: no DTDs or entities, no network, size limits (``Limits``) on
the package, attachments and unzipped content. Every refusal is an ``EdxmlError`` subclass with
an English message and a Vietnamese ``message_vi``.

Command line: ``python -m interchange.edxml inspect|validate|build …``.
"""

from .builder import build, build_to
from .codes import STATUS_LABELS, BusinessDocType, ReceiverType, StatusCode
from .document_id import compose_document_id, split_document_id
from .errors import (
    AttachmentError,
    AttachmentTooLarge,
    BadArchive,
    BadBase64,
    BuildError,
    DecompressionBomb,
    EdxmlError,
    ForbiddenDtd,
    MalformedXml,
    NotEdxml,
    PackageTooLarge,
    SigningError,
    TooManyAttachments,
    TooManyZipEntries,
    UnsupportedEncoding,
    WrongNamespace,
)
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    ArchiveMember,
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
from .parser import parse, parse_edoc, parse_status
from .signature import SignatureCheck, SignatureStatus, sign, verify_signature
from .validate import validate
from .violation import Violation

__all__ = [
    "DEFAULT_LIMITS",
    "STATUS_LABELS",
    "ArchiveMember",
    "Attachment",
    "AttachmentError",
    "AttachmentTooLarge",
    "BadArchive",
    "BadBase64",
    "BuildError",
    "Business",
    "BusinessDocType",
    "BusinessDocumentInfo",
    "Code",
    "DecompressionBomb",
    "DocumentType",
    "EdocMessage",
    "EdxmlError",
    "ForbiddenDtd",
    "Limits",
    "MalformedXml",
    "ManifestReference",
    "Message",
    "NotEdxml",
    "Organization",
    "OtherInfo",
    "PackageTooLarge",
    "PromulgationInfo",
    "Receiver",
    "ReceiverType",
    "ReplacementInfo",
    "ResponseFor",
    "SignatureBlock",
    "SignatureCheck",
    "SignatureReference",
    "SignatureStatus",
    "SignerInfo",
    "SigningError",
    "StaffInfo",
    "StatusCode",
    "StatusMessage",
    "TooManyAttachments",
    "TooManyZipEntries",
    "TraceHeader",
    "UnsupportedEncoding",
    "Violation",
    "WrongNamespace",
    "build",
    "build_to",
    "compose_document_id",
    "parse",
    "parse_edoc",
    "parse_status",
    "sign",
    "split_document_id",
    "validate",
    "verify_signature",
]
