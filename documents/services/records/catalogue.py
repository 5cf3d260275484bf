"""The yearly file catalogue (danh mục hồ sơ, NĐ30 Điều 28, Phụ lục V I–II): drawn up by the
organization's clerks and leaders, row by row, copied from last year or imported from a sheet;
approved by its head with the decision that issues it; then read-only, unless the head reopens it.

Rows are kept in their printed order (`position`). Headings carry no number: the Roman numerals
of the main headings and the Arabic ones of the sub-headings follow from the order
(`documents.selectors.records_catalogue.catalogue_rows`), so moving a row never leaves a gap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from documents.errors import CatalogueError
from documents.models import CatalogueEntry, FileCatalogue
from documents.models.records import PERMANENT
from qlvb.access import require_role
from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused
from qlvb.models import Membership, Role, Unit, User
from qlvb.services.audit import audit_record

DRAFTER_ROLES = (Role.CLERK, Role.LEADER)  # văn thư / bộ phận hành chính, and the leaders
HEAD_ROLES = (Role.LEADER,)
FIRST_YEAR = 1945
CODE_MAX, TITLE_MAX, RESPONSIBLE_MAX, NOTES_MAX = 60, 1000, 200, 2000
_RENUMBER_OFFSET = 1_000_000  # positions are unique: shift them out of the way before renumbering
Kind = CatalogueEntry.Kind


# --- the texts of a row --------------------------------------------------------------------------

_PERMANENT_WORDS = {"vĩnh viễn", "vinh vien", "vv"}
_YEARS = re.compile(r"^(\d{1,3})\s*(?:năm|nam)?$")
_MAIN_NUMBER = re.compile(r"^[IVXLCDM]+\s*[.)]\s+")
_SUB_NUMBER = re.compile(r"^\d{1,3}\s*[.)]\s+")


def retention_parse(text) -> int:
    """'Vĩnh viễn' (or VV) → PERMANENT (0); '10 năm', '10' → 10. Refused for anything else."""
    value = " ".join(str(text if text is not None else "").split()).strip().casefold().rstrip(".")
    if not value:
        raise Refused(CatalogueError.RETENTION_REQUIRED)
    if value in _PERMANENT_WORDS:
        return PERMANENT
    match = _YEARS.match(value)
    if match and 0 < int(match.group(1)) <= 200:
        return int(match.group(1))
    raise Refused(CatalogueError.RETENTION_UNKNOWN, text=str(text).strip()[:40])


def responsible_match(organization, text: str) -> tuple[Unit | None, User | None]:
    """The unit and the person a catalogue's "Người lập hồ sơ" names, when they have accounts: the
    whole text, or any of its parts split at "-", "/", ",", "(", ")", as a unit's abbreviation or
    name, or a member's full name or user name. A person's unit comes with them."""
    text = " ".join((text or "").split())
    if not text:
        return None, None
    parts = [text] + [p.strip() for p in re.split(r"\s[-–]\s|[/,;()]", text) if p.strip()]
    units = list(Unit.objects.filter(organization=organization, is_active=True))
    members = list(Membership.objects.filter(organization=organization, is_active=True, user__is_active=True)
                   .select_related("user", "unit"))
    unit = user = None
    for part in parts:
        key = part.casefold()
        unit = unit or next((u for u in units if key in {u.abbreviation.casefold(), u.name.casefold()}), None)
        if user is None:
            found = next((m for m in members if key in {m.user.full_name.casefold(), m.user.username.casefold()}),
                         None)
            if found is not None:
                user, unit = found.user, unit or found.unit
    return unit, user


# --- rules ---------------------------------------------------------------------------------------

def _require_drafter(actor, catalogue_or_org) -> None:
    organization = getattr(catalogue_or_org, "organization", catalogue_or_org)
    require_role(actor, organization, *DRAFTER_ROLES, message=CatalogueError.NOT_A_DRAFTER)


def _require_head(actor, catalogue) -> None:
    require_role(actor, catalogue.organization, *HEAD_ROLES, message=CatalogueError.NOT_THE_HEAD)


def _locked(catalogue) -> FileCatalogue:
    return FileCatalogue.objects.select_for_update().select_related("organization").get(pk=catalogue.pk)


def _require_draft(catalogue) -> None:
    if catalogue.state != FileCatalogue.State.DRAFT:
        raise Refused(CatalogueError.NOT_A_DRAFT, year=catalogue.year)


def _editable(actor, catalogue) -> FileCatalogue:
    catalogue = _locked(catalogue)
    _require_drafter(actor, catalogue)
    _require_draft(catalogue)
    return catalogue


@dataclass
class EntryFields:
    """What a row says, before it is checked against its catalogue."""

    kind: str
    title: str
    code: str = ""
    retention_years: int | None = None
    responsible_unit: Unit | None = None
    responsible_user: User | None = None
    responsible_text: str = ""
    notes: str = ""

    def cleaned(self, catalogue, *, exclude_pk=None) -> dict:
        """The fields to store; Refused when a rule of a row is broken."""
        title, code = " ".join((self.title or "").split()), (self.code or "").strip()
        text, notes = " ".join((self.responsible_text or "").split()), (self.notes or "").strip()
        if not title:
            raise Refused(CatalogueError.TITLE_REQUIRED)
        for label, value, limit in (("Tiêu đề", title, TITLE_MAX), ("Số và ký hiệu hồ sơ", code, CODE_MAX),
                                    ("Người lập hồ sơ", text, RESPONSIBLE_MAX), ("Ghi chú", notes, NOTES_MAX)):
            if len(value) > limit:
                raise Refused(CatalogueError.TOO_LONG, field=label, limit=limit)
        if self.kind != Kind.FILE:
            # The number follows from the order: "II. VĂN HÓA" typed by hand is stored as "VĂN HÓA".
            numbered = _MAIN_NUMBER if self.kind == Kind.HEADING else _SUB_NUMBER
            title = numbered.sub("", title, count=1) or title
            if code or self.retention_years is not None or text or self.responsible_user or self.responsible_unit:
                raise Refused(CatalogueError.HEADING_HAS_FILE_FIELDS)
            return {"kind": self.kind, "title": title, "code": "", "retention_years": None, "responsible_text": "",
                    "responsible_unit": None, "responsible_user": None, "notes": notes}
        if not code:
            raise Refused(CatalogueError.CODE_REQUIRED)
        if self.retention_years is None:
            raise Refused(CatalogueError.RETENTION_REQUIRED)
        same = catalogue.entries.filter(code__iexact=code).exclude(pk=exclude_pk)
        if same.exists():
            raise Refused(CatalogueError.CODE_DUPLICATE, code=code)
        organization = catalogue.organization
        unit, user = self.responsible_unit, self.responsible_user
        if unit is not None and unit.organization_id != organization.pk:
            raise Refused(CatalogueError.NOT_A_DRAFTER)  # a form never offers it: a forged request
        if user is not None and not Membership.objects.filter(user=user, organization=organization).exists():
            raise Refused(CatalogueError.NOT_A_DRAFTER)
        return {"kind": Kind.FILE, "title": title, "code": code, "retention_years": self.retention_years,
                "responsible_text": text, "responsible_unit": unit, "responsible_user": user, "notes": notes}


def _check_order(catalogue) -> None:
    """The first row is a main heading: file rows and sub-headings come under one."""
    first = catalogue.entries.order_by("position").first()
    if first is not None and first.kind != Kind.HEADING:
        raise Refused(CatalogueError.FILE_BEFORE_HEADING if first.kind == Kind.FILE
                      else CatalogueError.SUBHEADING_BEFORE_HEADING)


def _renumber(catalogue, ordered_ids: list[int]) -> None:
    """Positions 1..n in the order given (the unique positions moved aside first)."""
    from django.db.models import F

    catalogue.entries.update(position=F("position") + _RENUMBER_OFFSET)
    entries = [CatalogueEntry(pk=pk, position=i) for i, pk in enumerate(ordered_ids, start=1)]
    CatalogueEntry.objects.bulk_update(entries, ["position"])


def _row_data(entry: CatalogueEntry) -> dict:
    return {"kind": entry.kind, "code": entry.code, "title": entry.title, "retention_years": entry.retention_years,
            "responsible_text": entry.responsible_text, "responsible_unit": entry.responsible_unit_id,
            "responsible_user": entry.responsible_user_id, "notes": entry.notes, "position": entry.position}


def _copy_rows(source: FileCatalogue, target: FileCatalogue) -> int:
    rows = [CatalogueEntry(catalogue=target, position=e.position, kind=e.kind, code=e.code, title=e.title,
                           retention_years=e.retention_years, responsible_unit_id=e.responsible_unit_id,
                           responsible_user_id=e.responsible_user_id, responsible_text=e.responsible_text,
                           notes=e.notes)
            for e in source.entries.order_by("position")]
    CatalogueEntry.objects.bulk_create(rows)
    target.copied_from = source
    target.save(update_fields=["copied_from"])
    return len(rows)


def _previous(catalogue) -> FileCatalogue | None:
    """The latest earlier catalogue of the organization that has rows."""
    return (FileCatalogue.objects.filter(organization_id=catalogue.organization_id, year__lt=catalogue.year,
                                         entries__isnull=False)
            .distinct().order_by("-year").first())


# --- the catalogue -------------------------------------------------------------------------------

@transaction.atomic
def catalogue_create(*, actor, organization, year: int, copy_previous: bool = False) -> FileCatalogue:
    """A new draft catalogue of `organization` for `year`; with `copy_previous`, last year's rows."""
    _require_drafter(actor, organization)
    high = timezone.localdate().year + 1
    if not FIRST_YEAR <= int(year) <= high:
        raise Refused(CatalogueError.YEAR_OUT_OF_RANGE, low=FIRST_YEAR, high=high)
    if FileCatalogue.objects.filter(organization=organization, year=year).exists():
        raise Refused(CatalogueError.ALREADY_EXISTS, year=year)
    catalogue = FileCatalogue.objects.create(organization=organization, year=year, created_by=actor)
    audit_record(action=AuditAction.CATALOGUE_CREATE, actor=actor, organization=organization, obj=catalogue,
                 data={"year": year})
    if copy_previous:
        catalogue_copy_previous(actor=actor, catalogue=catalogue)
        catalogue.refresh_from_db()
    return catalogue


@transaction.atomic
def catalogue_copy_previous(*, actor, catalogue: FileCatalogue) -> int:
    """Fill an empty draft with every row of the organization's latest earlier catalogue (headings,
    codes, titles, retention, who is responsible, notes): the starting point of the new year."""
    catalogue = _editable(actor, catalogue)
    if catalogue.entries.exists():
        raise Refused(CatalogueError.NOT_EMPTY)
    source = _previous(catalogue)
    if source is None:
        raise Refused(CatalogueError.NO_PREVIOUS, year=catalogue.year)
    count = _copy_rows(source, catalogue)
    audit_record(action=AuditAction.CATALOGUE_COPY, actor=actor, organization=catalogue.organization, obj=catalogue,
                 data={"from_year": source.year, "from_id": source.pk, "rows": count})
    return count


@transaction.atomic
def catalogue_approve(*, actor, catalogue: FileCatalogue, decision: str, decision_date: dt.date | None
                      ) -> FileCatalogue:
    """The head approves the draft, with the decision that issues it: from then on read-only, and
    the rows are the ones every unit and person opens hồ sơ from."""
    catalogue = _locked(catalogue)
    _require_head(actor, catalogue)
    _require_draft(catalogue)
    decision = " ".join((decision or "").split())
    if not decision or decision_date is None:
        raise Refused(CatalogueError.DECISION_REQUIRED)
    if len(decision) > 200:
        raise Refused(CatalogueError.TOO_LONG, field="Số quyết định", limit=200)
    if not catalogue.entries.filter(kind=Kind.FILE).exists():
        raise Refused(CatalogueError.EMPTY)
    catalogue.state, catalogue.decision, catalogue.decision_date = FileCatalogue.State.APPROVED, decision, decision_date
    catalogue.approved_by, catalogue.approved_at = actor, timezone.now()
    catalogue.save(update_fields=["state", "decision", "decision_date", "approved_by", "approved_at"])
    audit_record(action=AuditAction.CATALOGUE_APPROVE, actor=actor, organization=catalogue.organization,
                 obj=catalogue, data={"year": catalogue.year, "decision": decision, "decision_date": decision_date,
                                      "files": catalogue.entries.filter(kind=Kind.FILE).count()})
    return catalogue


@transaction.atomic
def catalogue_reopen(*, actor, catalogue: FileCatalogue, reason: str) -> FileCatalogue:
    """The head takes an approved catalogue back to a draft to amend it, with the reason (audited,
    with the decision it had)."""
    catalogue = _locked(catalogue)
    _require_head(actor, catalogue)
    if catalogue.state != FileCatalogue.State.APPROVED:
        raise Refused(CatalogueError.NOT_APPROVED)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(CatalogueError.REOPEN_REASON_REQUIRED)
    if len(reason) > 1000:
        raise Refused(CatalogueError.TOO_LONG, field="Lý do", limit=1000)
    previous = {"decision": catalogue.decision, "decision_date": catalogue.decision_date,
                "approved_by": catalogue.approved_by_id, "approved_at": catalogue.approved_at}
    catalogue.state, catalogue.approved_by, catalogue.approved_at = FileCatalogue.State.DRAFT, None, None
    catalogue.save(update_fields=["state", "approved_by", "approved_at"])
    audit_record(action=AuditAction.CATALOGUE_REOPEN, actor=actor, organization=catalogue.organization,
                 obj=catalogue, data={"year": catalogue.year, "reason": reason, "was": previous})
    return catalogue


# --- its rows ------------------------------------------------------------------------------------

@transaction.atomic
def catalogue_entry_add(*, actor, catalogue: FileCatalogue, fields: EntryFields,
                        after: CatalogueEntry | None = None) -> CatalogueEntry:
    """A row at the end of the draft, or right after `after`."""
    catalogue = _editable(actor, catalogue)
    data = fields.cleaned(catalogue)
    ids = list(catalogue.entries.order_by("position").values_list("pk", flat=True))
    if after is not None and after.catalogue_id != catalogue.pk:
        after = None
    last = catalogue.entries.aggregate(last=Max("position"))["last"] or 0
    entry = CatalogueEntry.objects.create(catalogue=catalogue, position=last + _RENUMBER_OFFSET * 2, **data)
    ids.insert(ids.index(after.pk) + 1 if after is not None else len(ids), entry.pk)
    _renumber(catalogue, ids)
    _check_order(catalogue)
    entry.refresh_from_db()
    audit_record(action=AuditAction.CATALOGUE_ENTRY_ADD, actor=actor, organization=catalogue.organization,
                 obj=catalogue, data={"entry": entry.pk, "row": _row_data(entry)})
    return entry


@transaction.atomic
def catalogue_entry_change(*, actor, entry: CatalogueEntry, fields: EntryFields) -> CatalogueEntry:
    """A row of a draft rewritten (its kind stays what it was)."""
    catalogue = _editable(actor, entry.catalogue)
    entry = CatalogueEntry.objects.select_for_update().get(pk=entry.pk, catalogue=catalogue)
    fields.kind = entry.kind
    before = _row_data(entry)
    for name, value in fields.cleaned(catalogue, exclude_pk=entry.pk).items():
        setattr(entry, name, value)
    entry.save()
    after = _row_data(entry)
    audit_record(action=AuditAction.CATALOGUE_ENTRY_CHANGE, actor=actor, organization=catalogue.organization,
                 obj=catalogue, data={"entry": entry.pk, "before": before, "after": after})
    return entry


@transaction.atomic
def catalogue_entry_remove(*, actor, entry: CatalogueEntry) -> None:
    """A row taken out of a draft: never one that work files were opened from."""
    catalogue = _editable(actor, entry.catalogue)
    entry = CatalogueEntry.objects.select_for_update().get(pk=entry.pk, catalogue=catalogue)
    before = _row_data(entry)
    try:
        with transaction.atomic():
            entry.delete()
    except ProtectedError:
        raise Refused(CatalogueError.ENTRY_IN_USE, code=entry.code or entry.title[:40]) from None
    _renumber(catalogue, list(catalogue.entries.order_by("position").values_list("pk", flat=True)))
    _check_order(catalogue)
    audit_record(action=AuditAction.CATALOGUE_ENTRY_REMOVE, actor=actor, organization=catalogue.organization,
                 obj=catalogue, data={"entry": before | {"id": entry.pk}})


@transaction.atomic
def catalogue_entry_move(*, actor, entry: CatalogueEntry, up: bool) -> CatalogueEntry:
    """A row of a draft swapped with the one above (or below) it."""
    catalogue = _editable(actor, entry.catalogue)
    ids = list(catalogue.entries.order_by("position").values_list("pk", flat=True))
    index = ids.index(entry.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        _renumber(catalogue, ids)
        _check_order(catalogue)
        audit_record(action=AuditAction.CATALOGUE_ENTRY_MOVE, actor=actor, organization=catalogue.organization,
                     obj=catalogue, data={"entry": entry.pk, "from": index + 1, "to": other + 1})
    entry.refresh_from_db()
    return entry


@transaction.atomic
def catalogue_import_xlsx(*, actor, catalogue: FileCatalogue, content: bytes) -> int:
    """Replace every row of a draft by the rows of a sheet in the Phụ lục V layout. The sheet is read
    and checked whole before anything is written: a sheet with a problem changes nothing
    (`CatalogueSheetRefused` lists the problems, row by row). Returns the number of file rows."""
    from documents.services.records.catalogue_sheet import read_catalogue_sheet

    catalogue = _editable(actor, catalogue)
    rows = read_catalogue_sheet(content)
    organization = catalogue.organization
    replaced = catalogue.entries.count()
    try:
        with transaction.atomic():
            catalogue.entries.all().delete()
    except ProtectedError:
        used = catalogue.entries.filter(record_files__isnull=False).first()
        raise Refused(CatalogueError.ENTRY_IN_USE, code=used.code if used else "") from None
    entries = []
    for position, row in enumerate(rows, start=1):
        unit = user = None
        if row.kind == Kind.FILE:
            unit, user = responsible_match(organization, row.responsible_text)
        entries.append(CatalogueEntry(
            catalogue=catalogue, position=position, kind=row.kind, code=row.code, title=row.title,
            retention_years=row.retention_years, responsible_text=row.responsible_text, responsible_unit=unit,
            responsible_user=user, notes=row.notes))
    CatalogueEntry.objects.bulk_create(entries)
    files = sum(1 for e in entries if e.kind == Kind.FILE)
    audit_record(action=AuditAction.CATALOGUE_IMPORT, actor=actor, organization=organization, obj=catalogue,
                 data={"year": catalogue.year, "rows": len(entries), "files": files, "replaced_rows": replaced})
    return files
