"""Benchmark of the keyed audit log: appending an event, verifying the whole chain, checking one
TSA anchor. Prints medians; asserts nothing. Runs in a throw-away test database, with the demo TSA
in-process (its root registered as trusted).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/audit_bench.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, teardown_databases  # noqa: E402

ROWS, ROUNDS = 10_000, 5


def main() -> None:
    from qlvb.audit_actions import AuditAction
    from qlvb.demo.pki import hosted_pki_register
    from qlvb.services.audit import anchor_check, audit_check, audit_record
    from signatures.pki import hosted
    from signatures.services.audit_anchor import audit_anchor_create

    old = setup_databases(verbosity=0, interactive=False)
    try:
        appends = []
        for i in range(ROWS):
            start = time.perf_counter()
            audit_record(action=AuditAction.TEST_EVENT, data={"i": i, "text": "Văn bản số " + str(i)})
            appends.append(time.perf_counter() - start)
        print(f"append one event (own transaction, HMAC): median {statistics.median(appends) * 1000:.2f} ms")
        demo = hosted.write_demo_hierarchy(Path(tempfile.mkdtemp()), people=[], organizations=[])
        hosted_pki_register(authority=demo)
        anchor = audit_anchor_create(timestamper=demo.timestamp_authority().timestamper())
        checks = []
        for _ in range(ROUNDS * 4):
            start = time.perf_counter()
            assert anchor_check(anchor).ok
            checks.append(time.perf_counter() - start)
        print(f"check one anchor (row MAC + TSA token signature and chain): median "
              f"{statistics.median(checks) * 1000:.1f} ms")
        walks = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            report = audit_check()
            walks.append(time.perf_counter() - start)
            assert report.intact, report.problems[:3]
        print(f"audit_check over {report.rows} rows and {report.anchors} anchor: median "
              f"{statistics.median(walks):.2f} s ({statistics.median(walks) / report.rows * 1e6:.0f} µs a row)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
