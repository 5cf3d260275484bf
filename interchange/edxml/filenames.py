"""File names from the outside world, made safe to use as plain names."""

from __future__ import annotations

import re

_DIRECTORY_PARTS = re.compile(r"^.*[\\/]")
_DRIVE = re.compile(r"^[A-Za-z]:")
FALLBACK_NAME = "attachment"


def safe_file_name(name: str | None) -> str:
    """The last path component, without drive letter or control characters.

    ``../../etc/passwd`` → ``passwd``; ``C:\\tmp\\a.pdf`` → ``a.pdf``; ``..`` → ``attachment``.
    """
    base = _DIRECTORY_PARTS.sub("", name or "")
    base = _DRIVE.sub("", base)
    base = "".join(char for char in base if char.isprintable()).strip()
    if base in ("", ".", ".."):
        return FALLBACK_NAME
    return base
