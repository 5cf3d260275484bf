"""Immutable package bytes, stored as files named by their sha256 under ``<data>/packages/``.

An upload is streamed to a temporary file under ``<data>/tmp/`` while it is hashed, then moved
into place once accepted. A file that already exists is never rewritten, and stored files are
read-only, so the bytes handed to a recipient are exactly the bytes that were accepted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from interchange.axis import wire

CHUNK_SIZE = 1024 * 1024


class Upload:
    """A request body being received into a temporary file.

    Keeps two digests: of the whole body, and of the body without its last two bytes (the SDK
    appends CRLF to the file it sends and signs the file without it).
    """

    def __init__(self, tmp_dir: Path) -> None:
        fd, name = tempfile.mkstemp(prefix="upload-", dir=tmp_dir)
        self.path = Path(name)
        self._file = os.fdopen(fd, "wb")
        self._trimmed = hashlib.sha256()
        self._tail = b""
        self.size = 0

    def write(self, chunk: bytes) -> None:
        """Append ``chunk`` to the body."""
        self._file.write(chunk)
        self.size += len(chunk)
        data = self._tail + chunk
        self._trimmed.update(data[:-2])
        self._tail = data[-2:]

    def finish(self, hash_file: str) -> str:
        """Close the body and keep the part ``hash_file`` (SDK hex of its sha256) describes.

        Returns the sha256 (plain hex) of the kept bytes. Raises ValueError if neither the
        body without its final CRLF nor the whole body matches ``hash_file``.
        """
        self._file.close()
        whole = self._trimmed.copy()
        whole.update(self._tail)
        wanted = hash_file.strip().lower()
        if self._tail == b"\r\n" and wire.sdk_hex(self._trimmed.digest()) == wanted:
            os.truncate(self.path, self.size - 2)
            self.size -= 2
            return self._trimmed.hexdigest()
        if wire.sdk_hex(whole.digest()) == wanted:
            return whole.hexdigest()
        raise ValueError("XroadVnpt-hash-file does not match the SHA-256 of the body")

    def discard(self) -> None:
        """Remove the temporary file."""
        if not self._file.closed:
            self._file.close()
        self.path.unlink(missing_ok=True)


class BlobStore:
    """Content-addressed, write-once storage of package bytes."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "packages"
        self.tmp_dir = Path(data_dir) / "tmp"
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)

    def path_of(self, sha256: str) -> Path:
        """Where the bytes with this sha256 live."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def start_upload(self) -> Upload:
        """Begin receiving a body into a temporary file."""
        return Upload(self.tmp_dir)

    def keep(self, upload: Upload, sha256: str) -> Path:
        """Move an accepted upload into place (or drop it if the same bytes are already stored)."""
        target = self.path_of(sha256)
        if target.exists():
            upload.discard()
            return target
        target.parent.mkdir(exist_ok=True)
        os.chmod(upload.path, 0o444)
        os.replace(upload.path, target)
        return target

    def open(self, sha256: str) -> BinaryIO:
        """Open stored bytes for reading."""
        return open(self.path_of(sha256), "rb")

    def read(self, sha256: str) -> bytes:
        """Return stored bytes."""
        with self.open(sha256) as stream:
            return stream.read()
