"""Reads of work files (hồ sơ công việc, NĐ30 Điều 29): the lists and the hồ sơ page, the catalogue
rows a person may open a hồ sơ from, the documents to file (suggestions, the picker), the review
before closing, and a filed document's mã hồ sơ (Phụ lục VI III.1.g).

Every read starts from the one rule: `RecordFile.objects.visible_to(user)` and
`Document.objects.visible_to(user)`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from documents.models.records import RecordFile, RecordItem


def record_files_for(*, user, year: int | None = None, state: str = "", mine: bool = False) -> QuerySet[RecordFile]:
    """The hồ sơ `user` may see: their own, their unit's (unit head), the organization's (clerk,
    leader), filtered by year and state."""
    qs = (RecordFile.objects.visible_to(user).select_related("owner", "unit", "organization")
          .order_by("-year", "code"))
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if mine:
        qs = qs.filter(owner=user)
    return qs


def record_years_for(*, user) -> list[int]:
    return sorted(set(RecordFile.objects.visible_to(user).values_list("year", flat=True)), reverse=True)


def record_file_for(*, user, pk: int) -> RecordFile | None:
    """The hồ sơ if `user` may see it, else None."""
    return (RecordFile.objects.visible_to(user).select_related("owner", "unit", "organization", "catalogue_entry")
            .filter(pk=pk).first())


def record_items(record: RecordFile) -> list[RecordItem]:
    return list(record.items.select_related("document", "document__organization", "added_by").order_by("ordinal"))
