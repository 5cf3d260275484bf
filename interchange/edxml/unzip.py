"""Unpacking zipped attachments without trusting the archive.

Entries are counted from the central directory before ``zipfile`` reads it (a forged directory
could otherwise hold a million entries); ``zipfile`` then only lists them. Members are inflated
here, in chunks of at most 256 KB, against three hard caps checked after every chunk: bytes per
file, bytes for the whole package, and the ratio of output to the compressed input consumed so
far. A bomb is abandoned one chunk past a cap; it is never held in memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from .errors import BadArchive, DecompressionBomb, TooManyZipEntries
from .filenames import safe_file_name
from .limits import Limits
from .model import ArchiveMember

_CHUNK = 256 * 1024
_EOCD = b"PK\x05\x06"
_EOCD64 = b"PK\x06\x06"
_CENTRAL_ENTRY = b"PK\x01\x02"
_LOCAL_ENTRY = b"PK\x03\x04"


def looks_like_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", _EOCD)


@dataclass(slots=True)
class UnpackBudget:
    """Bytes that may still be unpacked for the package being read."""

    remaining: int


def unpack(archive: bytes, *, name: str, limits: Limits, budget: UnpackBudget) -> tuple[ArchiveMember, ...]:
    count = count_entries(archive, stop_after=limits.max_zip_entries, name=name)
    if count > limits.max_zip_entries:
        raise TooManyZipEntries(
            f"attachment {name!r}: the zip has more than {limits.max_zip_entries} entries",
            attachment_name=name,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            entries = [info for info in bundle.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError) as exc:
        raise BadArchive(f"attachment {name!r}: damaged zip archive ({exc})", attachment_name=name) from exc
    members = []
    for info in entries:
        if info.flag_bits & 0x1:
            raise BadArchive(f"attachment {name!r}: zip entry is encrypted", attachment_name=name)
        data = _inflate(archive, info, name=name, limits=limits, budget=budget)
        members.append(ArchiveMember(name=safe_file_name(info.filename), data=data))
    return tuple(members)


def _inflate(
    archive: bytes, info: zipfile.ZipInfo, *, name: str, limits: Limits, budget: UnpackBudget
) -> bytes:
    """One member's bytes, decompressed here (not by zipfile) so that input and output are both counted."""
    start, end = _data_span(archive, info, name)
    view = memoryview(archive)
    guard = _Guard(name=name, limits=limits, budget=budget)
    chunks: list[bytes] = []
    if info.compress_type == zipfile.ZIP_STORED:
        for position in range(start, end, _CHUNK):
            chunk = bytes(view[position : min(end, position + _CHUNK)])
            guard.produced(len(chunk), consumed=position + len(chunk) - start)
            chunks.append(chunk)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        position = start
        try:
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                elif position < end:
                    feed = view[position : min(end, position + _CHUNK)]
                    position += len(feed)
                    chunk = inflater.decompress(feed, _CHUNK)
                else:
                    raise BadArchive(f"attachment {name!r}: zip entry is truncated", attachment_name=name)
                guard.produced(len(chunk), consumed=position - start - len(inflater.unconsumed_tail))
                chunks.append(chunk)
        except zlib.error as exc:
            raise BadArchive(f"attachment {name!r}: damaged zip entry ({exc})", attachment_name=name) from exc
    else:
        raise BadArchive(
            f"attachment {name!r}: zip compression method {info.compress_type} is not supported",
            attachment_name=name,
        )
    crc = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
    if crc != info.CRC:
        raise BadArchive(f"attachment {name!r}: zip entry fails its CRC check", attachment_name=name)
    budget.remaining -= guard.total
    return b"".join(chunks)


def _data_span(archive: bytes, info: zipfile.ZipInfo, name: str) -> tuple[int, int]:
    offset = info.header_offset
    if offset < 0 or archive[offset : offset + 4] != _LOCAL_ENTRY or offset + 30 > len(archive):
        raise BadArchive(f"attachment {name!r}: damaged zip entry header", attachment_name=name)
    name_length, extra_length = struct.unpack_from("<HH", archive, offset + 26)
    start = offset + 30 + name_length + extra_length
    return start, min(len(archive), start + info.compress_size)


@dataclass(slots=True)
class _Guard:
    """The three caps, checked after every chunk of output."""

    name: str
    limits: Limits
    budget: UnpackBudget
    total: int = 0

    def produced(self, size: int, *, consumed: int) -> None:
        self.total += size
        limits, name = self.limits, self.name
        if self.total > limits.max_unpacked_file_bytes:
            raise DecompressionBomb(
                f"attachment {name!r}: zip entry unpacks to more than {limits.max_unpacked_file_bytes:,} bytes",
                attachment_name=name,
            )
        if self.total > self.budget.remaining:
            raise DecompressionBomb(
                f"attachment {name!r}: the package's zipped attachments unpack to more than "
                f"{limits.max_unpacked_total_bytes:,} bytes in total",
                attachment_name=name,
            )
        ratio = limits.max_compression_ratio
        if (
            ratio is not None
            and self.total > limits.ratio_check_after_bytes
            and self.total > ratio * max(consumed, 1)
        ):
            raise DecompressionBomb(
                f"attachment {name!r}: zip entry expands more than {ratio:g} times "
                f"({consumed:,} bytes gave {self.total:,})",
                attachment_name=name,
            )


def count_entries(archive: bytes, *, stop_after: int, name: str) -> int:
    """Entries in the central directory, counting at most ``stop_after + 1``."""
    eocd = archive.rfind(_EOCD, max(0, len(archive) - 22 - 0xFFFF))
    if eocd < 0 or eocd + 22 > len(archive):
        raise BadArchive(f"attachment {name!r}: not a zip archive (no end record)", attachment_name=name)
    directory_size = struct.unpack_from("<I", archive, eocd + 12)[0]
    end = eocd
    if directory_size == 0xFFFFFFFF:  # zip64: the real size is in the zip64 end record
        end = eocd - 20 - 56
        if end < 0 or archive[end : end + 4] != _EOCD64:
            raise BadArchive(f"attachment {name!r}: damaged zip64 end record", attachment_name=name)
        directory_size = struct.unpack_from("<Q", archive, end + 40)[0]
    start = end - directory_size
    if start < 0:
        raise BadArchive(f"attachment {name!r}: damaged zip directory", attachment_name=name)
    count = 0
    pos = start
    while pos < end:
        if archive[pos : pos + 4] != _CENTRAL_ENTRY or pos + 46 > end:
            raise BadArchive(f"attachment {name!r}: damaged zip directory", attachment_name=name)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", archive, pos + 28)
        pos += 46 + name_len + extra_len + comment_len
        count += 1
        if count > stop_after:
            break
    return count
