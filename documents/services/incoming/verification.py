"""Check the signatures of an incoming document's files as soon as it arrives.

Every PDF is verified and the result kept per file version (the alerts read the invalid flag).
Under the reject policy (QLVB_INVALID_SIGNATURE_POLICY=reject) a document with an invalid
signature is returned to its sender at once with status 02 and the reason; under "warn" it stays
for the clerk, who sees the warning on the document.
"""

from __future__ import annotations

from django.db import transaction

from documents.models import Document
from documents.selectors.documents import document_current_files
from documents.services.incoming.statuses import sender_status_send
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from signatures.services import file_verify, rejection_reason


def incoming_signatures_check(*, document: Document) -> list:
    verifications = [file_verify(document_file=f) for f in document_current_files(document)
                     if f.content_type == "application/pdf" or f.name.lower().endswith(".pdf")]
    reason = next((r for r in (rejection_reason(v) for v in verifications) if r), None)
    if reason:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            if locked.state == Document.State.ARRIVED:
                locked.state = Document.State.REJECTED
                locked.rejection_reason = reason
                locked.save(update_fields=["state", "rejection_reason"])
                audit_record(action=AuditAction.INCOMING_REJECT, organization=locked.organization, obj=locked,
                             data={"reason": reason, "by": "signature policy"})
                sender_status_send(document=locked, code="02", description=reason)
    return verifications
