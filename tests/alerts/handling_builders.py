"""An organization with two units and three handlers, incoming documents with deadlines in each
situation, and outgoing documents in several states, for the handling report tests.

Every incoming document is written down with the class the test expects (`EXPECTED`), so the tests
count the true figures themselves, apart from the code under test."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from unittest import mock

from django.utils import timezone

from documents.models import Assignment, Document, DocumentType, Instruction
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from tests.factories import make_org, make_unit, make_user

_n = itertools.count(500)


def local(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@dataclass
class Office:
    org: object
    vxnv: object
    ktth: object
    leader: object
    head: object  # heads VXNV
    clerk: object
    admin: object
    mai: object  # specialist, VXNV
    lan: object  # specialist, VXNV
    long: object  # specialist, KTTH
    expected: list = field(default_factory=list)  # (document, unit or None, person or None, class)
    outgoing: dict = field(default_factory=dict)


def _incoming(office: Office, *, received: dt.datetime, due: dt.date | None, state: str,
              completed: dt.datetime | None = None, subject: str = "V/v báo cáo tình hình", org=None) -> Document:
    doc = Document.objects.create(
        organization=org or office.org, direction="in", document_type=DocumentType.objects.get(code="cong-van"),
        symbol=f"{next(_n)}/VPCP-KSTT", subject=subject, source="paper", state=state, received_at=received,
        registered_at=received, due_date=due, completed_at=completed)
    return doc


def _lead(office: Office, doc: Document, *, user=None, unit=None, child=None, done: bool = False) -> Assignment:
    instruction = Instruction.objects.create(document=doc, author=office.leader, text="Giao xử lý",
                                             deadline=doc.due_date)
    state = Assignment.State.DONE if done else Assignment.State.IN_PROGRESS
    lead = Assignment.objects.create(document=doc, instruction=instruction, role=Assignment.Role.LEAD, unit=unit,
                                     user=user, assigned_by=office.leader, deadline=doc.due_date, state=state)
    if child is not None:
        Assignment.objects.create(document=doc, instruction=instruction, parent=lead, role=Assignment.Role.LEAD,
                                  unit=unit, user=child, assigned_by=office.head, deadline=doc.due_date, state=state)
    # a coordinating unit must not change who the document counts for
    Assignment.objects.create(document=doc, instruction=instruction, role=Assignment.Role.COORDINATE,
                              unit=office.ktth if unit != office.ktth else office.vxnv, assigned_by=office.leader)
    return lead


def office_build(today: dt.date) -> Office:
    org = make_org("UBND", name="Ủy ban nhân dân tỉnh Thử nghiệm")
    vxnv = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    ktth = make_unit(org, "KTTH", "Phòng Kinh tế - Tổng hợp")
    o = Office(
        org=org, vxnv=vxnv, ktth=ktth,
        leader=make_user(org, ["leader"], full_name="Đàm Duy Hưng"),
        head=make_user(org, ["unit_head"], unit=vxnv, full_name="Lý Văn Thắng"),
        clerk=make_user(org, ["clerk"], full_name="Hoàng Thị Nhung"),
        admin=make_user(org, ["admin"], full_name="Nguyễn Văn Quản"),
        mai=make_user(org, ["specialist"], unit=vxnv, full_name="Nông Thị Mai"),
        lan=make_user(org, ["specialist"], unit=vxnv, full_name="Trần Thị Lan"),
        long=make_user(org, ["specialist"], unit=ktth, full_name="Vi Văn Long"),
    )
    d = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    received = local(d(-8))

    def add(expect, unit, person, **kw):
        lead_kw = kw.pop("lead")
        doc = _incoming(o, received=received, **kw)
        _lead(o, doc, done=kw["state"] == "done", **lead_kw)
        o.expected.append((doc, unit, person, expect))

    # Mai (VXNV): one early, one late, one due today and done today (on time)
    add("on_time", vxnv, o.mai, due=d(-3), state="done", completed=local(d(-5)), lead={"user": o.mai})
    add("late", vxnv, o.mai, due=d(-3), state="done", completed=local(d(-1)), lead={"user": o.mai},
        subject="=HYPERLINK(\"http://x\",\"bấm\")")
    add("on_time", vxnv, o.mai, due=d(0), state="done", completed=local(d(0), 8), lead={"user": o.mai})
    # Lan (VXNV): open within time, overdue; one given to VXNV and handed on to her by the unit head
    add("open", vxnv, o.lan, due=d(3), state="processing", lead={"user": o.lan})
    add("overdue", vxnv, o.lan, due=d(-2), state="assigned", lead={"user": o.lan})
    add("late", vxnv, o.lan, due=d(-4), state="done", completed=local(d(-2)), lead={"unit": vxnv, "child": o.lan})
    # VXNV, not yet handed to anyone
    add("overdue", vxnv, None, due=d(-1), state="assigned", lead={"unit": vxnv})
    # Long (KTTH)
    add("on_time", ktth, o.long, due=d(-1), state="done", completed=local(d(-1), 16), lead={"user": o.long})
    add("overdue", ktth, o.long, due=d(-6), state="processing", lead={"user": o.long})
    add("open", ktth, o.long, due=d(1), state="processing", lead={"user": o.long})

    # Not counted: no deadline, refused, recalled, arrived before the period, another organization
    _incoming(o, received=received, due=None, state="processing")
    _incoming(o, received=received, due=d(-3), state="rejected")
    _incoming(o, received=received, due=d(-3), state="recalled")
    _incoming(o, received=local(d(-60)), due=d(-50), state="processing")
    other = make_org("UBND", name="Ủy ban nhân dân huyện Khác")
    _incoming(o, received=received, due=d(-3), state="processing", org=other)
    o.other = other
    o.other_leader = make_user(other, ["leader"], full_name="Lãnh đạo cơ quan khác")
    _outgoing_build(o, today)
    return o


def _submitted(doc: Document, actor, at: dt.datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=at):
        audit_record(action=AuditAction.OUTGOING_SUBMIT, actor=actor, organization=doc.organization, obj=doc,
                     data={"round": 1})


def _outgoing_build(o: Office, today: dt.date) -> None:
    d = lambda n: today + dt.timedelta(days=n)  # noqa: E731

    def out(key, state, unit, created_days=-7, **fields):
        doc = Document.objects.create(
            organization=o.org, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
            symbol=f"{next(_n)}/UBND-{unit.abbreviation}", subject=f"V/v văn bản đi {key}", state=state, unit=unit,
            created_by=o.mai, **fields)
        Document.objects.filter(pk=doc.pk).update(created_at=local(d(created_days), 8))
        o.outgoing[key] = doc
        return doc

    out("draft", "draft", o.vxnv)
    out("draft2", "draft", o.ktth)
    stuck = out("stuck_review", "in_review", o.vxnv, created_days=-30)
    _submitted(stuck, o.mai, local(d(-20)))
    fresh = out("fresh_sign", "approved", o.ktth)
    _submitted(fresh, o.mai, timezone.now())
    out("signed_waiting", "signed", o.ktth, signed_at=local(d(-6), 9))
    quick = out("dispatched", "dispatched", o.vxnv, signed_at=local(d(-5), 10), dispatched_at=local(d(-5), 11))
    _submitted(quick, o.mai, local(d(-7), 10))  # 2 days = 48 h before the signature
    late = out("dispatched_late", "dispatched", o.ktth, created_days=-14, signed_at=local(d(-12), 9),
               dispatched_at=local(d(-2), 16))
    _submitted(late, o.mai, local(d(-13), 9))  # 24 h before the signature
    out("recalled", "recalled", o.vxnv)
    out("old", "dispatched", o.vxnv, created_days=-90)  # before the period
