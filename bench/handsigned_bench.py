"""Benchmark: registering a hand-signed outgoing document (issue 16.1) and exporting the post register.

In a throw-away test database with the demo people (`seed_demo`), the clerk of UBND tỉnh Bắc Kạn
registers N letters from a one-page PDF scan and N from an A4 JPEG photographed at 200 dpi (made
into a PDF by Pillow), each paper-only and dispatched to two addressees; prints the median time per
registration of each kind and per dispatch, then the time to write the post register of all those
rows as Excel and as PDF.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python bench/handsigned_bench.py [-n 20]
"""

from __future__ import annotations

import argparse
import io
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    n = parser.parse_args().n
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-handsigned-")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.utils import timezone
        from PIL import Image

        from documents.exports import register_pdf, register_xlsx
        from documents.exports.post_register import post_register_sheet
        from documents.models import DocumentType
        from documents.services.outgoing.handsigned import handsigned_dispatch, handsigned_register
        from qlvb.demo.story import BACKAN_814
        from qlvb.models import Organization, User

        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", stdout=quiet)
        clerk, leader = User.objects.get(username="backan.vanthu"), User.objects.get(username="backan.lanhdao")
        backan = Organization.objects.get(organ_id="000.00.00.H05")
        cong_van = DocumentType.objects.get(code="cong-van")
        photo = io.BytesIO()
        Image.new("RGB", (1654, 2339), (250, 248, 240)).save(photo, "JPEG", dpi=(200, 200), quality=85)
        scans = {"PDF scan": ("quet.pdf", BACKAN_814.pdf()), "JPEG photo (A4, 200 dpi)": ("anh.jpg", photo.getvalue())}
        times: dict[str, list[float]] = {name: [] for name in scans}
        dispatch: list[float] = []
        for i in range(n):
            for name, scan in scans.items():
                seconds, document = timed(lambda scan=scan, i=i: handsigned_register(
                    actor=clerk, organization=backan, document_type=cong_van, subject=f"V/v đo {i}", scan=scan,
                    signer_name="", signer_title="", signed_on=timezone.localdate(), signed_by=leader,
                    paper_recipients=["Báo Bắc Kạn", "Đài PT-TH Bắc Kạn"]))
                times[name].append(seconds)
                dispatch.append(timed(lambda document=document: handsigned_dispatch(actor=clerk, document=document))[0])
        print(f"{n} registrations of each kind, PostgreSQL, 2 shared cores")
        for name, values in times.items():
            print(f"register from a {name}: median {statistics.median(values) * 1000:.0f} ms")
        print(f"dispatch to 2 paper addressees (post register rows): median {statistics.median(dispatch) * 1000:.0f} ms")
        today = timezone.localdate()
        sheet_seconds, sheet = timed(lambda: post_register_sheet(user=clerk, organization=backan, date_from=today.replace(day=1, month=1),
                                                                 date_to=today))
        xlsx_seconds, _ = timed(lambda: register_xlsx(sheet))
        pdf_seconds, _ = timed(lambda: register_pdf(sheet))
        print(f"post register of {sheet.total} rows: rows {sheet_seconds * 1000:.0f} ms, "
              f"Excel {xlsx_seconds * 1000:.0f} ms, PDF {pdf_seconds * 1000:.0f} ms")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
