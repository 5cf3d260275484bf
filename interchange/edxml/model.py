"""Typed model of the two edXML messages: the document message (edoc) and the status message.

Field names follow the standard's element names in English snake case. Values are kept as
received: unknown numbers stay numbers, text stays text. ``None`` means the element was absent;
an empty string means it was present and empty.

Constructor defaults mirror what the official builder writes when the caller says nothing
(SteeringType 0, OtherInfo with Priority/amounts 0 and Direction false, Bussiness type 0, Paper 0),
so a message built from a few fields looks like the official one. The parser, in contrast,
records absent elements as ``None``.

Equality compares what the sender meant. Facts about one particular received package (declared
content types, warnings, parse notes, the manifest as written) are kept out of ``==``.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from .codes import BusinessDocType, business_doc_type_label, status_label
from .document_id import compose_document_id
from .violation import Violation


@dataclass(frozen=True, slots=True)
class Organization:
    """From, To and status From: an agency with its electronic identifier (mã định danh)."""

    organ_id: str | None
    organ_name: str | None = None
    organization_in_charge: str | None = None
    organ_add: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


@dataclass(frozen=True, slots=True)
class Code:
    """Số and ký hiệu, e.g. 807 / VPCP-KSTT."""

    number: str | None
    notation: str | None

    @property
    def text(self) -> str:
        return f"{self.number or ''}/{self.notation or ''}"


@dataclass(frozen=True, slots=True)
class PromulgationInfo:
    date: date | None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentType:
    # Type: 1 or 2 in practice, meaning unverified; kept as given.
    type_code: int | None
    type_name: str | None
    type_detail: int | None = None


@dataclass(frozen=True, slots=True)
class SignerInfo:
    competence: str | None = None  # "KT. CHỦ TỊCH"
    position: str | None = None  # "PHÓ CHỦ TỊCH"
    full_name: str | None = None


@dataclass(frozen=True, slots=True)
class OtherInfo:
    priority: int | None = 0
    sphere_of_promulgation: str | None = None
    typer_notation: str | None = None
    promulgation_amount: int | None = 0
    page_amount: int | None = 0
    direction: bool | None = False
    appendixes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResponseFor:
    """The document a message answers (edoc: 0..n; status: exactly one)."""

    organ_id: str | None
    code: str | None = None  # "7816/VPCP-TTĐT"
    promulgation_date: date | None = None
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class StaffInfo:
    department: str | None = None
    staff: str | None = None
    mobile: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class TraceHeader:
    organ_id: str | None
    timestamp: datetime | None


@dataclass(frozen=True, slots=True)
class Receiver:
    organ_id: str | None
    receiver_type: int | None  # ReceiverType: 0 removed, 1 added


@dataclass(frozen=True, slots=True)
class BusinessDocumentInfo:
    """What an update changes: the document's information and/or its recipients."""

    document_info: int | None = None
    document_receiver: int | None = None
    receivers: tuple[Receiver, ...] = ()


@dataclass(frozen=True, slots=True)
class ReplacementInfo:
    document_id: str | None
    organ_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Business:
    """TraceHeaderList/Bussiness: what this message does to a document (new, revoke, update, replace)."""

    doc_type: int | None = 0
    document_id: str | None = None  # the target document, for revoke/update/replace
    doc_reason: str | None = None
    paper: int | None = 0
    document_info: BusinessDocumentInfo | None = None
    replacements: tuple[ReplacementInfo, ...] = ()
    staff_info: StaffInfo | None = None

    @classmethod
    def standard(cls, doc_type: BusinessDocType | int, **fields: object) -> Business:
        """A business block with the official builder's default reason and Paper 0."""
        doc_type = BusinessDocType(doc_type)
        fields.setdefault("doc_reason", doc_type.default_reason)
        return cls(doc_type=int(doc_type), **fields)  # type: ignore[arg-type]

    @property
    def business_type(self) -> BusinessDocType | None:
        try:
            return BusinessDocType(self.doc_type) if self.doc_type is not None else None
        except ValueError:
            return None

    @property
    def label(self) -> str | None:
        return business_doc_type_label(self.doc_type)


@dataclass(frozen=True, slots=True)
class SignatureReference:
    uri: str | None = ""
    transforms: tuple[str, ...] = ()
    digest_method: str | None = None
    digest_value: str | None = None


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """The envelope's Signature element as data (to show it, or to write the placeholder).

    Whether it is a real signature is for ``verify_signature`` to say, on the raw bytes.
    """

    c14n_method: str | None = None
    signature_method: str | None = None
    references: tuple[SignatureReference, ...] = ()
    signature_value: str | None = None
    x509_subject_name: str | None = None
    x509_certificate: str | None = None
    # The namespace the element was found in (the official builder writes the edXML one).
    namespace: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ArchiveMember:
    """One file unpacked from a zipped attachment."""

    name: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Attachment:
    """One attached file.

    To send: give ``name`` and ``data`` (or use ``from_path`` for files on disk, which the builder
    streams). ``content_id`` is written as ``cid:<content_id>``; give one for reproducible output.
    The builder chooses the transfer form from the file's extension, as the official one does.

    On receipt ``data`` holds the decoded file: unzipped when the package declared
    application/zip and the name does not end in .zip. A zip with several files keeps ``data`` as
    the zip and lists the files in ``members``. ``data`` is None when the attachment could not be
    decoded and the caller asked to keep going (``error`` says why).
    """

    name: str
    data: bytes | None = field(default=None, repr=False)
    content_id: str | None = None
    description: str | None = None
    path: Path | None = field(default=None, compare=False)
    # Receipt-side facts.
    content_type: str | None = field(default=None, compare=False)
    zip_entry_name: str | None = field(default=None, compare=False)
    members: tuple[ArchiveMember, ...] = field(default=(), compare=False, repr=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    sha256: str | None = field(default=None, compare=False, repr=False)
    error: Exception | None = field(default=None, compare=False)
    # The AttachmentName exactly as the package gave it; ``name`` is the plain file name made from
    # it (the one to store under). The validator judges the raw one: a path in it is refused.
    raw_name: str | None = field(default=None, compare=False)

    @classmethod
    def from_path(
        cls,
        path: str | Path,
        *,
        name: str | None = None,
        content_id: str | None = None,
        description: str | None = None,
    ) -> Attachment:
        """An attachment read from disk only while the package is written."""
        path = Path(path)
        return cls(name=name or path.name, content_id=content_id, description=description, path=path)

    @property
    def extension(self) -> str:
        """The file format by extension, as the official builder decides it (of the file on disk)."""
        source = self.path.name if self.path is not None else self.name
        stem, dot, ext = source.rpartition(".")
        return ext.lower() if dot and stem else ""

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            return self.path.stat().st_size
        return 0

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is not None:
            return self.path.open("rb")
        raise ValueError(f"attachment {self.name!r} has neither data nor path")

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        with self.open() as stream:
            return stream.read()

    def digest(self) -> str:
        """SHA-256 (hex) of the file's bytes."""
        if self.sha256 is not None:
            return self.sha256
        hasher = hashlib.sha256()
        with self.open() as stream:
            while chunk := stream.read(1 << 20):
                hasher.update(chunk)
        return hasher.hexdigest()


@dataclass(frozen=True, slots=True)
class ManifestReference:
    """edXMLBody/edXMLManifest/Reference as received (the builder derives its own from attachments)."""

    content_id: str | None
    content_type: str | None = None
    attachment_name: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EdocMessage:
    """A document message: the header of one official document and its attached files."""

    kind: ClassVar[str] = "edoc"

    sender: Organization
    recipients: tuple[Organization, ...]
    code: Code
    promulgation: PromulgationInfo
    document_type: DocumentType
    subject: str | None
    document_id: str | None = None
    content: str | None = None
    signer: SignerInfo | None = None
    due_date: date | None = None
    to_places: tuple[str, ...] = ()
    other_info: OtherInfo | None = field(default_factory=OtherInfo)
    response_for: tuple[ResponseFor, ...] = ()
    steering_type: int | None = 0
    trace_headers: tuple[TraceHeader, ...] = ()
    business: Business | None = field(default_factory=Business)
    signature: SignatureBlock | None = None
    attachments: tuple[Attachment, ...] = ()
    # Receipt-side facts.
    manifest: tuple[ManifestReference, ...] = field(default=(), compare=False)
    notes: tuple[Violation, ...] = field(default=(), compare=False)

    def composed_document_id(self) -> str | None:
        """DocumentId as sent: the given one, else composed from sender, date, number and notation."""
        if self.document_id:
            return self.document_id
        if self.sender.organ_id and self.promulgation.date and self.code.number and self.code.notation:
            return compose_document_id(
                self.sender.organ_id, self.promulgation.date, self.code.number, self.code.notation
            )
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusMessage:
    """A status message about a document received or sent (codes in ``codes.StatusCode``)."""

    kind: ClassVar[str] = "status"

    sender: Organization
    response_for: ResponseFor
    status_code: str | None
    timestamp: datetime | None
    description: str | None = None
    staff_info: StaffInfo | None = None
    notes: tuple[Violation, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str | None:
        return status_label(self.status_code)


Message = EdocMessage | StatusMessage
