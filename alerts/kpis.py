"""Monthly KPIs of the BTTTT directive (seed 004), per organization and unit, against the target.

- Ký số: share of issued outgoing documents that were digitally signed (signed_at set).
- Đơn vị ký số: share of units issuing documents that signed at least one of them.
- Điện tử: share of documents exchanged electronically — received over the axis or inside the
  system (not on paper), and sent to recipients over the axis or inside the system.
- Vào sổ đúng hạn: share of received documents registered by the end of the next working day
  (urgent ones within the urgent threshold); one still waiting past its deadline counts as late.

Secret documents are left out: they never travel electronically (QĐ 28).

Each KPI is a figure of the organization (and its units), not of a person: it is read by the
organization's admins and those above (selectors.dashboard_organizations), who manage the system
without the right to read its documents. So it counts every document of the organization as an
operational fact — a count, by unit and month — and reads nothing of their content (subjects,
files); it is not narrowed by Document.objects.visible_to, which would count nothing for an admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from documents.literals import Direction
from documents.models import Document
from interchange.models import Recipient
from qlvb.models import Organization

from . import conf
from .deadlines import Deadlines, day_start

ISSUED = [Document.State.ISSUED, Document.State.DISPATCHED, Document.State.RECALLED]  # recalled: issued before
ELECTRONIC_SOURCES = [Document.Source.AXIS, Document.Source.INTERNAL]
ELECTRONIC_CHANNELS = [Recipient.Channel.AXIS, Recipient.Channel.INTERNAL]


@dataclass
class Ratio:
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> float | None:
        return None if not self.total else round(self.done * 100 / self.total, 1)

    @property
    def meets_target(self) -> bool | None:
        value = self.percent
        return None if value is None else value >= conf.get("KPI_TARGET_PERCENT")

    def add(self, ok: bool) -> None:
        self.total += 1
        self.done += int(ok)


@dataclass
class KpiRow:
    label: str
    unit_id: int | None = None
    signed: Ratio = field(default_factory=Ratio)
    electronic: Ratio = field(default_factory=Ratio)
    on_time: Ratio = field(default_factory=Ratio)

    @property
    def ratios(self) -> list[Ratio]:
        return [self.signed, self.electronic, self.on_time]

    @property
    def signs(self) -> bool:
        return self.signed.done > 0


@dataclass
class OrganizationKpis:
    organization: Organization
    total: KpiRow
    units: list[KpiRow]
    units_signing: Ratio


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return day_start(first), day_start(following)


def organization_kpis(*, organization: Organization, year: int, month: int,
                      now: dt.datetime | None = None) -> OrganizationKpis:
    from django.utils import timezone

    now = now or timezone.now()
    start, end = month_bounds(year, month)
    rows: dict[int | None, KpiRow] = {u.pk: KpiRow(label=u.name, unit_id=u.pk)
                                       for u in organization.units.filter(is_active=True).order_by("name")}
    total = KpiRow(label="Toàn cơ quan")

    def row_for(unit_id: int | None) -> KpiRow:
        if unit_id not in rows:
            rows[unit_id] = KpiRow(label="Chưa xác định đơn vị", unit_id=None)
        return rows[unit_id]

    issued = Document.objects.filter(organization=organization, direction=Direction.OUTGOING, state__in=ISSUED,
                                     secrecy=0).filter(
        Q(dispatched_at__gte=start, dispatched_at__lt=end)
        | Q(dispatched_at__isnull=True, issued_on__gte=start.date(), issued_on__lt=end.date()))
    for unit_id, signed_at in issued.values_list("unit_id", "signed_at"):
        for row in (row_for(unit_id), total):
            row.signed.add(signed_at is not None)
    for unit_id, channel in (Recipient.objects.filter(document__in=issued)
                             .values_list("document__unit_id", "channel")):
        for row in (row_for(unit_id), total):
            row.electronic.add(channel in ELECTRONIC_CHANNELS)

    deadlines = Deadlines()
    received = (Document.objects.filter(organization=organization, direction=Direction.INCOMING, secrecy=0,
                                        received_at__gte=start, received_at__lt=end)
                .values_list("unit_id", "source", "received_at", "registered_at", "urgency", "state"))
    for unit_id, source, received_at, registered_at, urgency, state in received:
        targets = (row_for(unit_id), total) if unit_id else (total,)
        for row in targets:
            row.electronic.add(source in ELECTRONIC_SOURCES)
        if state == Document.State.REJECTED:
            continue
        due = deadlines.register_by(received_at, urgency)
        if registered_at is None and due >= now:
            continue  # still within its time
        on_time = registered_at is not None and registered_at <= due
        for row in targets:
            row.on_time.add(on_time)

    units = [r for r in rows.values() if r.unit_id is not None or r.signed.total or r.electronic.total]
    issuing = [r for r in units if r.signed.total]
    units_signing = Ratio(done=sum(1 for r in issuing if r.signs), total=len(issuing))
    return OrganizationKpis(organization=organization, total=total, units=units, units_signing=units_signing)
