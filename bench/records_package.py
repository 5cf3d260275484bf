"""Benchmark of records packages: export and offline verification of a hồ sơ with 200 documents,
each with a small signed PDF (PAdES B-B under a throw-away root kept in the trust store). Prints
medians and the cost per document; asserts nothing but that the package verifies. Runs in a
throw-away test database with media in a temporary directory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qlvb .venv/bin/python bench/records_package.py [--documents 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="qlvb-bench-media-")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def median_ms(function, runs: int) -> tuple[float, object]:
    result, times = function(), []  # one warm-up
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from documents.services.records.packages import record_package_export, record_package_verify
    from qlvb.models.people import Role
    from signatures.selectors.certificates import trust_anchor_list
    from tests.documents.records.package_helpers import make_record, signed_pdf, trust_test_root
    from tests.factories import make_org, make_unit, make_user

    old = setup_databases(verbosity=0, interactive=False)
    try:
        trust_test_root()
        org = make_org("UBND", organ_id="000.00.31.H05")
        unit = make_unit(org, "VP")
        owner = make_user(org, [Role.SPECIALIST], unit=unit)
        start = time.perf_counter()
        record = make_record(org, owner, code="BENCH", documents=args.documents, other_files=0, unit=unit)
        print(f"built a hồ sơ of {args.documents} documents (draft + signed PDF of {len(signed_pdf())} bytes "
              f"each) in {time.perf_counter() - start:.1f} s")
        out = Path(tempfile.mkdtemp()) / "goi.zip"
        roots = trust_anchor_list()
        export_ms, summary = median_ms(lambda: record_package_export(actor=None, records=[record], out=out),
                                       args.runs)
        verify_ms, report = median_ms(lambda: record_package_verify(out, trust_roots=roots), args.runs)
        assert report.ok, report.problems[:5]
        n = args.documents
        print(f"package: {summary.files} files, {out.stat().st_size / 1e6:.1f} MB, {summary.audit_events} audit "
              f"events, {report.signatures} signatures")
        print(f"records_export: median {export_ms:.0f} ms ({export_ms / n:.1f} ms a document) over {args.runs} runs")
        print(f"records_verify: median {verify_ms:.0f} ms ({verify_ms / n:.1f} ms a document) over {args.runs} runs")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
