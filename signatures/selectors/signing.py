"""Reads of the signatures made: the record of each signature added to a document's files."""

from django.db.models import QuerySet

from signatures.models import SignatureRecord


def signature_record_list(*, document) -> QuerySet[SignatureRecord]:
    return (
        SignatureRecord.objects.filter(document=document)
        .select_related("signer", "on_behalf_of", "certificate", "signed_file")
        .order_by("created_at", "id")
    )
