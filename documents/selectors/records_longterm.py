"""Reads of the long-term proofs (PAdES B-LTA) of archived hồ sơ."""

from __future__ import annotations

from datetime import datetime

from documents.models import DocumentFile, LongTermProof, RecordFile
from signatures.services.files import file_bytes

PDF_MAGIC = b"%PDF-"


def _is_signed_pdf(document_file: DocumentFile) -> bool:
    """A PDF carrying a signature field with a value (a /ByteRange): cheap, read before any parsing."""
    try:
        data = file_bytes(document_file)
    except (OSError, ValueError):
        return False
    return PDF_MAGIC in data[:1024] and b"/ByteRange" in data


def record_current_files(*, record: RecordFile) -> list[DocumentFile]:
    """The newest version of every file of the documents of ``record`` (no version replaces it)."""
    document_ids = record.items.exclude(document=None).values_list("document_id", flat=True)
    return list(
        DocumentFile.objects.filter(document_id__in=document_ids, versions__isnull=True)
        .select_related("document").order_by("document_id", "id")
    )


def record_signed_files_without_proof(*, record: RecordFile) -> list[DocumentFile]:
    """The newest versions of ``record``'s files that are signed PDFs and carry no long-term proof yet."""
    return [
        f for f in record_current_files(record=record)
        if not LongTermProof.objects.filter(file=f).exists() and _is_signed_pdf(f)
    ]


def longterm_proofs_due(*, until: datetime) -> list[LongTermProof]:
    """The newest proof of each chain whose archive timestamp's authority certificate expires by ``until``."""
    return list(
        LongTermProof.objects.filter(renewal__isnull=True, tsa_valid_until__lte=until)
        .select_related("record__organization", "file__document").order_by("tsa_valid_until", "pk")
    )


def longterm_proof_for_file(*, document_file: DocumentFile) -> LongTermProof | None:
    """The proof ``document_file`` carries (it is a B-LTA version), if any."""
    return LongTermProof.objects.filter(file=document_file).select_related("renewal").first()
