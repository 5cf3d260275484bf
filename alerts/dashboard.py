"""Figures of the admins' dashboard: today and the last 30 days, per organization and unit.

Per day: documents sent and received electronically, send and receive errors, the backlog at
the end of the day, the median time from arrival to registration and from sending to the
recipient's first status.

Like the KPIs, these are figures of organizations for their admins: they count documents, rows of
the exchange and times — operational facts — and read no document's content.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min

from documents.literals import Direction
from documents.models import Document
from interchange.models import Inbound, MessageKind, Outbound, StatusEvent
from qlvb.models import Organization

from . import selectors
from .deadlines import Deadlines, day_start, local_date

ELECTRONIC = [Document.Source.AXIS, Document.Source.INTERNAL]


@dataclass
class DayFigures:
    day: dt.date
    sent: int = 0
    received: int = 0
    send_errors: int = 0
    receive_errors: int = 0
    backlog: int = 0
    register_hours: list[float] = field(default_factory=list)
    first_status_minutes: list[float] = field(default_factory=list)

    @property
    def median_register_hours(self) -> float | None:
        return round(statistics.median(self.register_hours), 1) if self.register_hours else None

    @property
    def median_first_status_minutes(self) -> float | None:
        return round(statistics.median(self.first_status_minutes), 1) if self.first_status_minutes else None


def daily_figures(*, org_ids: set[int], now: dt.datetime, days: int = 30) -> list[DayFigures]:
    today = local_date(now)
    first = today - dt.timedelta(days=days - 1)
    start = day_start(first)
    table = {first + dt.timedelta(days=i): DayFigures(first + dt.timedelta(days=i)) for i in range(days)}

    def bucket(moment: dt.datetime | None) -> DayFigures | None:
        return table.get(local_date(moment)) if moment else None

    sent = Outbound.objects.filter(kind=MessageKind.EDOC, organization_id__in=org_ids, sent_at__gte=start)
    for sent_at in sent.values_list("sent_at", flat=True):
        if (b := bucket(sent_at)) is not None:
            b.sent += 1
    internal = Document.objects.filter(source=Document.Source.INTERNAL, received_at__gte=start,
                                       delivery__document__organization_id__in=org_ids)
    for received_at in internal.values_list("received_at", flat=True):
        if (b := bucket(received_at)) is not None:
            b.sent += 1
    failed = Outbound.objects.filter(organization_id__in=org_ids, state=Outbound.State.FAILED, created_at__gte=start)
    for created_at in failed.values_list("created_at", flat=True):
        if (b := bucket(created_at)) is not None:
            b.send_errors += 1
    organ_ids = selectors.organ_ids_of(org_ids)
    for received_at in Inbound.objects.filter(state=Inbound.State.FAILED, to_organ_id__in=organ_ids,
                                              received_at__gte=start).values_list("received_at", flat=True):
        if (b := bucket(received_at)) is not None:
            b.receive_errors += 1

    deadlines = Deadlines()
    incoming = Document.objects.filter(direction=Direction.INCOMING, organization_id__in=org_ids,
                                       received_at__gte=start - dt.timedelta(days=7))
    # The backlog as it stood at the end of each day (today: now).
    day_ends = {d: min(day_start(d + dt.timedelta(days=1)), now) for d in table}
    rows = incoming.values_list("source", "received_at", "registered_at", "urgency", "state")
    for source, received_at, registered_at, urgency, state in rows:
        b = bucket(received_at)
        if b is not None and source in ELECTRONIC:
            b.received += 1
        if registered_at and (rb := bucket(registered_at)) is not None:
            rb.register_hours.append((registered_at - received_at).total_seconds() / 3600)
        if state == Document.State.REJECTED:
            continue
        due = deadlines.register_by(received_at, urgency)
        for d, end in day_ends.items():
            if due < end and (registered_at is None or registered_at > end):
                table[d].backlog += 1

    firsts = (StatusEvent.objects.filter(recipient__outbound__organization_id__in=org_ids,
                                         recipient__outbound__sent_at__gte=start)
              .values("recipient_id", "recipient__outbound__sent_at").annotate(first=Min("received_at")))
    for row in firsts:
        sent_at = row["recipient__outbound__sent_at"]
        if (b := bucket(sent_at)) is not None and row["first"] >= sent_at:
            b.first_status_minutes.append((row["first"] - sent_at).total_seconds() / 60)
    return [table[d] for d in sorted(table)]


@dataclass
class BreakdownRow:
    label: str
    organization_id: int | None = None
    unit_id: int | None = None
    sent: int = 0
    received: int = 0
    errors: int = 0
    backlog: int = 0
    register_hours: list[float] = field(default_factory=list)

    @property
    def median_register_hours(self) -> float | None:
        return round(statistics.median(self.register_hours), 1) if self.register_hours else None


def organization_breakdown(*, org_ids: set[int], now: dt.datetime, days: int = 30) -> list[BreakdownRow]:
    """The last `days` days per organization; the backlog as it stands now."""
    start = day_start(local_date(now) - dt.timedelta(days=days - 1))
    rows = {o.pk: BreakdownRow(label=o.name, organization_id=o.pk)
            for o in Organization.objects.filter(pk__in=org_ids).order_by("name")}
    for r in Outbound.objects.filter(kind=MessageKind.EDOC, organization_id__in=org_ids, sent_at__gte=start) \
            .values("organization_id").annotate(n=Count("id")):
        rows[r["organization_id"]].sent += r["n"]
    for r in Outbound.objects.filter(organization_id__in=org_ids, state=Outbound.State.FAILED,
                                     created_at__gte=start).values("organization_id").annotate(n=Count("id")):
        rows[r["organization_id"]].errors += r["n"]
    received = Document.objects.filter(direction=Direction.INCOMING, organization_id__in=org_ids,
                                       received_at__gte=start)
    for org_id, source, received_at, registered_at in received.values_list(
            "organization_id", "source", "received_at", "registered_at"):
        if source in ELECTRONIC:
            rows[org_id].received += 1
        if registered_at:
            rows[org_id].register_hours.append((registered_at - received_at).total_seconds() / 3600)
    for document, _ in selectors.backlog_documents(now=now, org_ids=org_ids):
        rows[document.organization_id].backlog += 1
    return list(rows.values())


def unit_breakdown(*, organization: Organization, now: dt.datetime, days: int = 30) -> list[BreakdownRow]:
    """Per unit of one organization: outgoing documents sent by the drafting unit, incoming ones
    held by the unit, send errors of the unit's documents."""
    start = day_start(local_date(now) - dt.timedelta(days=days - 1))
    rows: dict[int | None, BreakdownRow] = defaultdict(lambda: BreakdownRow(label="Chưa xác định đơn vị"))
    for unit in organization.units.filter(is_active=True).order_by("name"):
        rows[unit.pk] = BreakdownRow(label=unit.name, unit_id=unit.pk)
    for r in Outbound.objects.filter(kind=MessageKind.EDOC, organization=organization, sent_at__gte=start) \
            .values("document__unit_id").annotate(n=Count("id")):
        rows[r["document__unit_id"]].sent += r["n"]
    for r in Outbound.objects.filter(organization=organization, state=Outbound.State.FAILED, created_at__gte=start) \
            .values("document__unit_id").annotate(n=Count("id")):
        rows[r["document__unit_id"]].errors += r["n"]
    for r in Document.objects.filter(direction=Direction.INCOMING, organization=organization, source__in=ELECTRONIC,
                                     received_at__gte=start).values("unit_id").annotate(n=Count("id")):
        rows[r["unit_id"]].received += r["n"]
    return [r for key, r in rows.items() if key is not None or r.sent or r.received or r.errors]
