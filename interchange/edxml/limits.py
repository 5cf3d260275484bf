"""Resource limits applied to every package we read.

The defaults suit the national axis (documents of a few MB, rarely more than a handful of
attachments) with a wide margin. A deployment may pass tighter or looser ``Limits`` to ``parse``.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    # Whole package as received.
    max_package_bytes: int = 100 * MIB
    max_attachments: int = 100
    # One attachment after Base64 decoding (before any unzip).
    max_attachment_bytes: int = 50 * MIB
    # Unzipped output: per file, and summed over the whole package.
    max_unpacked_file_bytes: int = 100 * MIB
    max_unpacked_total_bytes: int = 200 * MIB
    max_zip_entries: int = 10
    # Output/input ratio above which a zip member is treated as a bomb. Office files and PDFs stay
    # well under 50:1; a megabyte of zeros deflates about 1000:1. None switches the guard off.
    max_compression_ratio: float | None = 200.0
    # The ratio guard only looks at members that already produced this much, so tiny, highly
    # repetitive files (a short text file of spaces) are not refused.
    ratio_check_after_bytes: int = 1 * MIB


DEFAULT_LIMITS = Limits()
