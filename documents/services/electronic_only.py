"""Keeping the e-only catalogue (danh mục văn bản điện tử, 775/VPCP-KSTT): an organization's
administrators decide which types travel only electronically, and confirm the starting set."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import DocumentType, ElectronicOnlyEntry
from documents.selectors.electronic_only import is_electronic_only
from qlvb.access import require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.models import Organization, Role
from qlvb.services.audit import audit_record

NOTE_MAX = 500


@transaction.atomic
def electronic_only_entry_update(*, actor, organization: Organization, document_type: DocumentType,
                                 electronic_only: bool, reviewed: bool, note: str = "") -> ElectronicOnlyEntry:
    """Set whether `document_type` goes only electronically for `organization`, and whether the line
    is reviewed ("cần rà soát" until it is). Every change is in the audit log, before and after."""
    require_role(actor, organization, Role.ADMIN, message=DocumentError.NOT_AN_ADMIN_FOR_ELECTRONIC_ONLY)
    if document_type.group == DocumentType.Group.COPY:
        raise Refused(DocumentError.COPY_OUTSIDE_ELECTRONIC_ONLY)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise Refused(DocumentError.ELECTRONIC_ONLY_NOTE_TOO_LONG)
    entry = (ElectronicOnlyEntry.objects.select_for_update()
             .filter(organization=organization, document_type=document_type).first())
    before = ({"electronic_only": entry.electronic_only, "needs_review": entry.needs_review, "note": entry.note}
              if entry else {"electronic_only": is_electronic_only(organization=organization,
                                                                   document_type=document_type),
                             "needs_review": document_type.electronic_only, "note": ""})
    if entry is None:
        entry = ElectronicOnlyEntry(organization=organization, document_type=document_type)
    entry.electronic_only, entry.needs_review, entry.note = bool(electronic_only), not reviewed, note
    entry.changed_by, entry.changed_at = actor, timezone.now()
    entry.save()
    after = {"electronic_only": entry.electronic_only, "needs_review": entry.needs_review, "note": entry.note}
    audit_record(action=AuditAction.ELECTRONIC_ONLY_CHANGE, actor=actor, organization=organization, obj=entry,
                 data={"type": document_type.code, "before": before, "after": after})
    return entry
