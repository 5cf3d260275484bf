"""Reads of the registers (sổ văn bản, Nghị định 30 Phụ lục IV): whose registers a person may open,
the books of an organization, and the documents of a register in register order.

- incoming (sổ đăng ký văn bản đến) and tracking (sổ theo dõi giải quyết văn bản đến): registered
  incoming documents by số đến;
- outgoing (sổ đăng ký văn bản đi): numbered outgoing documents.

Documents come from `documents.selectors.documents.document_list`, so a register shows only what the
user may see (a clerk or leader: the whole organization). The columns and the files are made in
`documents.exports.registers`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from documents.literals import Direction
from documents.models import Document, Register
from documents.selectors.documents import document_list
from documents.selectors.search import SearchFilters, document_filter
from qlvb.access import memberships
from qlvb.models import Organization

INCOMING, TRACKING, OUTGOING = "incoming", "tracking", "outgoing"
DIRECTIONS = {INCOMING: Direction.INCOMING, TRACKING: Direction.INCOMING, OUTGOING: Direction.OUTGOING}


@dataclass(frozen=True)
class RegisterFilters:
    """Which part of a register: organization, book (sổ), period, type, issuer, unit, state.

    The period is on the arrival date for incoming registers and the document date for outgoing.
    """

    organization_id: int | None = None
    register_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    document_type_id: int | None = None
    issuer: str = ""
    unit_id: int | None = None
    state: str = ""


def register_organizations(*, user) -> list[Organization]:
    """The organizations whose registers `user` may open: those they work in."""
    return [m.organization for m in memberships(user).order_by("pk")]


def register_books(*, organization: Organization, direction: str) -> QuerySet[Register]:
    return Register.objects.filter(organization=organization, direction=direction).order_by("-year", "is_secret",
                                                                                            "name")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def register_documents(*, user, kind: str, filters: RegisterFilters) -> QuerySet[Document]:
    """The documents of a register in register order (book, then number). Narrow: for the cells, pass
    them (or their ids) to `register_rows`, or let `register_sheet` read them all."""
    direction = DIRECTIONS[kind]
    qs = document_list(user=user, direction=direction, organization_id=filters.organization_id)
    qs = qs.filter(register_number__isnull=False)
    qs = document_filter(qs, SearchFilters(document_type_id=filters.document_type_id, issuer=filters.issuer,
                                           unit_id=filters.unit_id, state=filters.state))
    if filters.register_id:
        qs = qs.filter(register_id=filters.register_id)
    else:  # secret documents have their own book; it is printed on its own
        qs = qs.filter(register__is_secret=False)
    if direction == Direction.INCOMING:
        if filters.date_from:
            qs = qs.filter(received_at__gte=_day_start(filters.date_from))
        if filters.date_to:
            qs = qs.filter(received_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    else:
        if filters.date_from:
            qs = qs.filter(issued_on__gte=filters.date_from)
        if filters.date_to:
            qs = qs.filter(issued_on__lte=filters.date_to)
    return qs.select_related(None).order_by("register__year", "register__name", "register_number", "pk")
