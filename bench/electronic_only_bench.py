"""Benchmark: what the e-only rule costs a draft, and what the catalogue page costs to build.

In a database of its own (``qlvb_bench_eonly``, dropped and created again): one organization, a
clerk, an admin and 20 recipient organizations. It prints the medians of N runs of
- ``is_electronic_only`` (the question the drafting rule asks once per draft), and its queries;
- ``addressees_from`` for 20 recipients on paper with a reason (the rule applied to each), and its queries;
- ``electronic_only_catalogue`` (the admin page's rows, all active types), and its queries;
- the whole "Danh mục văn bản điện tử" page through Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/electronic_only_bench.py [-n 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")
BENCH_DB = "qlvb_bench_eonly"
_parts = urlsplit(BASE_URL)
os.environ["DATABASE_URL"] = urlunsplit((_parts.scheme, _parts.netloc, f"/{BENCH_DB}", "", ""))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ.setdefault("QLVB_VAR_DIR", tempfile.mkdtemp(prefix="qlvb-eonly-bench-var-"))


def recreate_database() -> None:
    import psycopg

    admin = urlunsplit(("postgresql", _parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def timed(call, n: int) -> tuple[float, int]:
    """The median duration in milliseconds of n calls, and the queries of one."""
    from django.db import connection

    queries = []  # counted by a wrapper: a request through the test client resets connection.queries

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(queries)


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]

    call_command("migrate", verbosity=0)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from documents.models import DocumentType
    from documents.selectors.electronic_only import electronic_only_catalogue, is_electronic_only
    from documents.services.electronic_only import electronic_only_entry_update
    from documents.services.outgoing.drafting import addressees_from
    from qlvb.services.people import organization_upsert, person_upsert

    org = organization_upsert(organ_id="000.00.00.H05", name="Ủy ban nhân dân tỉnh Bắc Kạn", short_name="UBND",
                              hosted=True)
    recipients = [organization_upsert(organ_id=f"000.00.{i:02d}.H05", name=f"Sở thử nghiệm {i}", short_name="S",
                                      hosted=True, parent=org) for i in range(10, 30)]
    admin = person_upsert(username="bench.quantri", full_name="Quản trị", organization=org, roles=["admin"])
    cv = DocumentType.objects.get(code="cong-van")
    electronic_only_entry_update(actor=admin, organization=org, document_type=cv, electronic_only=True,
                                 reviewed=True, note="Đã rà soát")
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True).persistent_id
    session.save()

    rows = [
        ("is_electronic_only", lambda: is_electronic_only(organization=org, document_type=cv)),
        ("addressees_from, 20 on paper with a reason", lambda: addressees_from(
            organization=org, recipients=[], paper=[], document_type=cv,
            paper_organizations=[(o, "Yêu cầu bản giấy") for o in recipients])),
        ("electronic_only_catalogue", lambda: electronic_only_catalogue(organization=org)),
        ("GET /danh-muc-van-ban-dien-tu/", lambda: _ok(client.get("/danh-muc-van-ban-dien-tu/"))),
    ]
    print(f"{args.n} runs each, medians")
    for name, call in rows:
        ms, queries = timed(call, args.n)
        print(f"{name:45s} {ms:8.2f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
