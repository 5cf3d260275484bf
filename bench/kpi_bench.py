"""Benchmark: the monthly KPIs (seed 004) of an organization with 10,000 documents in the month.

Bulk-loads one organization's month into a database of its own (qlvb_bench_figures, dropped and
created again): 12 units, 6 leaders with delegates, 4,000 outgoing documents (most signed
digitally, some hand-signed, some signed KT./TUQ. under a delegation, a few secret) with 2
recipients each (some on paper, some with a paper reason), 6,000 received ones, 2,000 leaders'
instructions and 3,000 sign-ins; then times, over several runs, computing the figures
(alerts.kpis.organization_kpis) and building the Excel file, and prints the medians.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/kpi_bench.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import django_on_fresh_database, own_database, timed  # noqa: E402

own_database("qlvb_bench_figures", "kpi")

OUTGOING, INCOMING, INSTRUCTIONS, LOGINS, ROUNDS = 4_000, 6_000, 2_000, 3_000, 5
YEAR, MONTH = 2026, 3


def load(org, start: dt.datetime) -> None:
    from documents.models import Document, DocumentType, Instruction
    from interchange.models import Recipient
    from qlvb.models import AuditEvent, Delegation
    from qlvb.services.people import person_upsert, unit_upsert

    cong_van = DocumentType.objects.get(code="cong-van")
    units = [unit_upsert(organization=org, abbreviation=f"P{i}", name=f"Phòng {i}") for i in range(12)]
    leaders = [person_upsert(username=f"lanhdao{i}", full_name=f"Lãnh đạo {i}", organization=org, roles=["leader"],
                             password="Mat-khau-thu-1") for i in range(6)]
    delegates = [person_upsert(username=f"kythay{i}", full_name=f"Người ký thay {i}", organization=org,
                               roles=["unit_head"], unit=units[i], password="Mat-khau-thu-1") for i in range(6)]
    for leader, delegate in zip(leaders, delegates, strict=True):
        Delegation.objects.create(organization=org, delegator=leader, delegate=delegate, starts_at=start,
                                  ends_at=start + dt.timedelta(days=40), scope="all", signing_form="KT",
                                  reason="Đi công tác")

    def moment(i: int, n: int) -> dt.datetime:
        return start + dt.timedelta(seconds=27 * 86400 * i / n)

    docs = []
    for i in range(OUTGOING):
        hand, delegated = i % 10 == 0, i % 7 == 0
        leader = leaders[i % 6]
        docs.append(Document(
            organization=org, direction="out", document_type=cong_van, symbol=f"{i + 1}/UBND-P{i % 12}",
            subject="V/v triển khai văn bản điện tử", state="dispatched", source="paper" if hand else "drafted",
            unit=units[i % 12], secrecy=1 if i % 97 == 0 else 0, issued_on=moment(i, OUTGOING).date(),
            signed_at=None if hand else moment(i, OUTGOING), dispatched_at=moment(i, OUTGOING),
            signed_by=delegates[i % 6] if delegated else leader, signing_form="KT" if delegated else "",
            signed_on_behalf_of=leader if delegated else None))
    outgoing = Document.objects.bulk_create(docs, batch_size=2000)
    recipients = []
    for i, d in enumerate(outgoing):
        recipients.append(Recipient(document=d, channel="axis", organ_id="000.00.00.G22", name="VPCP", state=30))
        paper = i % 5 == 0
        recipients.append(Recipient(document=d, channel="paper" if paper else "internal", name="Sở",
                                    paper_reason="Bên nhận yêu cầu bản giấy" if paper and i % 3 == 0 else "",
                                    state=10))
    Recipient.objects.bulk_create(recipients, batch_size=5000)
    incoming = Document.objects.bulk_create([
        Document(organization=org, direction="in", document_type=cong_van, symbol=f"{i + 1}/VPCP-KSTT",
                 subject="V/v gửi, nhận văn bản điện tử", source="paper" if i % 20 == 0 else "axis",
                 state="registered", received_at=moment(i, INCOMING),
                 registered_at=moment(i, INCOMING) + dt.timedelta(minutes=20), unit=units[i % 12])
        for i in range(INCOMING)], batch_size=2000)
    Instruction.objects.bulk_create([
        Instruction(document=incoming[i], author=delegates[i % 6] if i % 4 == 0 else leaders[i % 6],
                    on_behalf_of=leaders[i % 6] if i % 4 == 0 else None, text="Giao phòng chủ trì")
        for i in range(INSTRUCTIONS)], batch_size=2000)
    Instruction.objects.update(created_at=start + dt.timedelta(days=3))
    AuditEvent.objects.bulk_create([
        AuditEvent(seq=10_000 + i, at=moment(i, LOGINS), actor=(leaders + delegates)[i % 12], action="auth.login",
                   prev_hash="0" * 64, hash="0" * 64)
        for i in range(LOGINS)], batch_size=2000)


def main() -> None:
    django_on_fresh_database()
    from django.db import connection

    from alerts.deadlines import day_start
    from alerts.kpis import organization_kpis
    from alerts.reports.kpi_excel import kpis_xlsx
    from qlvb.services.people import organization_upsert

    org = organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND",
                              hosted=True)
    start = day_start(dt.date(YEAR, MONTH, 1))
    started = time.perf_counter()
    load(org, start)
    print(f"loaded {OUTGOING + INCOMING:,} documents of the month in {time.perf_counter() - started:.1f} s")
    now = start + dt.timedelta(days=31)
    kpis_s, kpis = timed(lambda: organization_kpis(organization=org, year=YEAR, month=MONTH, now=now), ROUNDS)
    xlsx_s, xlsx = timed(lambda: kpis_xlsx([kpis], year=YEAR, month=MONTH, target=95.0), ROUNDS)
    version = connection.pg_version
    print(f"database: PostgreSQL {version // 10000}.{version % 10000}; {ROUNDS} runs each, medians:")
    print(f"signed {kpis.total.signed.percent}% ({kpis.total.signed.done}/{kpis.total.signed.total}), "
          f"hand-signed {kpis.total.hand_signed}, electronic {kpis.total.electronic.percent}%, "
          f"paper against the catalogue {kpis.total.paper_against_catalogue}, "
          f"leaders flagged {len(kpis.leaders_mostly_delegated)}/{len(kpis.leaders)}")
    print(f"computing the figures: {kpis_s:.3f} s")
    print(f"Excel ({len(xlsx) / 1024:.0f} KiB): {xlsx_s:.3f} s")


if __name__ == "__main__":
    main()
