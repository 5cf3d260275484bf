"""Benchmark: composing a copy's PDF (the pages taken, the original's signatures flattened, the
copy-form block laid over the last page or on a page of its own), before any signature.

Prints the median of several runs for: the demo letter 807/VPCP-KSTT (2 pages, the block fits on
the last page), a 30-page document whose last page is full (the block gets a page of its own), and
an extract of pages 10–12 of it. No database is needed.

    .venv/bin/python bench/copies_bench.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qlvb")

import django  # noqa: E402

django.setup()

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from documents.services.copies.render import CopyBlock, copy_pdf_compose  # noqa: E402
from qlvb.demo.story import VPCP_807  # noqa: E402

RUNS = 7
BLOCK = CopyBlock(form_label="SAO Y", organization="Ủy ban nhân dân tỉnh Bắc Kạn", symbol="05/SY-UBND",
                  place="Bắc Kạn", day=date(2026, 12, 7), title_lines=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
                  signer_name="Đàm Duy Hưng", recipients=("Sở Tài chính",))


def long_document(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for n in range(pages):
        for line in range(60):
            canvas.drawString(72, 800 - line * 12, f"Page {n + 1}, line {line + 1}: lorem ipsum dolor sit amet")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def median_ms(call) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    letter, thirty = VPCP_807.pdf(), long_document(30)
    cases = {
        "807/VPCP-KSTT, 2 pages, block on the last page": lambda: copy_pdf_compose(letter, block=BLOCK),
        "30 pages, block on a page of its own": lambda: copy_pdf_compose(thirty, block=BLOCK),
        "extract of pages 10-12 of 30": lambda: copy_pdf_compose(thirty, block=BLOCK, first_page=10, last_page=12),
    }
    for label, call in cases.items():
        print(f"{label}: median {median_ms(call):.0f} ms over {RUNS} runs")


if __name__ == "__main__":
    main()
