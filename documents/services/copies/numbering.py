"""Numbers of the copies register (Sổ bản sao, Phụ lục I Phần II II.1.c): one series per
organization for every kind of copy, from 01 on 1 January to 31 December.

As for documents (documents.services.numbering), the register row is the counter, locked with
SELECT ... FOR UPDATE inside the transaction that stores the number: unique, and given back when
that transaction rolls back.
"""

from __future__ import annotations

from django.db import transaction

from documents.models import CopyRegister
from documents.services.numbering import format_number


def copy_number_assign(*, organization, year: int) -> tuple[CopyRegister, int]:
    """The copies register of ``year`` and its next number. Call inside the transaction that stores it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("copy_number_assign must run inside the transaction that uses the number")
    CopyRegister.objects.get_or_create(organization=organization, year=year)
    locked = CopyRegister.objects.select_for_update().get(organization=organization, year=year)
    locked.last_number += 1
    CopyRegister.objects.filter(pk=locked.pk).update(last_number=locked.last_number)
    return locked, locked.last_number


def copy_symbol_compose(*, number: int, form: str, organization_short: str) -> str:
    """``05/SY-UBND``: the number, the copy form's abbreviation (Phụ lục III) and the organization's."""
    return f"{format_number(number)}/{form}-{organization_short.strip().replace(' ', '')}"
