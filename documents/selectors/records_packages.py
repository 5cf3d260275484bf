"""Reads for records packages: the hồ sơ a person may export."""

from django.http import Http404

from documents.models.records import RecordFile


def record_file_for_package(*, user, pk: int) -> RecordFile:
    """The hồ sơ `pk` if `user` may see it (the one rule, RecordFile.objects.visible_to); 404 otherwise."""
    record = RecordFile.objects.visible_to(user).select_related("organization", "owner").filter(pk=pk).first()
    if record is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return record
