"""Reads of verification results: what checking a file version's signatures found."""

from django.db.models import QuerySet

from signatures.models import FileVerification


def file_verification_latest(*, document_file) -> FileVerification | None:
    """The most recent verification of this file version, or None if it was never checked."""
    return FileVerification.objects.filter(document_file=document_file).order_by("-checked_at", "-id").first()


def file_verification_list(*, document_file) -> QuerySet[FileVerification]:
    return FileVerification.objects.filter(document_file=document_file).order_by("-checked_at", "-id")
