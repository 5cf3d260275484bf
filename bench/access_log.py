"""Benchmark: what logging an access to a document's file costs a page view, and how fast the drain
inserts the buffered accesses.

In a database of its own (``qlvb_bench_accesslog``, dropped and created again) and the Redis of
REDIS_URL (its access-log buffer key is emptied), one organization, its clerk and a registered
document with the story's one-page PDF. With Django's test client in this process (the whole
request: middleware, session, the permission rule, the file read), it serves the same file N times
with the access log on and N times with it off (the recording replaced by a no-op), interleaved
one by one so that the machine's load hits both alike, and prints the medians and their ratio: for the download of
the file (a cheap response, where logging weighs most) and for a page image (pdftoppm, what the
document page loads). Also the cost with Redis unreachable (the synchronous insert that replaces the
buffer then). Then it fills the buffer with M events and times the drain: events inserted per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/access_log.py [-n 400] [-m 50000]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")
BENCH_DB = "qlvb_bench_accesslog"
_parts = urlsplit(BASE_URL)
os.environ["DATABASE_URL"] = urlunsplit((_parts.scheme, _parts.netloc, f"/{BENCH_DB}", "", ""))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="qlvb-accesslog-bench-")
os.environ.setdefault("QLVB_VAR_DIR", tempfile.mkdtemp(prefix="qlvb-accesslog-bench-var-"))


def recreate_database() -> None:
    import psycopg

    admin = urlunsplit(("postgresql", _parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def setup():
    from documents.catalog import ensure_document_types
    from documents.models import DocumentType
    from documents.services.incoming.registration import incoming_create_paper, incoming_register
    from documents.services.registers import register_open
    from qlvb.demo.story import VPCP_807
    from qlvb.services.people import organization_upsert, person_upsert

    ensure_document_types(DocumentType)
    org = organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND",
                              hosted=True)
    sender = organization_upsert(organ_id="000.00.00.G22", name="Văn phòng Chính phủ", short_name="VPCP")
    register_open(organization=org, direction="in", year=dt.date.today().year, name="Sổ văn bản đến")
    clerk = person_upsert(username="bench.vanthu", full_name="Văn thư", organization=org, roles=["clerk"],
                          secret_clearance=True)
    document = incoming_create_paper(
        actor=clerk, organization=org, document_type=DocumentType.objects.get(code="cong-van"),
        symbol="807/VPCP-KSTT", subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date(2021, 2, 1),
        issuer=sender, scan=("807.pdf", VPCP_807.pdf()))
    incoming_register(actor=clerk, document=document, allow_duplicate=True)
    return clerk, document


def measure(client, url: str, n: int) -> tuple[list[float], list[float]]:
    """n requests logged and n not, alternating one by one (the order swapped every other pair) so
    that the machine's load hits both alike; the durations in seconds."""
    from documents.services import access_log

    on, off = [], []
    for i in range(n):
        for logged in ((True, False) if i % 2 == 0 else (False, True)):
            patch = (contextlib.nullcontext() if logged
                     else mock.patch.object(access_log, "file_access_record", lambda **_: None))
            with patch:
                start = time.perf_counter()
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                (on if logged else off).append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    return on, off


def record_alone(request, document, stored, n: int) -> float:
    """The median time of the recording itself (what a page view pays), in seconds."""
    from documents.services import access_log

    times = []
    for _ in range(n):
        start = time.perf_counter()
        access_log.file_access_record(request=request, document=document, stored=stored, action="view")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def show(name: str, on: list[float], off: list[float]) -> None:
    a, b = statistics.median(on), statistics.median(off)
    print(f"{name}: logged {a * 1000:.2f} ms, not logged {b * 1000:.2f} ms (medians of {len(on)} each); "
          f"ratio {a / b:.3f}, cost {(a - b) * 1000:+.2f} ms a request")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=400, help="requests per case (logged and not)")
    parser.add_argument("-m", type=int, default=50_000, help="events in the buffer for the drain")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL is required (the buffer of the access log)")
    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from documents.models import FileAccess
    from documents.services import access_log

    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("documents.services.access_log").setLevel(logging.ERROR)  # the Redis-down case warns
    call_command("migrate", verbosity=0)
    clerk, document = setup()
    stored = document.files.get()
    redis = access_log.buffer_client()
    redis.delete(access_log.BUFFER_KEY, access_log.DRAIN_LOCK_KEY)
    client = Client()
    client.force_login(clerk)
    version = connection.pg_version
    print(f"PostgreSQL {version // 10000}.{version % 10000}, Redis {redis.info()['redis_version']}; "
          f"Django test client in one process (no network); the story's PDF ({stored.size / 1024:.0f} KiB)")

    download = reverse("documents:file", args=[document.pk, stored.pk]) + "?tai-ve=1"
    with mock.patch.object(access_log, "enqueue_stored", lambda *a, **k: True):  # no worker in this bench
        for _ in range(20):  # warm up both paths
            client.get(download)
        show("file download", *measure(client, download, args.n))
        image = reverse("documents:page-image", args=[document.pk, stored.pk, 1])
        show("page image (pdftoppm)", *measure(client, image, max(args.n // 4, 20)))
        request = SimpleNamespace(user=clerk, META={"REMOTE_ADDR": "10.0.0.7", "HTTP_USER_AGENT": "bench"})
        print(f"the recording alone (RPUSH of one event): {record_alone(request, document, stored, 5000) * 1e6:.0f} µs")
        settings.REDIS_URL = "redis://127.0.0.1:1/0"  # Redis down: each access is inserted at once
        show("file download, Redis down (direct insert)", *measure(client, download, max(args.n // 2, 20)))
        print(f"the recording alone, Redis down (INSERT of one row): "
              f"{record_alone(request, document, stored, 500) * 1e6:.0f} µs")
        settings.REDIS_URL = os.environ["REDIS_URL"]

    drained_before = access_log.access_log_drain()
    redis.delete(access_log.BUFFER_KEY)
    now = dt.datetime.now(dt.UTC).isoformat()
    pipe = redis.pipeline(transaction=False)
    for i in range(args.m):
        pipe.rpush(access_log.BUFFER_KEY, json.dumps({
            "e": str(uuid.uuid4()), "t": now, "u": clerk.pk, "o": document.organization_id, "d": document.pk,
            "f": stored.pk, "a": "page_image", "p": 1 + i % 3, "ip": "10.0.0.7", "ua": "Mozilla/5.0 (bench)"},
            separators=(",", ":")))
        if i % 5000 == 4999:
            pipe.execute()
    pipe.execute()
    before = FileAccess.objects.count()
    start = time.perf_counter()
    total = 0
    while redis.llen(access_log.BUFFER_KEY):
        total += access_log.access_log_drain()
    elapsed = time.perf_counter() - start
    inserted = FileAccess.objects.count() - before
    print(f"drain: {total:,} events read, {inserted:,} rows inserted in {elapsed:.2f} s, "
          f"{inserted / elapsed:,.0f} events/s (batches of {settings.QLVB_ACCESS_LOG_DRAIN_AT}); "
          f"{drained_before:,} left from the page views drained first")
    total = access_log.access_log_drain()
    assert total == 0


if __name__ == "__main__":
    main()
