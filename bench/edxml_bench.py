"""Benchmark of the edXML library: build and parse times and peak memory.

Two packages: one 5 MB PDF, and twenty 200 KB attachments (PDFs and spreadsheets; the
spreadsheets travel zipped, as the official builder sends them). For each it prints the median
time to build and to parse (parsing includes Base64 decoding, unzipping and the SHA-256 of every
attachment), and compares parsing with the raw primitives measured in the same run: lxml parse
of the whole package + Base64 decode (+ unzip where zipped) + SHA-256. Peak memory is measured
with tracemalloc and given relative to the package size.

Run: ``.venv/bin/python bench/edxml_bench.py``. Figures only; nothing is asserted.
"""

from __future__ import annotations

import binascii
import gc
import hashlib
import io
import random
import statistics
import sys
import time
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interchange.edxml import (  # noqa: E402
    Attachment,
    Business,
    Code,
    DocumentType,
    EdocMessage,
    Organization,
    PromulgationInfo,
    TraceHeader,
    build,
    parse,
)

RUNS = 15
KB = 1024
MB = 1024 * KB


def pdf_bytes(rng: random.Random, size: int) -> bytes:
    # PDF bodies are mostly compressed streams: random bytes are a fair stand-in.
    return b"%PDF-1.7\n" + rng.randbytes(size - 9)


def sheet_bytes(rng: random.Random, size: int) -> bytes:
    # A spreadsheet-like mix: repetitive markup with random numbers (compresses about 3:1).
    rows = []
    while sum(len(r) for r in rows) < size:
        rows.append(f'<row r="{len(rows)}"><c t="n"><v>{rng.random():.12f}</v></c></row>'.encode())
    return b"".join(rows)[:size]


def message(attachments: tuple[Attachment, ...]) -> EdocMessage:
    return EdocMessage(
        sender=Organization(organ_id="000.00.00.G22", organ_name="Văn phòng Chính phủ"),
        recipients=(Organization(organ_id="000.00.00.H41", organ_name="UBND tỉnh Nghệ An"),),
        code=Code(number="807", notation="VPCP-KSTT"),
        promulgation=PromulgationInfo(date=date(2024, 5, 10), place="Hà Nội"),
        document_type=DocumentType(type_code=1, type_name="Công văn"),
        subject="V/v thử nghiệm hiệu năng liên thông văn bản",
        trace_headers=(TraceHeader(organ_id="000.00.00.G22", timestamp=datetime(2024, 5, 10, 8, 30)),),
        business=Business.standard(0),
        attachments=attachments,
    )


def scenarios() -> dict[str, EdocMessage]:
    rng = random.Random(102)
    one_pdf = (Attachment(name="van_ban.pdf", data=pdf_bytes(rng, 5 * MB), content_id="pdf-1"),)
    twenty = tuple(
        Attachment(name=f"phu_luc_{i:02d}.pdf", data=pdf_bytes(rng, 200 * KB), content_id=f"att-{i}")
        if i % 2 == 0
        else Attachment(
            name=f"bang_so_lieu_{i:02d}.xlsx",
            data=sheet_bytes(rng, 200 * KB),
            content_id=f"att-{i}",
            zip_entry_name=f"entry-{i}.xlsx",
        )
        for i in range(20)
    )
    return {"one 5 MB PDF": message(one_pdf), "twenty 200 KB files": message(twenty)}


def raw_primitives(data: bytes) -> None:
    """What any reader must do at least: parse, decode, unzip what is zipped, hash."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    for attachment in root.iter("{*}Attachment"):
        content_type = attachment.findtext("{*}ContentType")
        decoded = binascii.a2b_base64(attachment.findtext("{*}ContentTransferEncoded"))
        if content_type == "application/zip":
            with zipfile.ZipFile(io.BytesIO(decoded)) as bundle:
                decoded = bundle.read(bundle.infolist()[0])
        hashlib.sha256(decoded).hexdigest()


def median_seconds(*actions, runs: int = RUNS) -> list[float]:
    """Median time of each action; the actions take turns so that machine noise hits them alike."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, measured in zip(actions, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            action()
            measured.append(time.perf_counter() - start)
    return [statistics.median(measured) for measured in times]


def peak_bytes(action) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    print(
        f"edXML benchmark, median of {RUNS} runs, Python {sys.version.split()[0]}, lxml {etree.__version__}"
    )
    for title, msg in scenarios().items():
        data = build(msg)
        parsed = parse(data)
        assert all(a.data == b.data for a, b in zip(parsed.attachments, msg.attachments, strict=True))
        [build_time] = median_seconds(lambda msg=msg: build(msg))
        parse_time, raw_time = median_seconds(
            lambda data=data: parse(data), lambda data=data: raw_primitives(data)
        )
        build_peak = peak_bytes(lambda msg=msg: build(msg))
        parse_peak = peak_bytes(lambda data=data: parse(data))
        size = len(data)
        print(f"\n{title}: package {size / MB:.2f} MB, {len(msg.attachments)} attachment(s)")
        print(f"  build  median {build_time * 1000:8.1f} ms   peak memory {build_peak / size:4.2f} x package")
        print(f"  parse  median {parse_time * 1000:8.1f} ms   peak memory {parse_peak / size:4.2f} x package")
        print(f"  raw primitives (lxml + base64 + unzip + sha256) {raw_time * 1000:8.1f} ms")
        print(f"  parse / raw primitives = {parse_time / raw_time:.2f}")


if __name__ == "__main__":
    main()
