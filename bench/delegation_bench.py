"""Benchmark: recording the end of delegations, and what a signing delegation costs the permission rule.

- `delegations_end` over 300 delegations whose period is over: delegations recorded per second
  (each its own transaction with its audit event and notices), median of 3 rounds;
- `Document.objects.visible_to(head).count()` over 2,000 documents for a head of unit, without and
  with a signing delegation in force (the rule's extra subquery): median milliseconds of 20 runs.
Runs in a throw-away test database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/delegation_bench.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

ENDED, DOCUMENTS, RUNS = 300, 2000, 20


def main() -> None:
    from documents.models import Document, DocumentType
    from qlvb.models import Delegation
    from qlvb.services.delegation import delegation_create, delegations_end
    from tests.factories import make_org, make_unit, make_user

    org = make_org("UBND")
    unit = make_unit(org, "VXNV", "Phòng Văn xã")
    leader = make_user(org, ["leader"])
    heads = [make_user(org, ["unit_head"], unit=unit) for _ in range(10)]
    start = timezone.now() - dt.timedelta(days=30)
    rates = []
    for _ in range(3):
        for i in range(ENDED):
            delegation_create(actor=leader, organization=org, delegator=leader, delegate=heads[i % 10],
                              starts_at=start, ends_at=start + dt.timedelta(days=1), scope="signing",
                              signing_form="TUQ", reason_kind="business_trip", now=start)
        began = time.perf_counter()
        assert delegations_end(limit=ENDED) == ENDED
        rates.append(ENDED / (time.perf_counter() - began))
    print(f"delegations_end: median {statistics.median(rates):.0f} delegations/s over {ENDED} (3 rounds)")

    dtype = DocumentType.objects.get(code="cong-van")
    Document.objects.bulk_create([Document(organization=org, direction="out", document_type=dtype,
                                           state="approved" if i % 10 == 0 else "dispatched", subject=f"VB {i}")
                                  for i in range(DOCUMENTS)])
    head = heads[0]

    def timed() -> float:
        samples = []
        for _ in range(RUNS):
            began = time.perf_counter()
            Document.objects.visible_to(head).count()
            samples.append((time.perf_counter() - began) * 1000)
        return statistics.median(samples)

    without = timed()
    now = timezone.now()
    delegation_create(actor=leader, organization=org, delegator=leader, delegate=head, starts_at=now,
                      ends_at=now + dt.timedelta(days=3), scope="signing", signing_form="TUQ", reason_kind="leave")
    with_delegation = timed()
    print(f"visible_to(head).count() over {DOCUMENTS} documents: median {without:.1f} ms without a delegation, "
          f"{with_delegation:.1f} ms with a signing delegation in force ({Delegation.objects.count()} delegations)")


if __name__ == "__main__":
    old = setup_databases(verbosity=0, interactive=False)
    try:
        main()
    finally:
        connection.close()
        teardown_databases(old, verbosity=0)
