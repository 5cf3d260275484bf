"""Benchmark: the daily report of an organization with 10,000 documents that day.

Bulk-loads one organization's day into a database of its own (qlvb_bench_report, dropped and
created again): 4,000 outgoing documents sent over the axis to 2 recipients each (a few failed,
a few with no answer yet) and 6,000 received ones (most registered with their 01 and 03 sent,
some left waiting), then times, over several runs, gathering the figures and lists, building the
PDF and building the Excel file, and prints the medians.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/report_bench.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import django_on_fresh_database, own_database, timed  # noqa: E402

own_database("qlvb_bench_report", "report")

OUTGOING, INCOMING, ROUNDS = 4_000, 6_000, 5
REPORT_DATE = dt.date(2026, 3, 11)  # a Wednesday


def load(org, sender, day_start: dt.datetime) -> None:
    from documents.models import Document, DocumentType
    from interchange.models import AxisConnection, Outbound, Recipient
    from interchange.services.packages import package_store

    cong_van = DocumentType.objects.get(code="cong-van")
    conn = AxisConnection.objects.create(name="Trục", endpoint="http://127.0.0.1:9", system_id="bench", secret="s",
                                         last_poll_at=day_start)
    conn.organizations.add(org)
    package = package_store(data=b"bench package")

    def moment(i: int, n: int) -> dt.datetime:
        return day_start + dt.timedelta(seconds=8 * 3600 * i / n)

    outgoing = Document.objects.bulk_create([
        Document(organization=org, direction="out", document_type=cong_van, symbol=f"{i + 1}/UBND-VXNV",
                 subject=f"V/v triển khai nhiệm vụ số {i + 1} về gửi, nhận văn bản điện tử", state="dispatched",
                 source="drafted", issued_on=REPORT_DATE, signed_at=moment(i, OUTGOING),
                 dispatched_at=moment(i, OUTGOING))
        for i in range(OUTGOING)], batch_size=2000)
    outbounds = Outbound.objects.bulk_create([
        Outbound(kind="edoc", organization=org, connection=conn, document=d, package=package,
                 external_id=f"{org.organ_id},2026/03/11,{d.symbol}",
                 state="failed" if i % 200 == 0 else "sent", sent_at=None if i % 200 == 0 else moment(i, OUTGOING),
                 last_error="unknown recipient organization(s): 000.00.00.H99" if i % 200 == 0 else "",
                 error_permanent=i % 200 == 0, attempts=1)
        for i, d in enumerate(outgoing)], batch_size=2000)
    Outbound.objects.filter(kind="edoc").update(created_at=day_start)
    recipients = []
    for i, o in enumerate(outbounds):
        state = 90 if o.state == "failed" else (10 if i % 50 == 0 else 30)
        for organ, name in (("000.00.00.G22", "Văn phòng Chính phủ"), ("000.00.00.G14", "Bộ Thông tin và Truyền thông")):
            recipients.append(Recipient(outbound=o, document_id=o.document_id, organ_id=organ, name=name, state=state))
    Recipient.objects.bulk_create(recipients, batch_size=5000)

    incoming = Document.objects.bulk_create([
        Document(organization=org, direction="in", document_type=cong_van, symbol=f"{i + 1}/VPCP-KSTT",
                 subject=f"V/v tăng cường gửi, nhận văn bản điện tử, đợt {i + 1}", source="axis",
                 state="arrived" if i % 100 == 0 else "registered", issuer=sender, issuer_name=sender.name,
                 received_at=moment(i, INCOMING) - dt.timedelta(days=2 if i % 100 == 0 else 0),
                 registered_at=None if i % 100 == 0 else moment(i, INCOMING) + dt.timedelta(minutes=20),
                 external_id=f"000.00.00.G22,2026/03/11,{i + 1}/VPCP-KSTT")
        for i in range(INCOMING)], batch_size=2000)
    statuses = []
    for d in incoming:
        for code in ("01",) if d.state == "arrived" else ("01", "03"):
            statuses.append(Outbound(kind="status", organization=org, connection=conn, document=d, package=package,
                                     external_id=d.external_id, status_code=code, status_to="000.00.00.G22",
                                     state="sent", sent_at=d.received_at, attempts=1))
    Outbound.objects.bulk_create(statuses, batch_size=5000)


def main() -> None:
    django_on_fresh_database()
    from django.db import connection

    from alerts.models import DailyReport
    from alerts.reports.excel import report_xlsx
    from alerts.reports.gather import report_gather
    from alerts.reports.pdf import report_pdf
    from alerts.services.reports import report_period
    from qlvb.services.people import organization_upsert

    org = organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND",
                              hosted=True)
    sender = organization_upsert(organ_id="000.00.00.G22", name="Văn phòng Chính phủ", short_name="VPCP")
    start, end = report_period(REPORT_DATE)
    started = time.perf_counter()
    load(org, sender, start + dt.timedelta(minutes=30))
    print(f"loaded {OUTGOING + INCOMING:,} documents of the day in {time.perf_counter() - started:.1f} s")

    gather_s, (figures, lists) = timed(lambda: report_gather(organization=org, start=start, end=end), ROUNDS)
    report = DailyReport(organization=org, report_date=REPORT_DATE, period_start=start, period_end=end,
                         figures={**figures, "previous": {}, "change": {}}, lists=lists)
    pdf_s, pdf = timed(lambda: report_pdf(report), ROUNDS)
    xlsx_s, xlsx = timed(lambda: report_xlsx(report), ROUNDS)
    version = connection.pg_version
    print(f"database: PostgreSQL {version // 10000}.{version % 10000}; {ROUNDS} runs each, medians:")
    print("counts: " + ", ".join(f"{k}={v}" for k, v in figures["counts"].items()))
    print(f"gathering figures and lists: {gather_s:.2f} s")
    print(f"PDF ({len(pdf) / 1024:.0f} KiB, lists cut at the configured rows): {pdf_s:.2f} s")
    print(f"Excel ({len(xlsx) / 1024:.0f} KiB, complete lists): {xlsx_s:.2f} s")
    print(f"total: {gather_s + pdf_s + xlsx_s:.2f} s")


if __name__ == "__main__":
    main()
