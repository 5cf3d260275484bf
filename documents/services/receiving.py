"""What a package from the axis means for our documents: the exchange's receiver, registered in
DocumentsConfig.ready().

New documents, updates and replacements become incoming documents (an update or a replacement
is linked to the document it changes); a revoke, or a status 13, asks to take one back.
"""

from __future__ import annotations

from documents.models import Document, DocumentFile
from documents.selectors.documents import document_current_files
from documents.services.incoming.recall import (
    incoming_for_sender_document,
    incoming_recall_request,
    link_to_original,
)
from documents.services.incoming.receive import incoming_receive_from_axis
from interchange import edxml
from interchange.receivers import Arrival, RecallRequest


class DocumentsReceiver:
    """The documents side of the exchange (interchange.receivers.Receiver)."""

    def receive(self, arrival: Arrival) -> Document | None:
        inbound, message, business_type = arrival.inbound, arrival.message, arrival.business_type
        business = message.business
        replaced = business.replacements[0].document_id if business and business.replacements else None
        target_id = replaced or (business.document_id if business else None) or message.document_id or ""
        if business_type == edxml.BusinessDocType.REVOKE:
            original = incoming_for_sender_document(organization_organ_id=inbound.to_organ_id, external_id=target_id)
            if original is not None:
                reason = (business.doc_reason if business else "") or ""
                return incoming_recall_request(document=original, reason=reason)
            return None
        document = incoming_receive_from_axis(inbound=inbound, message=message)
        if business_type in (edxml.BusinessDocType.UPDATE, edxml.BusinessDocType.REPLACE):
            relation = "update" if business_type == edxml.BusinessDocType.UPDATE else "replace"
            link_to_original(document=document, original_external_id=target_id, relation=relation)
        return document

    def recall_requested(self, request: RecallRequest) -> Document | None:
        document = incoming_for_sender_document(organization_organ_id=request.inbound.to_organ_id,
                                                external_id=request.message.response_for.document_id or "")
        if document is None:
            return None
        incoming_recall_request(document=document, reason=request.message.description or "")
        return document

    def outgoing_files(self, document: Document) -> list[DocumentFile]:
        return document_current_files(document)
