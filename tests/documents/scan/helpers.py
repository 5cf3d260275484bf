"""Scans of generated NĐ30 documents (bench/scan_docs.py), made once per test run."""

from __future__ import annotations

from functools import cache

from bench.scan_docs import document_make, scan_make

# Seeds of bench/scan_docs.py: a công văn of Văn phòng Chính phủ (V/v under the number, KT. signer),
# a quyết định of UBND tỉnh Bắc Kạn (type and trích yếu centred), a công văn of a Sở under its UBND.
CONG_VAN_VPCP, QUYET_DINH_BACKAN, CONG_VAN_SO = 15, 2, 10


@cache
def scan_of(seed: int, *, noisy: bool = False) -> bytes:
    pdf, _ = document_make(seed)
    return scan_make(pdf, noisy=noisy, seed=seed)


@cache
def truth_of(seed: int):
    return document_make(seed)[1]
