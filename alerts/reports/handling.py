"""Báo cáo tình hình giải quyết văn bản đến và văn bản đi (Phụ lục VI, V.2 and V.4).

Incoming: the documents received in the period that have a handling deadline (Document.due_date),
each in one of four classes as things stand now — done on time (completed on or before the
deadline), done late, open within time, overdue (open past the deadline) — per unit and per person.
A document counts for its lead handler (chủ trì): the person of the latest lead assignment, or the
first person its unit head gave it to; for the unit of that assignment, or the unit of that person.
Documents refused, recalled by the sender or not yet registered are not being handled and are left out.

Outgoing: the documents drafted (or registered) in the period by their current state, per drafting
unit, with how long they took: from the first submission (outgoing.submit in the audit log, the only
record of it) to the signature, and from the signature to dispatch; and those waiting too long —
in review or waiting for the signature for more than HANDLING_WAITING_DAYS working days since their
last submission, or signed and not dispatched past the dispatch deadline (alerts.deadlines).
A hand-signed document has no signing time: it is counted by state, not in the times.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from documents.literals import Direction
from documents.models import Assignment, Document
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, Membership, Unit, User

from .. import conf
from ..deadlines import Deadlines, day_start, local_date

State = Document.State

INCOMING_CLASSES = [("on_time", "Hoàn thành đúng hạn"), ("late", "Hoàn thành trễ hạn"),
                    ("open", "Đang xử lý trong hạn"), ("overdue", "Quá hạn chưa hoàn thành")]
INCOMING_LABELS = dict(INCOMING_CLASSES)
NOT_HANDLED = [State.ARRIVED, State.REJECTED, State.RECALLED]

OUTGOING_STATES = [State.DRAFT, State.RETURNED, State.IN_REVIEW, State.APPROVED, State.SIGNED, State.ISSUED,
                   State.DISPATCHED, State.RECALLED]
OUTGOING_LABELS = {State.RECALLED: "Đã thu hồi"} | {s: s.label for s in OUTGOING_STATES if s != State.RECALLED}
WAITING_FOR_SIGNATURE = [State.IN_REVIEW, State.APPROVED]
WAITING_FOR_DISPATCH = [State.SIGNED, State.ISSUED]

NO_UNIT, NO_PERSON = "Không thuộc đơn vị nào", "Chưa giao cho cá nhân"


@dataclass
class Counts:
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open + self.overdue

    def percent(self, key: str) -> float | None:
        return round(getattr(self, key) * 100 / self.total, 1) if self.total else None

    @property
    def cells(self) -> list[tuple[str, int, float | None]]:
        return [(key, getattr(self, key), self.percent(key)) for key, _ in INCOMING_CLASSES]


@dataclass
class Row:
    label: str
    key: int  # the unit's or the person's id; 0: none
    counts: Counts = field(default_factory=Counts)


@dataclass
class IncomingHandling:
    total: Counts
    units: list[Row]
    people: list[Row]
    without_deadline: int
    # document id → (class, unit id or 0, person id or 0): what the lists behind the counts read
    placed: dict[int, tuple[str, int, int]]


@dataclass
class OutgoingRow:
    label: str
    key: int
    states: dict[str, int] = field(default_factory=dict)
    to_signature: list[float] = field(default_factory=list)  # hours
    to_dispatch: list[float] = field(default_factory=list)
    dispatched_late: int = 0
    waiting: int = 0

    @property
    def total(self) -> int:
        return sum(self.states.values())

    @property
    def state_counts(self) -> list[int]:
        return [self.states.get(s, 0) for s in OUTGOING_STATES]

    @staticmethod
    def _median(values: list[float]) -> float | None:
        return round(statistics.median(values), 1) if values else None

    @property
    def median_to_signature(self) -> float | None:
        return self._median(self.to_signature)

    @property
    def median_to_dispatch(self) -> float | None:
        return self._median(self.to_dispatch)


@dataclass
class OutgoingHandling:
    total: OutgoingRow
    units: list[OutgoingRow]
    waiting_ids: list[int]
    waiting_days: int


def _period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return day_start(start), day_start(end + dt.timedelta(days=1))


def _unit_names(organization) -> dict[int, str]:
    return dict(Unit.objects.filter(organization=organization).values_list("pk", "name"))


def _lead_holders(document_ids: list[int], organization) -> dict[int, tuple[int, int]]:
    """document id → (unit id or 0, person id or 0) of its lead handler."""
    tops: dict[int, dict] = {}
    children: dict[int, list[dict]] = {}
    rows = (Assignment.objects.filter(document_id__in=document_ids, role=Assignment.Role.LEAD)
            .values("pk", "document_id", "parent_id", "unit_id", "user_id").order_by("pk"))
    for row in rows:
        if row["parent_id"] is None:
            tops[row["document_id"]] = row  # the latest instruction's lead wins
        elif row["user_id"]:
            children.setdefault(row["parent_id"], []).append(row)
    people_units = dict(Membership.objects.filter(organization=organization, is_active=True)
                        .values_list("user_id", "unit_id"))
    holders = {}
    for document_id, top in tops.items():
        person = top["user_id"] or next((c["user_id"] for c in children.get(top["pk"], [])), None)
        unit = top["unit_id"] or people_units.get(person)
        holders[document_id] = (unit or 0, person or 0)
    return holders


def incoming_class(*, state: str, due: dt.date, completed_at: dt.datetime | None, today: dt.date) -> str:
    if state == State.DONE:
        return "late" if completed_at is not None and local_date(completed_at) > due else "on_time"
    return "overdue" if today > due else "open"


def incoming_handling(*, organization, start: dt.date, end: dt.date, unit: Unit | None = None,
                      today: dt.date) -> IncomingHandling:
    since, until = _period(start, end)
    received = (Document.objects.filter(organization=organization, direction=Direction.INCOMING)
                .exclude(state__in=NOT_HANDLED)
                .annotate(arrived=Coalesce("received_at", "registered_at", "created_at"))
                .filter(arrived__gte=since, arrived__lt=until))
    rows = list(received.values_list("pk", "state", "due_date", "completed_at", "unit_id"))
    holders = _lead_holders([r[0] for r in rows if r[2]], organization)
    units = _unit_names(organization)
    by_unit: dict[int, Row] = {}
    by_person: dict[int, Row] = {}
    total, placed, without = Counts(), {}, 0
    for pk, state, due, completed_at, doc_unit in rows:
        unit_id, person_id = holders.get(pk, (doc_unit or 0, 0))
        if unit is not None and unit_id != unit.pk:
            continue
        if due is None:
            without += 1
            continue
        kind = incoming_class(state=state, due=due, completed_at=completed_at, today=today)
        placed[pk] = (kind, unit_id, person_id)
        unit_row = by_unit.setdefault(unit_id, Row(units.get(unit_id, NO_UNIT), unit_id))
        person_row = by_person.setdefault(person_id, Row("", person_id))
        for counts in (total, unit_row.counts, person_row.counts):
            setattr(counts, kind, getattr(counts, kind) + 1)
    names = dict(User.objects.filter(pk__in=by_person).values_list("pk", "full_name"))
    for row in by_person.values():
        row.label = names.get(row.key) or NO_PERSON
    return IncomingHandling(
        total=total, without_deadline=without, placed=placed,
        units=sorted(by_unit.values(), key=lambda r: (r.key == 0, r.label)),
        people=sorted(by_person.values(), key=lambda r: (r.key == 0, r.label)),
    )


def _submissions(document_ids: list[int]) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    """document id → (first, last) submission times, from the audit log."""
    found: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    rows = (AuditEvent.objects.filter(action=AuditAction.OUTGOING_SUBMIT.value, object_type="documents.document",
                                      object_id__in=[str(i) for i in document_ids])
            .values_list("object_id", "at").order_by("at"))
    for object_id, at in rows:
        first, _ = found.get(int(object_id), (at, at))
        found[int(object_id)] = (first, at)
    return found


def _hours(since: dt.datetime, until: dt.datetime) -> float:
    return max(0.0, (until - since).total_seconds() / 3600)


def outgoing_handling(*, organization, start: dt.date, end: dt.date, unit: Unit | None = None,
                      now: dt.datetime) -> OutgoingHandling:
    since, until = _period(start, end)
    qs = Document.objects.filter(organization=organization, direction=Direction.OUTGOING,
                                 created_at__gte=since, created_at__lt=until)
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = list(qs.values_list("pk", "unit_id", "state", "urgency", "signed_at", "dispatched_at"))
    submitted = _submissions([r[0] for r in rows])
    waiting_days = conf.get("HANDLING_WAITING_DAYS")
    deadlines, today = Deadlines(), local_date(now)
    units = _unit_names(organization)
    total = OutgoingRow("Toàn cơ quan" if unit is None else units.get(unit.pk, NO_UNIT), 0)
    by_unit: dict[int, OutgoingRow] = {}
    waiting_ids = []
    for pk, unit_id, state, urgency, signed_at, dispatched_at in rows:
        row = by_unit.setdefault(unit_id or 0, OutgoingRow(units.get(unit_id, NO_UNIT), unit_id or 0))
        first, last = submitted.get(pk, (None, None))
        waiting = False
        if state in WAITING_FOR_SIGNATURE and last is not None:
            waiting = deadlines.working_day_after(local_date(last), waiting_days) < today
        elif state in WAITING_FOR_DISPATCH and signed_at is not None and dispatched_at is None:
            waiting = deadlines.dispatch_by(signed_at, urgency) < now
        late = bool(signed_at and dispatched_at and dispatched_at > deadlines.dispatch_by(signed_at, urgency))
        for target in (row, total):
            target.states[state] = target.states.get(state, 0) + 1
            if first is not None and signed_at is not None:
                target.to_signature.append(_hours(first, signed_at))
            if signed_at is not None and dispatched_at is not None:
                target.to_dispatch.append(_hours(signed_at, dispatched_at))
            target.dispatched_late += late
            target.waiting += waiting
        if waiting:
            waiting_ids.append(pk)
    return OutgoingHandling(total=total, units=sorted(by_unit.values(), key=lambda r: (r.key == 0, r.label)),
                            waiting_ids=waiting_ids, waiting_days=waiting_days)


# --- the lists behind the counts -------------------------------------------------------------

@dataclass
class DocumentList:
    documents: list[Document]
    hidden: int  # behind the count, but not readable by this reader


def readable_list(*, user, document_ids: list[int]) -> DocumentList:
    """The documents among `document_ids` that `user` may read, by deadline; how many others there are."""
    documents = list(Document.objects.filter(pk__in=document_ids).visible_to(user)
                     .select_related("unit").order_by(F("due_date").asc(nulls_last=True), "pk"))
    return DocumentList(documents=documents, hidden=len(set(document_ids)) - len(documents))


def incoming_ids(handling: IncomingHandling, *, kinds: list[str], unit_id: int | None = None,
                 person_id: int | None = None) -> list[int]:
    return [pk for pk, (kind, unit, person) in handling.placed.items()
            if kind in kinds and (unit_id is None or unit == unit_id) and (person_id is None or person == person_id)]


def lead_people(document_ids: list[int]) -> dict[int, str]:
    """document id → the lead handler's name, for the lists."""
    q = Q(document_id__in=document_ids, role=Assignment.Role.LEAD, user__isnull=False)
    names: dict[int, str] = {}
    for document_id, name in Assignment.objects.filter(q).order_by("pk").values_list("document_id", "user__full_name"):
        names.setdefault(document_id, name)
    return names
