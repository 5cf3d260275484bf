"""Benchmark: the handling report (Phụ lục VI, V.2 and V.4) of one organization over a year.

Bulk-loads into a database of its own (qlvb_bench_handling, dropped and created again) one
organization with 4 units and 40 handlers, 20,000 incoming documents received over the year with a
deadline and a lead assignment (done early, done late, open, overdue), and 8,000 outgoing documents
in every state, 2,000 of them with a submission in the audit log. Then times, over several runs, the
incoming figures, the outgoing figures, the Excel file and the PDF for the year (as the leader, who
may read every document, so the lists are full), and prints the medians.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/handling_report_bench.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import django_on_fresh_database, own_database, timed  # noqa: E402

own_database("qlvb_bench_handling", "handling")

INCOMING, OUTGOING, SUBMITTED, ROUNDS = 20_000, 8_000, 2_000, 3


def load(org, leader, handlers, today: dt.date) -> None:
    from django.utils import timezone

    from documents.models import Assignment, Document, DocumentType, Instruction
    from qlvb.audit_actions import AuditAction
    from qlvb.services.audit import audit_record

    cong_van = DocumentType.objects.get(code="cong-van")
    start = dt.date(today.year, 1, 1)
    days = (today - start).days + 1

    def at(day: dt.date, hour: int = 9) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    docs = []
    for i in range(INCOMING):
        received = start + dt.timedelta(days=i % days)
        due = received + dt.timedelta(days=10)
        kind = i % 4  # 0 early, 1 late, 2 open, 3 open (overdue once the deadline passes)
        done = kind < 2 and due <= today
        completed = at(due - dt.timedelta(days=2) if kind == 0 else due + dt.timedelta(days=3)) if done else None
        docs.append(Document(organization=org, direction="in", document_type=cong_van, symbol=f"{i + 1}/VPCP-KSTT",
                             subject=f"V/v nhiệm vụ số {i + 1}", source="axis",
                             state="done" if done else "processing", received_at=at(received),
                             registered_at=at(received, 10), due_date=due, completed_at=completed))
    docs = Document.objects.bulk_create(docs, batch_size=2000)
    instructions = Instruction.objects.bulk_create(
        [Instruction(document=d, author=leader, text="Giao xử lý", deadline=d.due_date) for d in docs], batch_size=2000)
    Assignment.objects.bulk_create(
        [Assignment(document=d, instruction=ins, role="lead", user=handlers[i % len(handlers)], assigned_by=leader,
                    deadline=d.due_date, state="done" if d.state == "done" else "in_progress")
         for i, (d, ins) in enumerate(zip(docs, instructions, strict=True))], batch_size=2000)
    states = ["draft", "returned", "in_review", "approved", "signed", "issued", "dispatched", "recalled"]
    units = list(org.units.all())
    outgoing = Document.objects.bulk_create([
        Document(organization=org, direction="out", document_type=cong_van, symbol=f"{i + 1}/UBND-VXNV",
                 subject=f"V/v trả lời số {i + 1}", state=states[i % len(states)], unit=units[i % len(units)],
                 signed_at=at(start + dt.timedelta(days=i % days), 15) if i % 8 >= 4 else None,
                 dispatched_at=at(start + dt.timedelta(days=i % days), 16) if i % 8 == 6 else None)
        for i in range(OUTGOING)], batch_size=2000)
    for d in outgoing[:SUBMITTED]:
        audit_record(action=AuditAction.OUTGOING_SUBMIT, actor=leader, organization=org, obj=d, data={"round": 1})


def main() -> None:
    django_on_fresh_database()
    from django.db import connection
    from django.utils import timezone

    from alerts.reports.handling import incoming_handling, outgoing_handling
    from alerts.reports.handling_files import handling_pdf, handling_xlsx
    from alerts.reports.handling_scope import HandlingScope
    from alerts.views.handling import HandlingReport
    from qlvb.services.people import organization_upsert, person_upsert, unit_upsert

    org = organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND",
                              hosted=True)
    units = [unit_upsert(organization=org, abbreviation=a, name=f"Phòng {a}") for a in ("VXNV", "KTTH", "NC", "TH")]
    leader = person_upsert(username="bench.lanhdao", full_name="Đàm Duy Hưng", organization=org, roles=["leader"])
    handlers = [person_upsert(username=f"bench.cv{i}", full_name=f"Chuyên viên {i}", organization=org,
                              roles=["specialist"], unit=units[i % len(units)]) for i in range(40)]
    today = timezone.localdate()
    begun = time.perf_counter()
    load(org, leader, handlers, today)
    print(f"loaded {INCOMING:,} incoming and {OUTGOING:,} outgoing documents in {time.perf_counter() - begun:.1f} s")

    start, now = dt.date(today.year, 1, 1), timezone.now()
    incoming_s, incoming = timed(lambda: incoming_handling(organization=org, start=start, end=today, today=today),
                                 ROUNDS)
    outgoing_s, outgoing = timed(lambda: outgoing_handling(organization=org, start=start, end=today, now=now), ROUNDS)
    report = HandlingReport(scope=HandlingScope(org), unit=None, start=start, end=today, made_at=now,
                            incoming=incoming, outgoing=outgoing)
    xlsx_s, xlsx = timed(lambda: handling_xlsx(report, user=leader), ROUNDS)
    pdf_s, pdf = timed(lambda: handling_pdf(report, user=leader), ROUNDS)
    version = connection.pg_version
    print(f"database: PostgreSQL {version // 10000}.{version % 10000}; {ROUNDS} runs each, medians:")
    t = incoming.total
    print(f"incoming: on time {t.on_time}, late {t.late}, open {t.open}, overdue {t.overdue}; "
          f"{len(incoming.units)} units, {len(incoming.people)} people")
    print(f"outgoing: {outgoing.total.total} documents, {outgoing.total.waiting} waiting too long")
    print(f"incoming figures: {incoming_s:.2f} s")
    print(f"outgoing figures: {outgoing_s:.2f} s")
    print(f"Excel ({len(xlsx) / 1024:.0f} KiB, complete lists): {xlsx_s:.2f} s")
    print(f"PDF ({len(pdf) / 1024:.0f} KiB, lists cut at the configured rows): {pdf_s:.2f} s")
    print(f"page (both figures): {incoming_s + outgoing_s:.2f} s")


if __name__ == "__main__":
    main()
