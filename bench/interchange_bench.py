"""Benchmark: the full exchange path over HTTP with real workers.

Two QLVB deployments (PostgreSQL databases of their own, Celery worker and beat each, Redis) and
the local axis server. Deployment A (VPCP) dispatches documents with a 200 KB PDF to deployment
B (UBND tỉnh Bắc Kạn). Prints:
- documents per second from dispatch to "arrived" at the recipient, with median and p95 latency,
  and when the follow-up work of the arrivals (signature check, search index) was done;
- the time for one document to reach 700 recipients (all hosted by B, one upload from A);
- for each, the CPU time per document spent by every part (both deployments' workers and beat,
  the axis server, PostgreSQL, Redis, the dispatching process), read from /proc: everything
  shares this machine's two cores, so the sum bounds the throughput.

The documents are issued before the clock starts; the clock starts at the first dispatch. Both
deployments poll the axis every second (the tests' settings; production polls every 15 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb REDIS_URL=redis://127.0.0.1:6379/15 \
        .venv/bin/python bench/interchange_bench.py [--documents 200]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")

from tests.axis.harness import AxisProcess, add_system  # noqa: E402
from tests.interchange.deployments import Deployment, create_database  # noqa: E402

VPCP, BACKAN = "000.00.00.G22", "000.00.00.H05"
MANY = [f"000.{i // 100:02d}.{i % 100:02d}.H06" for i in range(700)]

SETUP_A = """
from qlvb.services.people import organization_upsert
from qlvb.models import Organization
organization_upsert(organ_id="000.00.00.G22", name="Văn phòng Chính phủ", short_name="VPCP", hosted=True)
organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND")
Organization.objects.bulk_create([Organization(organ_id=o, name="Cơ quan " + o, short_name="X") for o in {many}],
                                 ignore_conflicts=True)
"""
SETUP_B = """
from qlvb.services.people import organization_upsert
from qlvb.models import Organization
organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND", hosted=True)
Organization.objects.bulk_create([Organization(organ_id=o, name="Cơ quan " + o, short_name="X", hosted=True)
                                  for o in {many}], ignore_conflicts=True)
"""
ISSUE = """
import datetime as dt, hashlib, json
from django.core.files.base import ContentFile
from django.db import transaction
from documents.models import Document, DocumentFile, DocumentType
from qlvb.models import Organization
pdf = b"%PDF-1.4\\n" + bytes(range(256)) * 800 + b"\\n%%EOF\\n"
org = Organization.objects.get(organ_id="000.00.00.G22")
cv = DocumentType.objects.get(code="cong-van")
pks = []
for n in range({first}, {first} + {count}):
    with transaction.atomic():
        doc = Document.objects.create(organization=org, direction="out", document_type=cv, symbol=f"{{n}}/VPCP-KSTT",
                                      subject=f"Văn bản đo số {{n}}", issued_on=dt.date.today(), state="issued")
        f = DocumentFile(document=doc, name=f"{{n}}.pdf", content_type="application/pdf", size=len(pdf),
                         sha256=hashlib.sha256(pdf).hexdigest())
        f.file.save(f"{{n}}.pdf", ContentFile(pdf), save=False)
        f.save()
        pks.append(doc.pk)
print(json.dumps(pks))
"""
# Dispatch issued documents one after another, as fast as the outbox takes them (the clock
# starts at the first dispatch, not at the start of the Python process).
DISPATCH = """
import json, time
from documents.models import Document
from interchange.services.outbox import outbound_document_enqueue
from qlvb.models import Organization
recipients = list(Organization.objects.filter(organ_id__in={recipients}))
documents = list(Document.objects.filter(pk__in={pks}).select_related("organization", "document_type")
                 .order_by("pk"))
started, cpu = time.time(), time.process_time()
ids = [outbound_document_enqueue(document=doc, recipients=recipients).external_id for doc in documents]
print(json.dumps({{"ids": ids, "started": started, "seconds": time.time() - started,
                  "cpu": time.process_time() - cpu}}))
"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_role() -> dict[str, float]:
    """CPU seconds used so far by each part of the exchange, read from /proc (Linux)."""
    totals: dict[str, float] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        if "celery" in cmd and " worker" in cmd:
            role = "worker A" if " -n a-" in cmd else "worker B"
        elif "celery" in cmd and " beat" in cmd:
            role = "beat A" if "/a/" in cmd else "beat B"
        elif "interchange.axis serve" in cmd:
            role = "axis server"
        elif cmd.startswith("postgres"):
            role = "PostgreSQL"
        elif "redis-server" in cmd:
            role = "Redis"
        else:
            continue
        totals[role] = totals.get(role, 0.0) + seconds
    return totals


def cpu_report(before: dict[str, float], after: dict[str, float], per: int, *, dispatch_cpu: float) -> str:
    used = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
    used["dispatch"] = dispatch_cpu
    parts = [f"{k} {v * 1000 / per:.0f}" for k, v in sorted(used.items(), key=lambda kv: -kv[1]) if v > 0.05]
    return f"  CPU ms per document: total {sum(used.values()) * 1000 / per:.0f} = " + ", ".join(parts)


def wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--part", choices=("all", "throughput", "fanout"), default="all")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qlvb-bench-"))
    axis = None
    deployments: list[Deployment] = []
    try:
        add_system(tmp / "axis", "bench.a", "secret-a", [VPCP])
        add_system(tmp / "axis", "bench.b", "secret-b", [BACKAN, *MANY])
        axis = AxisProcess(tmp / "axis").start()
        a = Deployment("a", database_url=create_database(os.environ["DATABASE_URL"], "qlvb_bench_a"), redis_db=11,
                       var_dir=tmp / "a")
        b = Deployment("b", database_url=create_database(os.environ["DATABASE_URL"], "qlvb_bench_b"), redis_db=10,
                       var_dir=tmp / "b")
        deployments = [a, b]
        for d, setup, system, secret, organs in (
            (a, SETUP_A, "bench.a", "secret-a", [VPCP]), (b, SETUP_B, "bench.b", "secret-b", [BACKAN, *MANY])):
            d.manage("migrate", "--noinput", "-v0")
            d.shell(setup.format(many=json.dumps(MANY)))
            organ_args = [x for o in organs for x in ("--organ-id", o)]
            d.manage("axis_connect", "--endpoint", axis.endpoint, "--system-id", system, "--secret", secret,
                     *organ_args)
            d.start("worker")
            d.start("beat")
        for d in deployments:  # measure once beat is up and polling, not while it starts
            wait(lambda d=d: b"Sending due task" in (d.var_dir / "beat.log").read_bytes(), 60, "beat")

        if args.part in ("all", "throughput"):
            throughput(a, b, args.documents)
        if args.part in ("all", "fanout"):
            fanout(a, b)
    finally:
        for d in deployments:
            d.stop_all()
        if axis is not None:
            axis.stop()


def throughput(a: Deployment, b: Deployment, n: int) -> None:
    """Throughput and latency, A → B."""
    pks = json.loads(a.shell(ISSUE.format(first=1000, count=n)).splitlines()[-1])
    cpu = cpu_by_role()
    run = json.loads(a.shell(DISPATCH.format(recipients=json.dumps([BACKAN]), pks=json.dumps(pks)))
                     .splitlines()[-1])
    wait(lambda: b.scalar("SELECT count(*) FROM documents_document WHERE source = 'axis'") >= n, 600, "arrivals")
    rows = a.query("SELECT external_id, extract(epoch FROM created_at) FROM interchange_outbound "
                   "WHERE kind = 'edoc'")
    enqueued = dict((k, float(v)) for k, v in rows)
    arrived = dict((k, float(v)) for k, v in b.query(
        "SELECT external_id, extract(epoch FROM received_at) FROM documents_document WHERE source = 'axis'"))
    latencies = [arrived[i] - enqueued[i] for i in run["ids"]]
    span = max(arrived.values()) - run["started"]
    print(f"{n} documents A → B, 200 KB PDF each, 2 cores")
    print(f"  dispatch loop: {run['seconds']:.1f} s; last arrival {span:.1f} s after the first dispatch")
    print(f"  throughput: {n / span:.1f} documents/s (dispatch to 'arrived')")
    print(f"  latency: median {statistics.median(latencies):.2f} s, p95 {p95(latencies):.2f} s")
    # Follow-up work (signature check, then search indexing) runs behind the exchange's own tasks.
    followed = ("SELECT count(*), extract(epoch FROM max(s.indexed_at)) FROM documents_searchentry s "
                "JOIN documents_document d ON d.id = s.document_id WHERE d.source = 'axis'")
    wait(lambda: b.query(followed)[0][0] >= n, 600, "follow-ups")
    after = cpu_by_role()
    print(f"  follow-ups (signature check, search index) of all {n} done "
          f"{float(b.query(followed)[0][1]) - run['started']:.1f} s after the first dispatch")
    print(cpu_report(cpu, after, n, dispatch_cpu=run["cpu"]) + " (follow-ups included)")


def fanout(a: Deployment, b: Deployment) -> None:
    """One document to 700 recipients."""
    before = b.scalar("SELECT count(*) FROM documents_document")
    pks = json.loads(a.shell(ISSUE.format(first=5000, count=1)).splitlines()[-1])
    cpu = cpu_by_role()
    run = json.loads(a.shell(DISPATCH.format(recipients=json.dumps(MANY), pks=json.dumps(pks))).splitlines()[-1])
    wait(lambda: b.scalar("SELECT count(*) FROM documents_document") >= before + 700, 900, "700 arrivals")
    after = cpu_by_role()
    last = float(b.scalar("SELECT extract(epoch FROM max(received_at)) FROM documents_document"))
    print(f"one document to 700 recipients: all arrived {last - run['started']:.1f} s after dispatch (one upload)")
    print(cpu_report(cpu, after, 700, dispatch_cpu=run["cpu"]).replace("per document", "per recipient"))


if __name__ == "__main__":
    main()
