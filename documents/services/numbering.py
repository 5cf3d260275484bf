"""Number assignment (cấp số) and symbol composition (ký hiệu).

Numbers run per register, and a register covers one calendar year, so they start at 01 on
1 January. The register row is the counter: it is locked with SELECT ... FOR UPDATE inside the
caller's transaction, so a number is unique, and if the transaction rolls back the number is
given back — there are no gaps.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import DocumentType, Register
from qlvb.errors import NotConfigured


class NoRegisterError(NotConfigured):
    """No active register covers this document; the admin must open one."""


def register_for(
    *, organization, direction: str, document_type: DocumentType, secret: bool = False, year: int | None = None
) -> Register:
    """The register a document of this type goes in: one that lists the type, else the catch-all.

    When the year has no register yet, it is opened from last year's of the same name, so
    numbering restarts at 01 on 1 January without anyone having to act.
    """
    year = year or timezone.localdate().year
    base = Register.objects.filter(
        organization=organization, direction=direction, is_secret=secret, is_active=True
    )
    for candidate_year in (year, year - 1):
        regs = base.filter(year=candidate_year)
        register = regs.filter(document_types=document_type).first() or regs.filter(document_types=None).first()
        if register is None:
            continue
        if candidate_year == year:
            return register
        return _open_for_year(register, year)
    raise NoRegisterError(DocumentError.NO_SECRET_REGISTER if secret else DocumentError.NO_REGISTER,
                          document_type=document_type.name, year=year)


@transaction.atomic
def _open_for_year(previous: Register, year: int) -> Register:
    register, created = Register.objects.get_or_create(
        organization=previous.organization, direction=previous.direction, year=year, name=previous.name,
        defaults={"is_secret": previous.is_secret},
    )
    if created:
        register.document_types.set(previous.document_types.all())
    return register


def number_assign(*, register: Register) -> int:
    """Take the next number of `register`. Call inside the transaction that stores it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_assign must run inside the transaction that uses the number")
    locked = Register.objects.select_for_update().only("id", "last_number").get(pk=register.pk)
    number = locked.last_number + 1
    Register.objects.filter(pk=locked.pk).update(last_number=number)
    register.last_number = number
    return number


def format_number(number: int) -> str:
    """Two digits minimum: 01, 02, … 10, 807."""
    return f"{number:02d}"


def symbol_compose(
    *,
    number: int,
    organization_short: str,
    type_abbreviation: str = "",
    unit_abbreviation: str = "",
    year: int | None = None,
) -> str:
    """Số, ký hiệu per Nghị định 30, Phụ lục I: `15/QĐ-BNV`; công văn `807/VPCP-KSTT`.

    A named type: number/TYPE-AGENCY. Công văn (no type abbreviation): number/AGENCY-UNIT.
    Legal normative documents carry the year: `30/2020/NĐ-CP`. Groups are joined by "-" with no
    spaces.
    """
    groups = [type_abbreviation, organization_short] if type_abbreviation else [organization_short, unit_abbreviation]
    groups = [g.strip().replace(" ", "") for g in groups if g and g.strip()]
    if not groups:
        raise ValueError("a symbol needs at least the organization's abbreviation")
    middle = f"/{year}" if year else ""
    return f"{format_number(number)}{middle}/{'-'.join(groups)}"
