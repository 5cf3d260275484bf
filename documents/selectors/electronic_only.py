"""The e-only catalogue (danh mục văn bản điện tử, 775/VPCP-KSTT) as an organization sees it, and the
question the drafting rule asks: must this type travel electronically to this recipient?

An organization's own line (ElectronicOnlyEntry) decides; without one, the type's deployment-wide
`electronic_only` (the starting set) does, and a type of the starting set is "to review".
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.literals import Secrecy
from documents.models import DocumentType, ElectronicOnlyEntry
from qlvb.models import Organization


@dataclass
class CatalogueLine:
    document_type: DocumentType
    electronic_only: bool
    needs_review: bool
    entry: ElectronicOnlyEntry | None

    @property
    def group_label(self) -> str:
        return self.document_type.get_group_display()


def electronic_only_catalogue(*, organization: Organization) -> list[CatalogueLine]:
    """Every document type in use (copies are outside the catalogue), legal normative first."""
    entries = {e.document_type_id: e for e in ElectronicOnlyEntry.objects.filter(organization=organization)
               .select_related("changed_by")}
    types = (DocumentType.objects.filter(is_active=True).exclude(group=DocumentType.Group.COPY)
             .order_by("-group", "order", "name"))  # "legal" before "administrative"
    lines = []
    for t in types:
        e = entries.get(t.pk)
        lines.append(CatalogueLine(document_type=t, entry=e,
                                   electronic_only=e.electronic_only if e else t.electronic_only,
                                   needs_review=e.needs_review if e else t.electronic_only))
    return lines


def electronic_only_type_ids(*, organization: Organization) -> set[int]:
    """The ids of the types the organization sends only electronically."""
    own = dict(ElectronicOnlyEntry.objects.filter(organization=organization)
               .values_list("document_type_id", "electronic_only"))
    starting = set(DocumentType.objects.filter(electronic_only=True).values_list("pk", flat=True))
    return {pk for pk in starting if own.get(pk, True)} | {pk for pk, on in own.items() if on}


def is_electronic_only(*, organization: Organization, document_type: DocumentType, secrecy: int = 0) -> bool:
    """Whether the rule "no paper copy" applies. Secret documents are outside the catalogue: they
    never travel over the axis, and go on paper as before."""
    if secrecy > Secrecy.NONE or document_type.group == DocumentType.Group.COPY:
        return False
    entry = ElectronicOnlyEntry.objects.filter(organization=organization, document_type=document_type).first()
    return entry.electronic_only if entry else document_type.electronic_only


def reachable_electronically(organization: Organization | None) -> bool:
    """A recipient that can receive electronically: hosted here, or with an axis address (mã định danh).
    A paper-only line (a name with no organization) is not."""
    return organization is not None and (organization.hosted or bool(organization.organ_id))
