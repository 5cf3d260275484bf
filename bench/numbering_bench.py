"""Benchmark: number assignments per second under contention on PostgreSQL.

8 threads × 200 assignments, each assignment its own transaction that locks the register's
counter row (as a real registration does), repeated over several rounds; prints the median
throughput, and single-thread throughput for comparison. Runs in a throw-away test database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/numbering_bench.py
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

WORKERS, PER_WORKER, ROUNDS = 8, 200, 5


def run_round(register_id: int, workers: int, per_worker: int) -> float:
    from documents.models import Register
    from documents.services.numbering import number_assign

    barrier = threading.Barrier(workers + 1)
    got: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        mine = []
        barrier.wait()
        for _ in range(per_worker):
            with transaction.atomic(durable=True):  # each assignment its own committed transaction
                mine.append(number_assign(register=Register(pk=register_id)))
        with lock:
            got.extend(mine)
        connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    assert len(set(got)) == workers * per_worker, "duplicate numbers"
    return workers * per_worker / elapsed


def main() -> None:
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from documents.services.registers import register_open
        from qlvb.services.people import organization_upsert

        org = organization_upsert(organ_id="000.00.99.H99", name="Cơ quan đo", short_name="DO")
        contended, single = [], []
        for i in range(ROUNDS):
            reg = register_open(organization=org, direction="out", year=2026, name=f"Sổ đo {i}")
            contended.append(run_round(reg.pk, WORKERS, PER_WORKER))
            reg1 = register_open(organization=org, direction="out", year=2026, name=f"Sổ đo đơn {i}")
            single.append(run_round(reg1.pk, 1, WORKERS * PER_WORKER // 4))
        version = connection.pg_version
        print(f"database: PostgreSQL {version // 10000}.{version % 10000}, 2 cores, default fsync settings")
        print(f"contended ({WORKERS} threads x {PER_WORKER}): median {statistics.median(contended):,.0f} assignments/s "
              f"(rounds: {', '.join(f'{x:,.0f}' for x in contended)})")
        print(f"single thread: median {statistics.median(single):,.0f} assignments/s")
        print(f"ratio contended/single: {statistics.median(contended) / statistics.median(single):.2f}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
