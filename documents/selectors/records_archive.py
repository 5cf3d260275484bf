"""Reads of the organization's archive: what is due and late, the queue of submitted hồ sơ, the check
of a hồ sơ before acceptance, the catalogue of archived hồ sơ and the reading requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from documents.models.records import ARCHIVE_MIN_YEARS, PERMANENT, RecordFile
from documents.models.records_archive import ArchiveReadingRequest, ArchiveTransfer
from qlvb.access import membership, memberships
from qlvb.models import Role

DUE_SOON_DAYS = 30
# Submitted from here: closed, returned by the archive, or kept back at the unit (Điều 31.3.d).
SUBMITTABLE = (RecordFile.State.CLOSED, RecordFile.State.RETURNED, RecordFile.State.KEPT)
NOT_YET_SUBMITTED = (RecordFile.State.OPEN, RecordFile.State.CLOSED, RecordFile.State.RETURNED, RecordFile.State.KEPT)


def archive_due_on(record: RecordFile) -> dt.date | None:
    """The last day to submit the hồ sơ: the day it is kept back until, if the head approved that,
    else the legal date (Điều 30.2)."""
    if not record.goes_to_archive:
        return None
    return record.kept_until or record.submission_due_on


def due_candidates(records: QuerySet) -> QuerySet:
    """Hồ sơ going to the archive and not submitted yet."""
    return (records.filter(state__in=NOT_YET_SUBMITTED)
            .filter(Q(retention_years=PERMANENT) | Q(retention_years__gte=ARCHIVE_MIN_YEARS))
            .select_related("owner", "unit", "organization"))


def record_period(record: RecordFile) -> tuple[int, int]:
    """The years of its documents (thời gian tài liệu): from its start to the end of the work."""
    first = record.started_on.year if record.started_on else record.year
    ended = record.work_ended_on
    return first, max(first, ended.year if ended else record.year)


# --- scopes ------------------------------------------------------------------------------------------


def _orgs_with(user, *roles: str) -> list[int]:
    return [m.organization_id for m in memberships(user) if m.role_set & set(roles)]


def archive_organizations(user) -> list[int]:
    """Where the person sees the archive's queue: as archive staff or as a leader."""
    return _orgs_with(user, Role.ARCHIVIST, Role.LEADER)


def archivist_organizations(user) -> list[int]:
    return _orgs_with(user, Role.ARCHIVIST)


def leader_organizations(user) -> list[int]:
    return _orgs_with(user, Role.LEADER)


def member_organizations(user) -> list[int]:
    return [m.organization_id for m in memberships(user)]


def may_submit(user, record: RecordFile) -> bool:
    """The person who made the hồ sơ, or the head of its unit (for the unit's hồ sơ)."""
    m = membership(user, record.organization_id)
    if m is None:
        return False
    if record.owner_id == user.pk:
        return True
    return Role.UNIT_HEAD in m.role_set and record.unit_id is not None and m.unit_id == record.unit_id


# --- what is due -------------------------------------------------------------------------------------


@dataclass
class DueRow:
    record: RecordFile
    due_on: dt.date
    days: int  # days late (> 0) or days left (>= 0)
    may_open: bool = False
    may_submit: bool = False


@dataclass
class DueList:
    late: list[DueRow] = field(default_factory=list)
    soon: list[DueRow] = field(default_factory=list)
    later: list[DueRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.late) + len(self.soon) + len(self.later)


def _due_scope(user) -> Q:
    q = Q(owner=user)
    for m in memberships(user):
        roles = m.role_set
        if roles & {Role.LEADER, Role.ARCHIVIST}:
            q |= Q(organization_id=m.organization_id)
        elif Role.UNIT_HEAD in roles and m.unit_id:
            q |= Q(organization_id=m.organization_id, unit_id=m.unit_id)
    return q


def due_records(*, user, today: dt.date | None = None) -> DueList:
    """The hồ sơ the person answers for (their own; their unit's as its head; all the organization's
    as a leader or archive staff) that go to the archive: late, due within 30 days, and later."""
    today = today or timezone.localdate()
    result = DueList()
    if not getattr(user, "is_authenticated", False):
        return result
    for record in due_candidates(RecordFile.objects.filter(_due_scope(user))):
        due = archive_due_on(record)
        if due is None:
            continue
        if due < today:
            result.late.append(DueRow(record, due, (today - due).days))
        elif due <= today + dt.timedelta(days=DUE_SOON_DAYS):
            result.soon.append(DueRow(record, due, (due - today).days))
        else:
            result.later.append(DueRow(record, due, (due - today).days))
    rows = result.late + result.soon + result.later
    visible = set(RecordFile.objects.visible_to(user).filter(pk__in=[r.record.pk for r in rows])
                  .values_list("pk", flat=True))
    for row in rows:
        row.may_open = row.record.pk in visible
        row.may_submit = (row.may_open and row.record.state in SUBMITTABLE
                          and may_submit(user, row.record))
    for rows in (result.late, result.soon, result.later):
        rows.sort(key=lambda row: (row.due_on, row.record.code))
    return result


def submittable_records(*, user) -> QuerySet:
    """Closed (or returned) hồ sơ going to the archive that the person may submit."""
    q = Q(owner=user)
    for m in memberships(user):
        if Role.UNIT_HEAD in m.role_set and m.unit_id:
            q |= Q(organization_id=m.organization_id, unit_id=m.unit_id)
    return (RecordFile.objects.filter(q, organization_id__in=member_organizations(user),
                                      state__in=SUBMITTABLE)
            .filter(Q(retention_years=PERMANENT) | Q(retention_years__gte=ARCHIVE_MIN_YEARS))
            .order_by("-year", "code"))


# --- the check of a hồ sơ -------------------------------------------------------------------------------


@dataclass
class FileView:
    name: str
    size: int
    intact: bool
    pages: int
    url: str = ""


@dataclass
class ItemView:
    ordinal: int
    kind: str
    label: str  # số, ký hiệu and trích yếu, or the file's title
    date: dt.date | None
    document_id: int | None
    files: list[FileView]


@dataclass
class Inspection:
    items: list[ItemView]
    problems: list[str]

    @property
    def file_count(self) -> int:
        return sum(len(item.files) for item in self.items)

    @property
    def page_count(self) -> int:
        return sum(f.pages for item in self.items for f in item.files)


def _read(fieldfile) -> bytes | None:
    try:
        with fieldfile.open("rb") as fh:
            return fh.read()
    except (OSError, ValueError):
        return None


def _pages(data: bytes) -> int:
    if not data.startswith(b"%PDF"):
        return 0
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - a page count is a figure for the mục lục, not a check
        return 0


def record_inspection(record: RecordFile) -> Inspection:
    """What the archive checks before accepting a hồ sơ (Điều 31.3): its items, in order 1..n; every
    document with its files; every file intact (its content still has the hash stored with it); the
    index (each item has a title). Reads every file."""
    from django.urls import reverse

    from documents.selectors.documents import document_current_files

    items, problems = [], []
    rows = list(record.items.select_related("document").order_by("ordinal"))
    if not rows:
        problems.append("hồ sơ chưa có văn bản, tài liệu nào")
    for expected, item in enumerate(rows, start=1):
        if item.ordinal != expected:
            problems.append(f"số thứ tự không liên tục: có số {item.ordinal} ở vị trí {expected}")
            break
    for item in rows:
        files: list[FileView] = []
        if item.document_id:
            document = item.document
            label = " — ".join(x for x in (document.symbol, document.subject) if x)
            date = document.issued_on
            for stored in document_current_files(document):
                data = _read(stored.file)
                intact = data is not None and hashlib.sha256(data).hexdigest() == stored.sha256
                files.append(FileView(stored.name, stored.size, intact, _pages(data or b""),
                                      reverse("documents:file", args=[document.pk, stored.pk])))
            if not files:
                problems.append(f"văn bản số {item.ordinal} ({document.symbol or document.subject[:40]}) chưa có tệp")
        else:
            label, date = item.title, timezone.localdate(item.added_at) if item.added_at else None
            data = _read(item.file) if item.file else None
            intact = data is not None and (not item.sha256 or hashlib.sha256(data).hexdigest() == item.sha256)
            files.append(FileView(item.file_name or item.title, item.size or 0, intact, _pages(data or b"")))
        if not label.strip():
            problems.append(f"tài liệu số {item.ordinal} chưa có tên trong mục lục văn bản")
        for f in files:
            if not f.intact:
                problems.append(f"tệp {f.name} của tài liệu số {item.ordinal} không đọc được hoặc không khớp mã băm")
        items.append(ItemView(item.ordinal, item.get_kind_display(), label, date, item.document_id, files))
    return Inspection(items, problems)


# --- the queue and the transfers --------------------------------------------------------------------------


def archive_queue(*, user) -> QuerySet:
    """Transfers waiting for the archive, in the organizations where the person is archive staff or a leader."""
    return (ArchiveTransfer.objects.filter(organization_id__in=archive_organizations(user),
                                           state=ArchiveTransfer.State.SUBMITTED)
            .select_related("submitted_by", "submitted_unit", "organization").prefetch_related("items__record")
            .order_by("created_at", "id"))


def archive_history(*, user, limit: int = 50) -> list[ArchiveTransfer]:
    return list(ArchiveTransfer.objects.filter(organization_id__in=archive_organizations(user))
                .exclude(state=ArchiveTransfer.State.SUBMITTED)
                .select_related("submitted_by", "received_by").order_by("-created_at", "-id")[:limit])


def transfers_visible_to(user) -> QuerySet:
    """Archive staff and leaders: their organizations' transfers; others: those they submitted or that
    carry a hồ sơ they made."""
    if not getattr(user, "is_authenticated", False):
        return ArchiveTransfer.objects.none()
    members = member_organizations(user)
    return ArchiveTransfer.objects.filter(
        Q(organization_id__in=archive_organizations(user))
        | Q(organization_id__in=members, submitted_by=user)
        | Q(organization_id__in=members, items__record__owner=user)).distinct()


def transfer_get(*, user, pk: int) -> ArchiveTransfer:
    return get_object_or_404(transfers_visible_to(user).select_related("organization", "submitted_by",
                                                                       "received_by", "submitted_unit"), pk=pk)


def archive_record_get(*, user, pk: int) -> RecordFile:
    """A hồ sơ as the archive pages show it, under the one permission rule for hồ sơ."""
    return get_object_or_404(RecordFile.objects.visible_to(user).select_related("owner", "unit", "organization",
                                                                                "archived_by"), pk=pk)


def record_transfer_items(record: RecordFile) -> list:
    return list(record.archive_transfer_items.select_related("transfer", "decided_by").order_by("-transfer__created_at"))


# --- the catalogue of archived hồ sơ and the reading requests ----------------------------------------------


def archived_catalogue(*, user, query: str = "") -> QuerySet:
    """Mục lục hồ sơ lưu trữ: the archived hồ sơ of the person's organizations, metadata only (code,
    title, years, retention); reading one needs an approved request."""
    qs = RecordFile.objects.filter(organization_id__in=member_organizations(user), state=RecordFile.State.ARCHIVED)
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(title__icontains=query))
    return qs.select_related("organization").order_by("-year", "code")


def catalogue_record_get(*, user, pk: int) -> RecordFile:
    return get_object_or_404(archived_catalogue(user=user), pk=pk)


def reading_requests_mine(*, user) -> QuerySet:
    return (ArchiveReadingRequest.objects.filter(requester=user)
            .select_related("record", "decided_by").order_by("-created_at"))


def reading_requests_to_decide(*, user) -> QuerySet:
    return (ArchiveReadingRequest.objects.filter(organization_id__in=leader_organizations(user),
                                                 state=ArchiveReadingRequest.State.PENDING)
            .select_related("record", "requester").order_by("created_at"))


def reading_requests_log(*, user, limit: int = 200) -> list[ArchiveReadingRequest]:
    """Every reading request of the organizations where the person is archive staff or a leader."""
    return list(ArchiveReadingRequest.objects.filter(organization_id__in=archive_organizations(user))
                .select_related("record", "requester", "decided_by").order_by("-created_at")[:limit])


def reading_request_get(*, user, pk: int) -> ArchiveReadingRequest:
    return get_object_or_404(ArchiveReadingRequest.objects.filter(
        Q(organization_id__in=archive_organizations(user)) | Q(requester=user)).select_related("record", "requester"),
        pk=pk)


def has_reading_access(user, record: RecordFile) -> bool:
    return RecordFile.objects.visible_to(user).filter(pk=record.pk).exists()
