"""Reading the yearly file catalogue (danh mục hồ sơ): who sees which catalogue, its rows with their
heading numbers, its closing summary, and the rows a person opens work files from.

An approved catalogue is sent to every unit and person of the organization (Điều 28): every member
reads it. A draft is read by those who draw it up or keep the records: clerks, leaders, archivists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from documents.errors import CatalogueError
from documents.models import CatalogueEntry, FileCatalogue
from documents.models.records import PERMANENT
from documents.services.records.catalogue import DRAFTER_ROLES, HEAD_ROLES
from qlvb.access import memberships
from qlvb.errors import NotFound
from qlvb.models import Role

DRAFT_READER_ROLES = {Role.CLERK, Role.LEADER, Role.ARCHIVIST}
Kind = CatalogueEntry.Kind


def catalogue_list(*, user) -> QuerySet[FileCatalogue]:
    """The catalogues of the person's organizations they may read, latest year first."""
    approved = Q(state=FileCatalogue.State.APPROVED)
    member_of, drafts_of = set(), set()
    for m in memberships(user):
        member_of.add(m.organization_id)
        if m.role_set & DRAFT_READER_ROLES:
            drafts_of.add(m.organization_id)
    return (FileCatalogue.objects.filter((approved & Q(organization_id__in=member_of))
                                         | Q(organization_id__in=drafts_of))
            .annotate(files=Count("entries", filter=Q(entries__kind=Kind.FILE)))
            .select_related("organization", "approved_by").order_by("organization__name", "-year"))


def catalogue_get(*, user, pk: int) -> FileCatalogue:
    catalogue = catalogue_list(user=user).filter(pk=pk).first()
    if catalogue is None:
        raise NotFound(CatalogueError.NOT_FOUND)
    return catalogue


@dataclass
class CatalogueRights:
    edit: bool
    approve: bool
    reopen: bool


def catalogue_rights(*, user, catalogue: FileCatalogue) -> CatalogueRights:
    """What the person may do to the catalogue now (the services check it again)."""
    roles = set()
    for m in memberships(user).filter(organization_id=catalogue.organization_id):
        roles |= m.role_set
    draft = catalogue.state == FileCatalogue.State.DRAFT
    head = bool(roles & set(HEAD_ROLES))
    return CatalogueRights(edit=draft and bool(roles & set(DRAFTER_ROLES)), approve=draft and head,
                           reopen=not draft and head)


def drafting_organizations(*, user) -> list:
    """The organizations whose catalogues the person may draw up."""
    return [m.organization for m in memberships(user) if m.role_set & set(DRAFTER_ROLES)]


def roman(number: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


@dataclass
class CatalogueRow:
    entry: CatalogueEntry
    number: str  # "I", "II" for a main heading, "1", "2" for a sub-heading, "" for a file row

    @property
    def heading_text(self) -> str:
        """What column (2) prints: "I. TỔNG HỢP", "1. Công tác chung", or the file's title."""
        return f"{self.number}. {self.entry.title}" if self.number else self.entry.title

    @property
    def responsible(self) -> str:
        """What column (4) prints: the text of the catalogue, else the person and the unit named."""
        entry = self.entry
        if entry.responsible_text:
            return entry.responsible_text
        parts = [str(entry.responsible_user) if entry.responsible_user else "",
                 entry.responsible_unit.abbreviation if entry.responsible_unit else ""]
        return " - ".join(p for p in parts if p)


def catalogue_rows(catalogue: FileCatalogue) -> list[CatalogueRow]:
    """The rows in their printed order, headings numbered."""
    rows, main, sub = [], 0, 0
    for entry in catalogue.entries.select_related("responsible_user", "responsible_unit").order_by("position"):
        if entry.kind == Kind.HEADING:
            main, sub = main + 1, 0
            number = roman(main)
        elif entry.kind == Kind.SUBHEADING:
            sub += 1
            number = str(sub)
        else:
            number = ""
        rows.append(CatalogueRow(entry, number))
    return rows


@dataclass
class CatalogueSummary:
    files: int
    permanent: int
    limited: int


def catalogue_summary(catalogue: FileCatalogue) -> CatalogueSummary:
    """The closing lines of the form: how many hồ sơ, how many kept for ever, how many for a time."""
    files = catalogue.entries.filter(kind=Kind.FILE)
    permanent = files.filter(retention_years=PERMANENT).count()
    total = files.count()
    return CatalogueSummary(files=total, permanent=permanent, limited=total - permanent)


def catalogue_entries_to_open(*, user, year: int) -> QuerySet[CatalogueEntry]:
    """The file rows of the approved catalogues of the person's organizations for `year`: those
    assigned to the person first, then those of their unit, then the rest, each in catalogue order."""
    mine = list(memberships(user))
    units = [m.unit_id for m in mine if m.unit_id]
    return (CatalogueEntry.objects
            .filter(kind=Kind.FILE, catalogue__year=year, catalogue__state=FileCatalogue.State.APPROVED,
                    catalogue__organization_id__in=[m.organization_id for m in mine])
            .annotate(closeness=Case(When(responsible_user=user, then=Value(0)),
                                     When(responsible_unit_id__in=units, then=Value(1)),
                                     default=Value(2), output_field=IntegerField()))
            .select_related("catalogue__organization", "responsible_user", "responsible_unit")
            .order_by("closeness", "catalogue__organization__name", "position"))
