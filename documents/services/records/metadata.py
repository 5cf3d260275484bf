"""Metadata that can be completed and corrected (Phụ lục VI III.7.c), and search results taken away
(III.6.đ, g, h): the writes.

`document_metadata_edit` corrects the metadata of a document after entry, with a reason: each
changed field is kept with its old and new value (MetadataChange), in one transaction with an audit
event, and the search index is refreshed once it commits. Who may: documents.permissions
(`may_edit_metadata`, `may_change_secrecy`). The numbers given by a register (register,
register_number) come from the counter and are never edited here; an outgoing document's symbol
neither.

`search_export_record` audits an export of search results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documents.access import RecordFileQuerySet
from documents.errors import DocumentError
from documents.literals import Direction
from documents.models import Document, DocumentType, MetadataChange, RecordItem
from documents.permissions import METADATA_OUTGOING_STATES, may_change_secrecy, may_edit_metadata
from documents.services.indexing import document_index_enqueue
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Organization
from qlvb.services.audit import audit_record

BOTH = (Direction.INCOMING, Direction.OUTGOING)
INCOMING_ONLY = (Direction.INCOMING,)
MAX_REASON_CHARS = 1000
MAX_SUBJECT_CHARS = 500
MAX_DESCRIPTION_CHARS = 500
MAX_PAGE_COUNT = 9999


@dataclass(frozen=True)
class EditableField:
    name: str
    label: str
    directions: tuple[str, ...] = BOTH


# What may be corrected, in the order the form and the history show it. The symbol of an outgoing
# document comes from its register's counter, and its issuer is the organization itself.
EDITABLE_FIELDS = (
    EditableField("subject", "Trích yếu"),
    EditableField("symbol", "Số, ký hiệu", INCOMING_ONLY),
    EditableField("issued_on", "Ngày văn bản"),
    EditableField("issuer_name", "Cơ quan ban hành", INCOMING_ONLY),
    EditableField("document_type", "Loại văn bản"),
    EditableField("signer_name", "Người ký"),
    EditableField("signer_title", "Chức vụ người ký"),
    EditableField("urgency", "Độ khẩn"),
    EditableField("secrecy", "Độ mật"),
    EditableField("due_date", "Hạn xử lý"),
    EditableField("page_count", "Số trang"),
    EditableField("language", "Ngôn ngữ"),
    EditableField("description", "Mô tả, ghi chú"),
)
FIELDS = {f.name: f for f in EDITABLE_FIELDS}


def editable_fields(document: Document, *, user=None) -> list[EditableField]:
    """The fields of `document` that can be corrected (by `user`: secrecy only for a leader)."""
    fields = [f for f in EDITABLE_FIELDS if document.direction in f.directions]
    if user is not None and not may_change_secrecy(user, document):
        fields = [f for f in fields if f.name != "secrecy"]
    return fields


def field_label(name: str) -> str:
    return FIELDS[name].label if name in FIELDS else name


def metadata_edit_refusal(*, actor, document: Document) -> Refused | Forbidden | None:
    """Why `actor` may not correct `document`'s metadata now, or None (shown before the form too)."""
    if not may_edit_metadata(actor, document):
        return Forbidden(DocumentError.METADATA_NOT_EDITOR)
    if document.is_frozen:
        return Refused(DocumentError.DOCUMENT_FROZEN)
    if document.direction == Direction.OUTGOING and document.state not in METADATA_OUTGOING_STATES:
        return Refused(DocumentError.METADATA_NOT_ISSUED)
    archived = (RecordItem.objects.filter(document=document, record__state__in=RecordFileQuerySet.ARCHIVED)
                .values_list("record__code", flat=True).first())
    if archived is not None:
        return Refused(DocumentError.METADATA_IN_ARCHIVE, code=archived)
    return None


def shown_value(name: str, value: Any) -> str:
    """A field's value as the history shows it: a label for a choice or a type, dd/mm/yyyy for a date."""
    if value is None or value == "":
        return ""
    if name == "document_type":
        return value.name if isinstance(value, DocumentType) else str(
            DocumentType.objects.filter(pk=value).values_list("name", flat=True).first() or value)
    if name in ("urgency", "secrecy"):
        choices = dict(Document._meta.get_field(name).choices)
        return str(choices.get(value, value))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _clean(name: str, value: Any, document: Document) -> Any:
    """`value` for field `name` as the model stores it; Refused (nothing written) when it is not valid."""
    model_field = Document._meta.get_field(name)
    try:
        if name == "document_type":
            pk = value.pk if isinstance(value, DocumentType) else value
            found = DocumentType.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
            if found is None:
                raise ValidationError("unknown document type")
            return found
        if isinstance(value, str) and model_field.get_internal_type() in ("CharField", "TextField"):
            value = value.strip()
        if value in ("", None) and model_field.null:
            value = None
        value = model_field.clean(value, document)
    except (ValidationError, TypeError, ValueError, OverflowError):
        raise Refused(DocumentError.METADATA_BAD_VALUE, field=name) from None
    if name == "subject" and not value:
        raise Refused(DocumentError.SUBJECT_REQUIRED)
    limits = {"subject": MAX_SUBJECT_CHARS, "description": MAX_DESCRIPTION_CHARS}
    if name in limits and len(value) > limits[name]:
        raise Refused(DocumentError.METADATA_BAD_VALUE, field=name)
    if name == "page_count" and value is not None and not 1 <= value <= MAX_PAGE_COUNT:
        raise Refused(DocumentError.METADATA_BAD_VALUE, field=name)
    if name == "language" and not value:
        raise Refused(DocumentError.METADATA_BAD_VALUE, field=name)
    return value


def _raw(value: Any) -> Any:
    """What the audit event keeps of a value (JSON)."""
    if isinstance(value, DocumentType):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def document_metadata_edit(*, actor, document: Document, changes: dict[str, Any], reason: str) -> list[MetadataChange]:
    """Correct `document`'s metadata: `changes` maps field names (EDITABLE_FIELDS) to new values.

    Only fields whose value differs are written; each gives a MetadataChange with its old and new
    value, who, when and `reason`. Any refusal (a right, the state, a bad value) writes nothing.
    """
    document = Document.objects.select_for_update().select_related("document_type").get(pk=document.pk)
    refusal = metadata_edit_refusal(actor=actor, document=document)
    if refusal is not None:
        raise refusal
    reason = (reason or "").strip()
    if not reason:
        raise Refused(DocumentError.METADATA_REASON_REQUIRED)
    if len(reason) > MAX_REASON_CHARS:
        reason = reason[:MAX_REASON_CHARS]
    allowed = {f.name for f in editable_fields(document)}
    for name in changes:
        if name not in allowed:
            raise Refused(DocumentError.METADATA_NOT_EDITABLE, field=name)
    diffs: list[tuple[str, Any, Any]] = []
    for f in EDITABLE_FIELDS:  # a fixed order, whatever the caller's
        if f.name not in changes:
            continue
        new = _clean(f.name, changes[f.name], document)
        old = getattr(document, f.name)
        if (old.pk if isinstance(old, DocumentType) else old) != (new.pk if isinstance(new, DocumentType) else new):
            diffs.append((f.name, old, new))
    if not diffs:
        raise Refused(DocumentError.METADATA_NOTHING_CHANGED)
    if any(name == "secrecy" for name, _, _ in diffs) and not may_change_secrecy(actor, document):
        raise Forbidden(DocumentError.METADATA_SECRECY_LEADER_ONLY)
    now = timezone.now()
    for name, _, new in diffs:
        setattr(document, name, new)
    document.save(update_fields=[name for name, _, _ in diffs])
    rows = MetadataChange.objects.bulk_create([
        MetadataChange(document=document, field=name, old=shown_value(name, old), new=shown_value(name, new),
                       reason=reason, by=actor, at=now)
        for name, old, new in diffs
    ])
    audit_record(action=AuditAction.DOCUMENT_METADATA_EDIT, actor=actor, organization=document.organization,
                 obj=document, data={"reason": reason,
                                     "changes": {name: {"old": _raw(old), "new": _raw(new)} for name, old, new in diffs}})
    document_index_enqueue(document=document)  # the new subject, symbol, issuer… must be searchable
    return rows


def search_export_record(*, actor, organization_id: int | None, file_format: str, rows: int, columns: list[str],
                         sort: str, params: dict[str, str]) -> None:
    """Audit that `actor` took away `rows` search results as a `file_format` file."""
    with transaction.atomic():
        organization = Organization.objects.filter(pk=organization_id).first() if organization_id else None
        audit_record(action=AuditAction.SEARCH_EXPORT, actor=actor, organization=organization,
                     data={"format": file_format, "rows": rows, "columns": columns, "sort": sort, "params": params})

